"""Bounds on numbers: "up to 30" -> "30", "400" -> "over 400" and "more than
three" -> "up to three" are number mismatches; a bound kept in other words
("more than 30" = "over 30" = "in excess of 30") or an approximation added or
lost ("about 300" -> "300") is not.  Also a number that counts two things
("2 goals and 2 assists") coming back once, and "a couple of thousand".

All sentences are invented for these tests (none is copied from a corpus).
"""

from __future__ import annotations

import pytest

from tests.unit.test_detect_numbers_general import back
from workbench.detectors.base import SegmentPair
from workbench.detectors.numbers import (
    LOWER,
    NEAR,
    UPPER,
    NumberMismatchDetector,
    bound_of,
    mentions,
)
from workbench.results import Severity

BOUND_CHANGED = [
    # dropped
    ("Up to 30 people were hurt in the blast.", "30 people were hurt in the blast.",
     ("Up to 30", "30")),
    ("The lake holds more than 8 times as much water as the pond.",
     "The lake holds eight times as much water as the pond.", ("more than 8", "eight")),
    ("The lake holds more than 8 times as much water as the pond.",
     "The lake holds eight times more water than the pond.", ("more than 8", "eight")),
    ("At least two nurses fell ill.", "Two nurses fell ill.", ("At least two", "Two")),
    ("Groups of 30 or more need a permit.", "Groups of 30 need a permit.", ("30 or more", "30")),
    ("Fewer than 10 seats were left.", "10 seats were left.", ("Fewer than 10", "10")),
    ("Children under 18 need a guardian.", "Children 18 need a guardian.", ("under 18", "18")),
    ("Fines of up to $500 apply.", "Fines of $500 apply.", ("up to $500", "500")),
    ("The kit has 30+ parts.", "The kit has 30 parts.", ("30+", "30")),
    ("Over 2000 people marched.", "2,000 people marched.", ("Over 2000", "2,000")),
    # added
    ("The club listed the 400 wealthiest families.",
     "The club listed over 400 wealthy families.", ("400", "over 400")),
    ("The tower is 30 metres high.", "The tower is over 30 metres high.", ("30", "over 30")),
    # reversed
    ("The storms last more than three hours.", "The storms last up to three hours.",
     ("more than three", "up to three")),
    ("The crowd was nearly 30 strong.", "The crowd was more than 30 strong.",
     ("nearly 30", "more than 30")),
    ("Less than 10 seats were left.", "More than 10 seats were left.",
     ("Less than 10", "More than 10")),
    ("The hall seats no smaller than 50 guests.", "The hall seats under 50 guests.",
     ("no smaller than 50", "under 50")),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "expected"), BOUND_CHANGED)
def test_bound_dropped_added_or_reversed_is_flagged(
    source: str, target: str, expected: tuple[str, str]
) -> None:
    assert back(source, target) == [expected]


def test_bound_flag_is_a_warning_that_names_the_change() -> None:
    pair = SegmentPair(3, "Up to 30 people were hurt.", "30 people were hurt.")
    [flag] = NumberMismatchDetector().detect([pair])
    assert flag.kind == "number-mismatch"
    assert flag.severity is Severity.WARNING
    assert flag.segment == 3
    assert flag.source is not None and (flag.source.start, flag.source.end) == (0, 8)
    assert "bound is dropped" in flag.detail


BOUND_KEPT = [
    # the same bound in other words
    ("More than 30 trucks crossed.", "Over 30 trucks crossed."),
    ("More than 30 trucks crossed.", "In excess of 30 trucks crossed."),
    ("Over 2000 people marched.", "More than 2,000 people marched."),
    ("Up to 30 trucks crossed.", "As many as 30 trucks crossed."),
    ("Up to 30 trucks crossed.", "A maximum of 30 trucks crossed."),
    ("Up to 30 trucks crossed.", "At most 30 trucks crossed."),
    ("Up to 30 trucks crossed.", "No more than 30 trucks crossed."),
    ("Up to 30 trucks crossed.", "30 trucks at most crossed."),
    ("At least 5 boats sank.", "No fewer than 5 boats sank."),
    ("At least 5 boats sank.", "5 boats or more sank."),
    ("At least 5 boats sank.", "A minimum of 5 boats sank."),
    ("The kit has 30-plus parts.", "The kit has over 30 parts."),
    ("Children under 5 ride free.", "Children younger than 5 ride free."),
    ("The bill did not exceed 30 dollars.", "The bill was at most 30 dollars."),
    ("The bill was up to 30 dollars.", "The maximum bill was 30 dollars."),
    ("Another 40 families or more may leave.", "40 or more families may leave."),
    ("Temperatures reach 40 degrees.", "Temperatures reach up to 40 degrees."),
    ("He played until he was 12 years old.", "He played up to 12 years old."),
    # approximations are no bounds: a hedge added or lost
    ("Some four dozen huts stood there.", "About 48 huts stood there."),
    ("The fair drew about 300 visitors.", "The fair drew 300 visitors."),
    ("The fair drew 300 visitors.", "The fair drew around 300 visitors."),
    ("The fair drew nearly 300 visitors.", "The fair drew 300 visitors."),
    ("The tower is just over 30 metres high.", "The tower is about 30 metres high."),
    # "over", "under" and "up to" that are no bounds
    ("The fair ran over 3 days.", "The fair ran during 3 days."),
    ("The fair ran in 3 days.", "The fair ran over 3 days."),
    ("The guards handed over 30 rifles.", "The guards delivered 30 rifles."),
    ("Her plan was chosen over five other plans.",
     "Her plan was chosen instead of five other plans."),
    ("The deal was signed under two conditions.", "The deal was signed with two conditions."),
    ("The case falls under 3 headings.", "The case has 3 headings."),
    ("Prices rose from 20 up to 30 dollars.", "Prices rose from 20 to 30 dollars."),
    ("The shop stayed open up to 2008.", "The shop stayed open until 2008."),
    ("Set the dial to 65 percent.", "Set it up to 65 percent."),
    ("She walked up to 2 guards.", "She approached 2 guards."),
    # a range is bound enough
    ("Styles lagged by 25 to 30 years.", "Styles lagged by as much as 25 to 30 years."),
    # a hedged bound is an estimate, not a limit
    ("Perhaps as many as 40 boats sank.", "40 boats sank."),
    ("Possibly more than 3 towns flooded.", "3 towns flooded."),
    # "N times over" is emphasis
    ("They proved it right 4 million times over.",
     "They proved it right more than 4 million times."),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target"), BOUND_KEPT)
def test_bound_kept_paraphrased_or_no_bound_is_not_flagged(source: str, target: str) -> None:
    assert back(source, target) == []


@pytest.mark.parametrize(
    ("text", "kind", "said"),
    [
        ("Up to 30 came.", UPPER, "Up to 30"),
        ("No fewer than 5 came.", LOWER, "No fewer than 5"),
        ("No more than 5 came.", UPPER, "No more than 5"),
        ("It costs more than $30.", LOWER, "more than $30"),
        ("Almost 30 came.", NEAR, "Almost 30"),
        ("Groups of 30 or more came.", LOWER, "30 or more"),
        ("Groups of 30 at most came.", UPPER, "30 at most"),
    ],
)
def test_bound_of_reads_class_and_span(text: str, kind: str, said: str) -> None:
    number = mentions(text)[0]
    bound = bound_of(text, number)
    assert bound is not None
    assert (bound.kind, text[bound.start : bound.end]) == (kind, said)


@pytest.mark.parametrize(
    "text",
    [
        "The fair ran over 3 days.",
        "He left 30 minutes ago.",
        "It was the 30th run.",
        "At 9:30 it rained.",
    ],
)
def test_bound_of_is_none_without_a_bound(text: str) -> None:
    assert bound_of(text, mentions(text)[0]) is None


REPEATED = [
    # one number counts two things; one count came back
    ("He scored 2 goals and 2 assists.", "He scored two goals and passes.", [("2", None)]),
    ("The farm has 3 cows and 3 pigs.", "The farm has 3 cows and pigs.", [("3", None)]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "expected"), REPEATED)
def test_a_second_count_of_the_same_number_lost_is_flagged(
    source: str, target: str, expected: list[tuple[str, None]]
) -> None:
    assert back(source, target) == expected


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("He scored 2 goals and 2 assists.", "He scored two goals and two assists."),
        # the same thing named twice: said once less, not a count lost
        ("Tomb KV62 is small. KV62 may be older.", "Tomb KV62 is small and may be older."),
        ("Room 12 is cold. Room 12 has no heating.", "Room 12 is cold and has no heating."),
        ("He won 2 games, then 2 games more.", "He won 2 games, then more."),
    ],
)
def test_same_number_said_once_less_is_not_flagged(source: str, target: str) -> None:
    assert back(source, target) == []


COUPLE = [
    ("A couple of thousand workers stay.", "A thousand workers stay.",
     [("A couple of thousand", None)]),
    ("A couple of thousand workers stay.", "Workers stay.", [("A couple of thousand", None)]),
    ("A couple of thousand workers stay.", "Two thousand workers stay.", []),
    ("A couple of thousand workers stay.", "About 2,000 workers stay.", []),
    ("A couple of thousand workers stay.", "A few thousand workers stay.", []),
    ("A couple of thousand workers stay.", "Thousands of workers stay.", []),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "expected"), COUPLE)
def test_a_couple_of_thousand_is_two_thousand_or_some_thousands(
    source: str, target: str, expected: list[tuple[str, None]]
) -> None:
    assert back(source, target) == expected


def test_a_count_said_as_how_many_times_is_kept() -> None:
    source = "Paris will be the only city to have hosted three summer Games."
    assert back(source, "Paris will be the only city to host the summer Games thrice.") == []
    # ... but the count gone with no "thrice" in its place is still dropped.
    assert back(source, "Paris will be the only city to host the summer Games.") == [
        ("three", None)
    ]
