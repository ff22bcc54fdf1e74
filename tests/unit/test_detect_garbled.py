"""GarbledTermDetector: non-words and corrupted compounds, judged with wordfreq.

Positive and negative tables (British and American spelling, rare but real
words, names, numbers and URLs must pass), the article's headline, and the
FLORES files: the human English must be (nearly) clean, the system outputs
carry real garbles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.detectors import detector_class
from workbench.detectors.base import SegmentPair
from workbench.detectors.garbled import GarbledTermDetector
from workbench.results import Flag, Severity

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"
ARTICLE = REPO / "texts" / "haftar-russia.en.txt"


def source_flags(text: str) -> list[Flag]:
    return GarbledTermDetector().detect([SegmentPair(0, text)])


def test_registered() -> None:
    assert detector_class("garbled-term") is GarbledTermDetector


def test_headline_flagged_on_the_source_alone() -> None:
    headline = "Haftar and Russia – a mercenary-med relationship"
    [flag] = source_flags(headline)
    assert flag.source is not None
    assert flag.source.text == "mercenary-med"
    assert headline[flag.source.start : flag.source.end] == "mercenary-med"
    assert flag.target is None
    assert flag.target_side == "source"
    assert flag.suggestion == "mercenary-led"
    assert flag.kind == "garbled-term"
    assert flag.detector == "GarbledTermDetector"
    assert flag.severity is Severity.WARNING
    assert "mercenary-led" in flag.detail


# (text, garbled token, suggestion)
GARBLED = [
    ("a mercenary-med relationship", "mercenary-med", "mercenary-led"),
    ("a Kremlin-bakced group", "Kremlin-bakced", "Kremlin-backed"),
    ("a mercenery-led group", "mercenery-led", "mercenary-led"),
    ("the state-rum media", "state-rum", "state-run"),
    ("using pilgrimical jet printers", "pilgrimical", None),
    ("the villagers disapeared overnight", "disapeared", "disappeared"),
    ("the caves are inaccessable", "inaccessable", "inaccessible"),
    ("it satisfys nobody", "satisfys", "satisfy"),
    ("an agent who often bookes flights", "bookes", "books"),
    ("the pilgrimical's printers", "pilgrimical's", None),
]


@pytest.mark.parametrize(("text", "token", "suggestion"), GARBLED)
def test_garbled(text: str, token: str, suggestion: str | None) -> None:
    [flag] = source_flags(text)
    assert flag.source is not None
    assert flag.source.text == token
    assert flag.suggestion == suggestion


CLEAN = [
    # British and American spelling
    "The organisation's colour programme travelled to the centre.",
    "The organization's color program traveled to the center.",
    "They realise that catastrophising harms behaviour and the paediatric defence licence.",
    # compounds of every common shape
    "The Saudi-led, state-run, government-backed, war-torn, so-called long-term follow-up.",
    "A four-fold rise, thirty-odd pre-med students, a well-bred, soccer-mad mother-in-law.",
    "An up-to-date, day-to-day, tongue-in-cheek, cross-border cease-fire by self-made men.",
    "The e-mail and x-ray of the co-founder were re-elected mid-air.",
    # inflections and derivations of real words
    "He was accustoming himself to agedness, distractibility and canyoneering.",
    "The microscopist reorients the overscan of sightrunning wallcharts.",
    "Its costliness and the sleepiness it caused were noted.",  # -iness of a word in -y
    # names, acronyms, numbers, URLs, e-mails, foreign terms in quotes, taxa
    "Prezhugin met Hifter and al-Sarraj at UNSMIL in 2019.",
    "See https://example.org/mercenarymed or write to mercenarymed@example.org.",
    'These plateaus are called "vidde" by Norwegians.',
    "Hesperonychus elizabethae is a small dinosaur.",
    "It cost 5kg, 20mph and 3x4 in the H5N1 era.",
    "Don't, won't, y'all and o'clock are contractions.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean(text: str) -> None:
    assert source_flags(text) == []


def test_back_translation_side() -> None:
    pair = SegmentPair(5, "using standard inkjet printers", "using pilgrimical jet printers")
    [flag] = GarbledTermDetector().detect([pair])
    assert flag.target_side == "back"
    assert flag.source is None
    assert flag.target is not None and flag.target.text == "pilgrimical"


def test_back_translation_repeating_the_source_is_not_blamed() -> None:
    pair = SegmentPair(0, "a mercenary-med relationship", "a mercenary-med relationship")
    flags = GarbledTermDetector().detect([pair])
    assert [f.target_side for f in flags] == ["source"]


def test_only_english_is_checked() -> None:
    pair = SegmentPair(0, "une relation mercenaire-méd", "une relation xqzwv", source_lang="fr")
    assert GarbledTermDetector().detect([pair]) == []


def test_a_non_word_the_document_keeps_using_is_its_own_vocabulary() -> None:
    pairs = [
        SegmentPair(0, "Cook it in a hangi."),
        SegmentPair(1, "A hangi takes hours; the hangi is covered with earth."),
    ]
    assert GarbledTermDetector().detect(pairs) == []


@pytest.mark.corpora
def test_article_flags_only_the_headline() -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"{ARTICLE} is missing")
    lines = [line for line in ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    flags = GarbledTermDetector().detect([SegmentPair(i, line) for i, line in enumerate(lines)])
    assert [(f.source.text if f.source else None, f.suggestion) for f in flags] == [
        ("mercenary-med", "mercenary-led")
    ]


def _flores(name: str) -> list[str]:
    path = CORPORA / "flores-dev" / "ar-en" / name
    if not path.is_file():
        pytest.skip(f"../shared/corpora not found at {CORPORA}: {path} is missing")
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.corpora
def test_flores_human_english_is_nearly_clean() -> None:
    source = _flores("flores-dev.en")
    flags = GarbledTermDetector().detect([SegmentPair(i, s) for i, s in enumerate(source)])
    # What is left are real typos in the human text ("herbane" for "henbane"),
    # not rare words.
    assert {f.source.text for f in flags if f.source} <= {
        "disapeared",
        "inaccessable",
        "agregators",
        "herbane",
    }


@pytest.mark.corpora
def test_flores_argos_garbles_are_found() -> None:
    source = _flores("flores-dev.en")
    argos = _flores("flores-dev.argos.en")
    pairs = [SegmentPair(i, s, b) for i, (s, b) in enumerate(zip(source, argos, strict=True))]
    back = {f.target.text for f in GarbledTermDetector().detect(pairs) if f.target}
    assert {"pilgrimical", "juvies", "kaiks", "papong", "scoopolamine", "satisfys"} <= back
    # "Goro" (gurus): a made-up capitalised word standing for common words.
    assert "Goro" in back
    assert len(back) <= 14
