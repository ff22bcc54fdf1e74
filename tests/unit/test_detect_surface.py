"""Surface detectors: repetition loops, untranslated text, encoding damage.

Each has a table of cases it must flag and a table it must leave alone, then
runs on real FLORES / IWSLT outputs where the corpora are present.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.detectors import detector_class
from workbench.detectors.base import SegmentPair
from workbench.detectors.encoding import EncodingDetector, find_damage
from workbench.detectors.repetition import RepetitionDetector
from workbench.detectors.untranslated import UntranslatedDetector
from workbench.results import Severity

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"


def _lines(relative: str) -> list[str]:
    path = CORPORA / relative
    if not path.is_file():
        pytest.skip(f"../shared/corpora not found at {CORPORA}: {path} is missing")
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("repetition", RepetitionDetector),
        ("untranslated", UntranslatedDetector),
        ("encoding", EncodingDetector),
    ],
)
def test_registered(kind: str, cls: type) -> None:
    assert detector_class(kind) is cls
    assert cls.kind == kind


# --- repetition --------------------------------------------------------------

REPEATED = [
    # (source, back-translation, flagged span, severity)
    ("The army advanced.", "The the the army advanced.", "The the the", Severity.WARNING),
    (
        "The commander of the army spoke.",
        "The commander of the army of the army of the army spoke.",
        "of the army of the army of the army",
        Severity.WARNING,
    ),
    (
        "They rarely give gibberish.",
        "They rarely give blah, blah, blah, blah, blah, blah, blah.",
        "blah, blah, blah, blah, blah, blah, blah",
        Severity.ERROR,
    ),
    (
        "Imagine a Mancunian and a Bostonian.",
        "Imagine a man, a man, a man, a postonion.",
        "a man, a man, a man",
        Severity.WARNING,
    ),
    (
        "The pilot was identified as Squadron Leader Dilokrit Pattavee.",
        "The pilot was identified as the pilot, the pilot, Delocret Patavi, the pilot.",
        "The pilot was identified as the pilot, the pilot, Delocret Patavi, the pilot",
        Severity.WARNING,
    ),
]


@pytest.mark.parametrize(("source", "target", "span", "severity"), REPEATED)
def test_repetition_flagged(source: str, target: str, span: str, severity: Severity) -> None:
    [flag] = RepetitionDetector().detect([SegmentPair(3, source, target)])
    assert flag.target is not None
    assert flag.target.text == span
    assert target[flag.target.start : flag.target.end] == span
    assert (flag.severity, flag.target_side, flag.segment) == (severity, "back", 3)
    assert flag.source is None


NOT_REPEATED = [
    ("It was very very cold.", "It was very very very cold."),  # the source repeats it too
    ("Ha ha ha, he said.", "Ha ha ha, he said."),
    ("Learn it step by step.", "Learn it step by step."),
    ("He tried again and again.", "He tried again and again."),
    ("Bye bye!", "Bye bye!"),
    ("It got worse.", "It got more and more and more serious."),  # no 3 in a row
    ("No, no, no, I refuse.", "No, no, no, I refuse."),
    ("Prices rose by 5 per cent.", "Prices rose by 5 per cent."),
    (
        "She gave him this plant, food for it, and its size.",
        "this plant, food for this plant, the size of this plant",
    ),
]


@pytest.mark.parametrize(("source", "target"), NOT_REPEATED)
def test_repetition_not_flagged(source: str, target: str) -> None:
    assert RepetitionDetector().detect([SegmentPair(0, source, target)]) == []


def test_pivot_loop_flagged_unless_the_source_repeats() -> None:
    detector = RepetitionDetector()
    [flag] = detector.detect([SegmentPair(0, "Wrong.", None, "خطأ خطأ خطأ")])
    assert flag.target_side == "pivot"
    assert detector.detect([SegmentPair(0, "No, no, no -- it's mine.", None, "لا، لا، لا")]) == []
    assert (
        detector.detect([SegmentPair(0, "It was very, very bad.", None, "كان سيئا جدا جدا جدا")])
        == []
    )


@pytest.mark.corpora
def test_repetition_on_flores_outputs() -> None:
    source = _lines("flores-dev/ar-en/flores-dev.en")
    opusmt = _lines("flores-dev/ar-en/flores-dev.opusmt.en")
    flags = RepetitionDetector().detect(
        [SegmentPair(i, s, b) for i, (s, b) in enumerate(zip(source, opusmt, strict=True))]
    )
    # opus-mt's one hallucination on flores-dev: "blah, blah, ..." for "gibberish"
    assert [f.segment for f in flags] == [916]
    assert flags[0].severity is Severity.ERROR
    human = RepetitionDetector().detect([SegmentPair(i, s, s) for i, s in enumerate(source)])
    assert human == []


# --- untranslated ------------------------------------------------------------


def test_arabic_left_in_back_translation() -> None:
    pair = SegmentPair(
        0, "He said hello to them.", "He said مرحبا بكم to them.", "قال مرحبا بكم لهم"
    )
    [flag] = UntranslatedDetector().detect([pair])
    assert flag.target is not None
    assert flag.target.text == "مرحبا بكم"
    assert (flag.target_side, flag.severity) == ("back", Severity.ERROR)
    assert "Arabic" in flag.detail


def test_english_clause_copied_into_pivot() -> None:
    source = "Hsieh also argued that the photogenic Ma was more fashion than substance."
    pair = SegmentPair(0, source, None, source)
    [flag] = UntranslatedDetector().detect([pair])
    assert flag.target_side == "pivot"
    assert flag.target is not None and flag.source is not None
    assert flag.source.text == flag.target.text


def test_reverse_direction_latin_pivot() -> None:
    # Arabic source, English pivot: brands in Latin script are fine, a clause is not.
    detector = UntranslatedDetector()
    brands = SegmentPair(
        0,
        "اشترى هاتف آيفون",
        "اشترى هاتف iPhone من eBay",
        "He bought an iPhone from eBay",
        source_lang="ar",
        pivot_lang="en",
    )
    assert detector.detect([brands]) == []
    clause = SegmentPair(
        0,
        "قال إن الطيار كان هنا",
        "قال the pilot was here اليوم",
        "He said the pilot was here",
        source_lang="ar",
        pivot_lang="en",
    )
    [flag] = detector.detect([clause])
    assert flag.target is not None and flag.target.text == "the pilot was here"
    assert "English" in flag.detail


NOT_UNTRANSLATED = [
    # names, acronyms, URLs, taxa, technical terms kept in Latin script are legitimate
    SegmentPair(0, "He bought an iPhone on eBay.", None, "اشترى هاتف iPhone من موقع eBay."),
    SegmentPair(
        0, "Hesperonychus elizabethae is a species.", None, "Hesperonychus elizabethae هو نوع."
    ),
    SegmentPair(0, "The Cirque du Soleil came.", None, "جاء Cirque du Soleil."),
    SegmentPair(0, "Read the Tratado de las Indias.", None, "اقرأ Tratado de las Indias."),
    SegmentPair(
        0, "Visit https://example.com/the/page now.", None, "زر https://example.com/the/page الآن."
    ),
    SegmentPair(0, "The Sea to Sky highway.", None, "طريق Sea to Sky السريع."),
    # Arabic quoted in the source may stay Arabic
    SegmentPair(0, "The word قمر means moon.", "The word قمر means moon.", "كلمة قمر تعني القمر."),
    # an identical back-translation is the ideal
    SegmentPair(
        0, "The pilot was identified.", "The pilot was identified.", "تم التعرف على الطيار."
    ),
]


@pytest.mark.parametrize("pair", NOT_UNTRANSLATED)
def test_not_untranslated(pair: SegmentPair) -> None:
    assert UntranslatedDetector().detect([pair]) == []


@pytest.mark.corpora
def test_untranslated_on_flores_pivots() -> None:
    source = _lines("flores-dev/en-ar/flores-dev.en")
    argos = _lines("flores-dev/en-ar/flores-dev.argos.ar")
    google = _lines("flores-dev/en-ar/flores-dev.google.ar")
    human = _lines("flores-dev/en-ar/flores-dev.ar")
    detector = UntranslatedDetector()

    def flagged(pivots: list[str]) -> set[int]:
        pairs = [
            SegmentPair(i, s, None, p) for i, (s, p) in enumerate(zip(source, pivots, strict=True))
        ]
        return {f.segment for f in detector.detect(pairs)}

    # argos copies whole English sentences into its Arabic
    assert 3 in flagged(argos) and 21 in flagged(argos)
    assert len(flagged(argos)) > 80
    assert flagged(google) == set()
    assert flagged(human) == set()


# --- encoding ----------------------------------------------------------------

DAMAGE = [
    ("it&#39;s", "entity", "'"),
    ("&quot;quoted&quot;", "entity", '"'),
    ("A &amp; B", "entity", "&"),
    ("it&#x27;s", "entity", "'"),
    ("&amp;quot;twice&amp;quot;", "entity", '"'),
    ("the suspect &apos; s right", "entity", "'"),  # Moses-escaped, with its spaces
    ("cafÃ© society", "mojibake", "café"),
    ("itâ€™s late", "mojibake", "it’s"),
    ("Ø§Ù„Ø¹Ø±Ø¨ÙŠØ© text", "mojibake", "العربية"),
    ("a\x00b", "control", ""),
    ("a\x1b[0mb", "control", ""),
    # C1 "controls" that are Windows-1252 quotes read as Latin-1: mojibake, repaired
    ("a\x93quoted\x94", "mojibake", "a“quoted”"),
    ("lost \ufffd char", "replacement", None),
]


@pytest.mark.parametrize(("text", "what", "suggestion"), DAMAGE)
def test_damage_found(text: str, what: str, suggestion: str | None) -> None:
    found = find_damage(text)
    assert found, text
    start, end, got_what, got_suggestion = found[0]
    assert (got_what, got_suggestion) == (what, suggestion)
    assert 0 <= start < end <= len(text)


CLEAN = [
    "R&D spending and AT&T shares",
    "Tom & Jerry; salt &c.",
    "naïve résumé in Ångström café",
    "“Curly quotes” – en dash — em dash … ellipsis",
    "مرحبا بالعالم",
    "tab\there and\nnewline",
    "The price is £5, or ½ off",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text(text: str) -> None:
    assert find_damage(text) == []


def test_each_side_has_its_own_flag() -> None:
    pair = SegmentPair(7, "it&#39;s", "cafÃ©", "\ufffd")
    flags = EncodingDetector().detect([pair])
    by_side = {f.target_side: f for f in flags}
    assert set(by_side) == {"source", "back", "pivot"}
    assert by_side["source"].source is not None and by_side["source"].target is None
    assert by_side["back"].target is not None and by_side["back"].source is None
    assert by_side["pivot"].severity is Severity.ERROR
    assert all(f.segment == 7 and f.detector == "EncodingDetector" for f in flags)


@pytest.mark.corpora
def test_flores_html_entities() -> None:
    google = _lines("flores-dev/ar-en/flores-dev.google.en")
    argos = _lines("flores-dev/ar-en/flores-dev.argos.en")
    human = _lines("flores-dev/ar-en/flores-dev.en")
    detector = EncodingDetector()
    google_flags = detector.detect([SegmentPair(i, "x", b) for i, b in enumerate(google)])
    # every &#39; and &quot; in Google's output, and nothing else
    assert len(google_flags) == sum(b.count("&#39;") + b.count("&quot;") for b in google)
    assert {f.suggestion for f in google_flags} == {"'", '"'}
    argos_flags = detector.detect([SegmentPair(i, "x", b) for i, b in enumerate(argos)])
    assert len(argos_flags) == sum(b.count("&apos;") + b.count("&quot;") for b in argos)
    assert detector.detect([SegmentPair(i, s) for i, s in enumerate(human)]) == []
