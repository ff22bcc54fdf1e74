"""OmissionDetector and AdditionDetector: a dropped or added clause is flagged
with its span on the side that has it; paraphrases, spelled-out acronyms,
spelling variants and reordering are not.  Tables of known cases, the shared
word helpers, then real FLORES lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.detectors import detector_class
from workbench.detectors.base import SegmentPair
from workbench.detectors.coverage import (
    AdditionDetector,
    OmissionDetector,
    clean_tokens,
    content_units,
    keys_match,
    lemma,
    unmatched_stretches,
)
from workbench.results import Flag, Severity

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"


def omissions(source: str, target: str) -> list[Flag]:
    return OmissionDetector().detect([SegmentPair(0, source, target)])


def additions(source: str, target: str) -> list[Flag]:
    return AdditionDetector().detect([SegmentPair(0, source, target)])


# (source, back-translation, the missing stretch, severity)
DROPPED = [
    ("Haftar met Prigozhin in Benghazi, where the Wagner Group had set up a large "
     "logistics base near the airport.",
     "Haftar met Prigozhin in Benghazi.",
     "where the Wagner Group had set up a large logistics base near the airport",
     Severity.ERROR),
    ("The mercenary-led force withdrew from Tripoli after months of fighting, leaving "
     "mines in residential neighbourhoods.",
     "The mercenary-led force withdrew from Tripoli after months of fighting.",
     "leaving mines in residential neighbourhoods", Severity.WARNING),
    ("Even the hottest deserts become cold at night. Hypothermia is a real risk "
     "without warm clothing.",
     "Even the hottest deserts become cold at night.",
     "Hypothermia is a real risk without warm clothing", Severity.WARNING),
    ("British newspaper The Guardian suggested Deutsche Bank controlled a third of the "
     "1200 shell companies.",
     "Deutsche Bank controls a third of the 1200 shell companies.",
     "British newspaper The Guardian suggested", Severity.WARNING),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "missing", "severity"), DROPPED)
def test_dropped_clause_is_an_omission_with_its_source_span(
    source: str, target: str, missing: str, severity: Severity
) -> None:
    flags = omissions(source, target)
    assert len(flags) == 1
    flag = flags[0]
    assert flag.kind == "omission" and flag.target is None and flag.source is not None
    assert flag.source.text == missing == source[flag.source.start : flag.source.end]
    assert flag.severity is severity
    assert dict(flag.extra)["counterpart_ratio"] == "0.00"
    # The same pair read the other way round is an addition, with a target span.
    added = additions(target, source)
    assert len(added) == 1 and added[0].source is None and added[0].target is not None
    assert added[0].target.text == missing


# Same content, other words: neither an omission nor an addition.
COVERED = [
    ("Following seabed mapping the wreck was found using an ROV.",
     "According to bathymetry, the ruins were found by a remote-controlled vehicle."),
    ("The vote must still be ratified by the full IOC at its October meeting.",
     "The vote must still be fully ratified by the International Olympic Committee at "
     "its meeting in October."),
    ("The Australian Communications and Media Authority found that the video was streamed.",
     "The ACMA found that the video was streamed."),
    ("Nigeria planned to join the AfCFTA in the week before the summit.",
     "Nigeria planned to join the African Continental Free Trade Area a week before the summit."),
    ("The colour of the organisation's logo was changed in the centre in 2019.",
     "The color of the organization's logo was changed in the center in 2019."),
    ("In 2009 she was named National Superintendent of the Year by the board.",
     "She was named National Superintendent of the Year by the board in 2009."),
    ("It covers 23,764 square kilometres (9,174 sq mi) in Europe.",
     "It covers 23764 square kilometers (9174 square miles) in Europe."),
    ("After the match, King of Clay said, \"I am excited to be back in the final rounds.\"",
     "After the match, the &#39;King of Clay&#39; said: &quot;I&#39;m excited to be back "
     "in the final rounds.&quot;"),
    ("The pilot was identified as Squadron Leader Dilokrit Pattavee.",
     "The pilot was identified as DeLockerit Batavi, the commander of the aircraft squadron."),
    ("Lead researchers say this may bring early detection of cancer to patients.",
     "Key researchers say that this can lead to early detection of cancer in patients."),
    ("Tenants realised that the landlord had stolen their deposits and skipped town.",
     "The tenants realized that the landlord had stolen their security deposits and fled."),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target"), COVERED)
def test_paraphrase_is_neither_omission_nor_addition(source: str, target: str) -> None:
    assert omissions(source, target) == []
    assert additions(source, target) == []


def test_three_word_paraphrase_stretch_is_not_flagged_by_default() -> None:
    source = "San Francisco has top-notch convention facilities and many hotels."
    target = "San Francisco has first-class conference facilities and many hotels."
    assert omissions(source, target) == []


def test_thresholds_are_constructor_options() -> None:
    source = "The army withdrew, leaving heavy mines behind."
    target = "The army withdrew."
    assert omissions(source, target) == []  # three content words: below the default
    flags = OmissionDetector(min_run=3).detect([SegmentPair(0, source, target)])
    assert [f.source.text for f in flags if f.source] == ["leaving heavy mines"]


def test_empty_or_missing_back_translation_is_skipped() -> None:
    pairs = [SegmentPair(0, "Haftar met Prigozhin in Benghazi on Monday.", None),
             SegmentPair(1, "Haftar met Prigozhin in Benghazi on Monday.", " ")]  # fmt: skip
    assert OmissionDetector().detect(pairs) == [] and AdditionDetector().detect(pairs) == []


def test_registered_under_their_kinds() -> None:
    assert detector_class("omission") is OmissionDetector
    assert detector_class("addition") is AdditionDetector


# --- the shared word helpers ---------------------------------------------------

KEYS = [
    ("colour", "color", True),
    ("organise", "organize", True),
    ("destroy", "destruction", True),
    ("sq", "square", True),
    ("km", "kilometre", True),
    ("legal", "illegal", False),
    ("likely", "unlikely", False),
    ("month", "mine", False),
    ("27", "270", False),
    ("wreck", "ruin", False),
]


@pytest.mark.parametrize(("a", "b", "same"), KEYS)
def test_keys_match(a: str, b: str, same: bool) -> None:
    assert keys_match(a, b) is same
    assert keys_match(b, a) is same


@pytest.mark.parametrize(
    ("word", "expected"),
    [("printers", "printer"), ("attacked", "attack"), ("Hifter's", "hifter"), ("studies", "study")],
)
def test_lemma(word: str, expected: str) -> None:
    assert lemma(word) == expected


def test_content_units_keep_offsets_and_skip_function_words_and_entities() -> None:
    text = "It&#39;s the Il-76s that 9,174 mines hit, didn't they?"
    units = content_units(text)
    assert [u.text for u in units] == ["Il", "76", "9,174", "mines", "hit"]
    assert all(text[u.start : u.end] == u.text for u in units)
    assert [u.key for u in units if u.text == "9,174"] == ["9174"]


def test_clean_tokens_read_through_entities() -> None:
    text = "He won&#39;t go &quot;now&quot;"
    tokens = clean_tokens(text)
    assert [t.text for t in tokens] == ["He", "won't", "go", "now"]
    assert text[tokens[1].start : tokens[1].end] == "won&#39;t"
    assert text[tokens[3].start : tokens[3].end] == "now"


def test_unmatched_stretches_measure_the_counterpart() -> None:
    (gap,) = [g for g in unmatched_stretches(DROPPED[0][0], DROPPED[0][1]) if g.size > 1]
    assert gap.size == 8 and gap.counterpart_chars == 0 and gap.counterpart_words == 0
    (para,) = unmatched_stretches(COVERED[0][0], COVERED[0][1])[:1]
    assert para.counterpart_ratio > 0.34  # "bathymetry" stands where "seabed mapping" was


# --- real back-translations (FLORES-200 dev, ar-en) ------------------------------


def flores(system: str) -> list[SegmentPair]:
    folder = CORPORA / "flores-dev" / "ar-en"
    if not folder.is_dir():
        pytest.skip(f"shared corpora not found at {folder}")
    src = (folder / "flores-dev.en").read_text(encoding="utf-8").splitlines()
    tgt = (folder / f"flores-dev.{system}.en").read_text(encoding="utf-8").splitlines()
    return [SegmentPair(i, s, t) for i, (s, t) in enumerate(zip(src, tgt, strict=True))]


@pytest.mark.corpora
@pytest.mark.parametrize(
    ("system", "line", "missing"),
    [
        ("nllb", 399,
         "Besides those actions, Italy's battleships were not supposed to do anything else"),
        ("nllb", 980, "Hypothermia is a real risk without warm clothing"),
        ("argos", 702, "round/onward trip ticket is needed to prove the length of your stay"),
        ("opusmt", 390, "compilation of Upanishads, Sanskrit just faded due to hierarchy"),
    ],
)  # fmt: skip
def test_flores_dropped_sentences_are_found(system: str, line: int, missing: str) -> None:
    flags = OmissionDetector().detect([flores(system)[line]])
    assert [f.source.text for f in flags if f.source] == [missing]


@pytest.mark.corpora
def test_flores_google_is_nearly_silent() -> None:
    # Google's back-translations (BLEU 46) paraphrase heavily but drop little:
    # only the two misaligned lines (125, 165) lose whole stretches.
    pairs = flores("google")
    assert {f.segment for f in OmissionDetector().detect(pairs)} == {125, 165}
    assert {f.segment for f in AdditionDetector().detect(pairs)} <= {646}
