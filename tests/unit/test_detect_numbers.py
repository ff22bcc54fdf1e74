"""NumberMismatchDetector: every way of writing a number matches every other;
changed numbers are errors, dropped or added ones warnings; the Arabic pivot's
digits are read.  Positive and negative tables, then real FLORES lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.detectors import detector_class
from workbench.detectors.base import SegmentPair
from workbench.detectors.numbers import NumberMismatchDetector, mentions
from workbench.results import Flag, Severity

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"


def back(source: str, target: str) -> list[Flag]:
    return NumberMismatchDetector().detect([SegmentPair(0, source, target)])


def pivot(source: str, arabic: str) -> list[Flag]:
    return NumberMismatchDetector().detect([SegmentPair(0, source, None, arabic)])


# Same numbers written differently: never flagged.
EQUAL = [
    ("estimated at about two thousand", "estimated at about 2,000"),
    ("2,000 people", "2000 people"),
    ("2,000 people", "2 000 people"),
    ("2 000 people", "two thousand people"),
    ("one of them left", "one of the men left"),
    ("one of them left", "a man among them left"),  # "one" as a pronoun
    ("the first time", "the initial time"),
    ("it rose 5 percent", "it rose 5%"),
    ("it rose 5 per cent", "it rose five percent"),
    ("from 1977-1978", "from 1977 to 1978"),
    ("from 1977–1978", "from 1977-78"),
    ("at 9:30", "at 0930 hours"),
    ("at 9:30 am", "at 9.30 a.m."),
    ("at 9:30 pm", "at 21:30"),
    ("at 11:00 local time", "at 11 a.m. local time"),
    ("1.5 million people", "1,500,000 people"),
    ("two million to three million years", "two to three million years"),
    ("the 4th round", "the fourth round"),
    ("in the 1970s", "in the seventies"),
    ("in the 1970s", "in the '70s"),
    ("twenty-five soldiers", "25 soldiers"),
    ("two hundred and fifty", "250"),
    ("a dozen eggs", "12 eggs"),
    ("a 1.5 hour drive", "an hour and a half drive"),
    ("a Category 4 storm", "a category IV storm"),
    ("He had 2 goals and 2 assists", "He scored two goals and two assists"),
    ("Tomb (KV62). KV62 may be the most famous", "KV62 may be the most famous"),
    ("2.2 million km2 of ocean", "2.2 million square kilometres of ocean"),
    ("the suspect's right", "the suspect&#39;s right"),  # the 39 of an entity is no number
    ("with 2,220 points", "with 2.220 points"),
    ("No numbers here at all.", "None here either."),
]


@pytest.mark.parametrize(("source", "target"), EQUAL)
def test_equal_numbers_are_not_flagged(source: str, target: str) -> None:
    assert back(source, target) == []


# (source, back-translation, expected (source span, target span, severity) per flag)
DIFFERENT: list[tuple[str, str, list[tuple[str | None, str | None, Severity]]]] = [
    (
        "at around 9:30 am local time (0230 UTC)",
        "at around 9.30 a.m. local time (2030 UTC)",
        [("0230 UTC", "2030 UTC", Severity.ERROR)],
    ),
    ("The JAS 39C Gripen crashed", "A Jas-93 aircraft crashed", [("39", "93", Severity.ERROR)]),
    ("He visited Moscow in 2016.", "He visited Moscow.", [("2016", None, Severity.WARNING)]),
    ("He won 3 races.", "He won 3 races in 2010.", [(None, "2010", Severity.WARNING)]),
    ("He scored two goals.", "He scored three goals.", [("two", "three", Severity.ERROR)]),
    ("reaching 6.34 inches", "reaching 634 inches", [("6.34", "634", Severity.ERROR)]),
    (
        "the total to 1,300 carriages",
        "the total to 300 carriages",
        [("1,300", "300", Severity.ERROR)],
    ),
    ("in the 1480s", "in the 1980s", [("1480s", "1980s", Severity.ERROR)]),
]


@pytest.mark.parametrize(("source", "target", "expected"), DIFFERENT)
def test_changed_dropped_added(
    source: str, target: str, expected: list[tuple[str | None, str | None, Severity]]
) -> None:
    flags = back(source, target)
    got = [
        (f.source.text if f.source else None, f.target.text if f.target else None, f.severity)
        for f in flags
    ]
    assert got == expected
    for flag in flags:
        assert flag.kind == "number-mismatch"
        assert flag.detector == "NumberMismatchDetector"
        assert flag.target_side == "back"
        # spans point at the numbers
        if flag.source:
            assert source[flag.source.start : flag.source.end] == flag.source.text
        if flag.target:
            assert target[flag.target.start : flag.target.end] == flag.target.text


def test_detail_says_what_became_what() -> None:
    [flag] = back("closing at 0230 UTC", "closing at 2030 UTC")
    assert flag.detail == '"0230 UTC" became "2030 UTC"'


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("٩:٣٠", {("t", 570), ("t", 1290)}),
        ("١٬٥٠٠", {("n", 1500.0)}),
        ("٢٫٥", {("n", 2.5)}),
        ("۱۹۷۷", {("n", 1977.0)}),  # Persian digits
        ("2.3 مليار", {("n", 2.3e9)}),
        ("783،562", {("n", 783562.0)}),
    ],
)
def test_arabic_digits_are_read(text: str, values: set[tuple[str, float]]) -> None:
    [mention] = mentions(text)
    assert mention.values == values
    assert mention.text == text  # spans are offsets into the original text


PIVOT_EQUAL = [
    ("at 9:30 am (0230 UTC)", "في حوالي الساعة ٩:٣٠ صباحاً (٠٢٣٠ التوقيت العالمي)"),
    ("a fortune of $2.3 billion", "بثروة تبلغ حوالي 2.3 مليار دولار"),
    ("a tank that can hold 55,000 barrels", "صهريج يمكن أن يحمل 000 55 برميل"),  # RTL groups
    ("It is estimated at two thousand", "تقدر بألفين"),  # Arabic number words not read
    ("from 340 million to 500 million", "بين 340 و 500 مليون"),
]


@pytest.mark.parametrize(("source", "arabic"), PIVOT_EQUAL)
def test_pivot_equal(source: str, arabic: str) -> None:
    assert pivot(source, arabic) == []


def test_pivot_changed_number() -> None:
    [flag] = pivot("in 991 Ethelred faced a fleet", "في عام 999 واجه إثيلريد أسطولاً")
    assert (flag.source and flag.source.text, flag.target and flag.target.text) == ("991", "999")
    assert flag.target_side == "pivot"
    assert flag.severity is Severity.ERROR


def test_both_sides_checked_separately() -> None:
    pair = SegmentPair(0, "in 1991", "in 1999", "في عام 1991")
    flags = NumberMismatchDetector().detect([pair])
    assert [(f.target_side, f.target.text if f.target else None) for f in flags] == [
        ("back", "1999")
    ]


def test_source_only_pairs_have_no_number_flags() -> None:
    assert NumberMismatchDetector().detect([SegmentPair(0, "In 2016 there were 5 of them.")]) == []


def test_registered() -> None:
    assert detector_class("number-mismatch") is NumberMismatchDetector


def _flores(*names: str) -> list[list[str]]:
    folder = CORPORA / "flores-dev" / "ar-en"
    paths = [folder / name for name in names]
    for path in paths:
        if not path.is_file():
            pytest.skip(f"../shared/corpora not found at {CORPORA}: {path} is missing")
    return [p.read_text(encoding="utf-8").splitlines() for p in paths]


@pytest.mark.corpora
def test_flores_gripen_line_in_argos() -> None:
    source, argos = _flores("flores-dev.en", "flores-dev.argos.en")
    flags = NumberMismatchDetector().detect([SegmentPair(2, source[2], argos[2])])
    got = {(f.source.text, f.target.text) for f in flags if f.source and f.target}
    assert got == {("39", "93"), ("0230 UTC", "2030 UTC")}


@pytest.mark.corpora
def test_flores_human_arabic_pivot_is_clean() -> None:
    # The human Arabic reference keeps every number: only the three rows where
    # the reference file holds another sentence may differ.
    source, arabic = _flores("flores-dev.en", "flores-dev.ar")
    pairs = [
        SegmentPair(i, s, None, a) for i, (s, a) in enumerate(zip(source, arabic, strict=True))
    ]
    flagged = {f.segment for f in NumberMismatchDetector().detect(pairs)}
    assert flagged <= {125, 130, 165}


@pytest.mark.corpora
def test_flores_back_translations_few_flags() -> None:
    source, google = _flores("flores-dev.en", "flores-dev.google.en")
    pairs = [SegmentPair(i, s, b) for i, (s, b) in enumerate(zip(source, google, strict=True))]
    flags = NumberMismatchDetector().detect(pairs)
    # Google writes &#39; for apostrophes: those digits must not count.
    assert len(flags) < 15
