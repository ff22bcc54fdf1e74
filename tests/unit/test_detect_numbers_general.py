"""A small count dropped from in front of its noun (issue 3): "on two legs" ->
"on legs" is a number mismatch, while references back ("the two edges"),
paraphrases ("two goals" -> "a brace") and names ("Six Flags") are not.

All sentences are invented for these tests (none is copied from a corpus).
"""

from __future__ import annotations

import pytest

from workbench.detectors.base import SegmentPair
from workbench.detectors.numbers import NumberMismatchDetector


def back(source: str, target: str) -> list[tuple[str | None, str | None]]:
    flags = NumberMismatchDetector().detect([SegmentPair(0, source, target)])
    return [
        (f.source.text if f.source else None, f.target.text if f.target else None)
        for f in flags
        if f.target_side == "back"
    ]


DROPPED = [
    ("The robot walks upright on two legs.", "The robot walks upright on legs.", "two"),
    ("Three weeks later the ban was lifted.", "Weeks later the ban was lifted.", "Three"),
    ("She keeps five cats and a parrot.", "She keeps cats and a parrot.", "five"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "count"), DROPPED)
def test_count_dropped_before_its_noun_is_flagged(source: str, target: str, count: str) -> None:
    assert back(source, target) == [(count, None)]


KEPT = [
    # a reference back to things already counted
    ("The blade has a double edge. The two edges grip the ice.",
     "The blade has a double edge. The edges grip the ice."),
    # the noun went too: a paraphrase
    ("He scored two goals in the final.", "He scored a brace in the final."),
    # the count is still there, in digits or with another quantifier
    ("The robot walks on two legs.", "The robot walks on 2 legs."),
    ("The robot walks on two legs.", "The robot walks on a pair of legs."),
    # a name that starts with a number word
    ("The bus went to Six Flags in Missouri.", "The bus went to Flags in Missouri."),
    # "two of the", "two or three": not a count of the next word
    ("Two of the ships sank.", "Of the ships, some sank."),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target"), KEPT)
def test_counts_kept_or_paraphrased_are_not_flagged(source: str, target: str) -> None:
    assert back(source, target) == []


MONTHS = [
    # dropped
    ("The record was set in May of 1969.", "The record was set in 1969.", [("May", None)]),
    ("Talks resume around October.", "Talks resume soon.", [("October", None)]),
    # changed: a transliterated or another month
    ("The fair runs between June and August.", "The fair runs between June and Ab.",
     [("August", None)]),
    ("The vote was held in March.", "The vote was held in April.", [("March", "April")]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "expected"), MONTHS)
def test_month_dropped_or_changed_is_flagged(
    source: str, target: str, expected: list[tuple[str, str | None]]
) -> None:
    assert back(source, target) == expected


MONTHS_KEPT = [
    ("The band cancelled on September 20.", "The band cancelled on Sept. 20."),
    ("It started on January 1st.", "It started on Jan. 1."),
    ("Prime Minister Theresa May spoke first.", "The prime minister spoke first."),
    ("May I see your ticket?", "Can I see your ticket?"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target"), MONTHS_KEPT)
def test_months_kept_abbreviated_or_not_months_are_not_flagged(source: str, target: str) -> None:
    assert back(source, target) == []
