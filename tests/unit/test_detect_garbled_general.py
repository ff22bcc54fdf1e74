"""General garbled-term behaviour added for issue 3: made-up capitalised words
that stand for common words, non-words that are really a mangled source name
(left to the name detector), and inflections that double an e.

All sentences are invented for these tests (none is copied from a corpus).
"""

from __future__ import annotations

import pytest

from workbench.detectors.base import SegmentPair
from workbench.detectors.garbled import GarbledTermDetector
from workbench.results import Flag


def back_flags(source: str, target: str) -> list[Flag]:
    flags = GarbledTermDetector().detect([SegmentPair(0, source, target)])
    return [f for f in flags if f.target_side == "back"]


INVENTED = [
    # (source, back-translation, made-up word, the source words it stands for)
    ("The monks chanted in the courtyard.", "The Zorvathi chanted in the courtyard.",
     "Zorvathi", "monks"),
    ("A hush fell over the square at noon.",
     "Qadrun was silent over the square at noon.", "Qadrun", "hush fell"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "word", "term"), INVENTED)
def test_made_up_capitalised_word_for_common_words_is_garbled(
    source: str, target: str, word: str, term: str
) -> None:
    flags = back_flags(source, target)
    assert len(flags) == 1
    flag = flags[0]
    assert flag.target is not None and flag.target.text == word
    assert target[flag.target.start : flag.target.end] == word
    assert flag.source is not None and flag.source.text == term
    assert source[flag.source.start : flag.source.end] == term
    assert "made-up word" in flag.detail


NOT_GARBLED = [
    # a drifted name (the source has an unmatched name): name drift
    ("Mayor Hallworth opened the bridge.", "Mayor Zundrak opened the bridge."),
    # a made-up name after a title, facing nothing: an added name (meaning drift)
    ("The mayor opened the bridge.", "Mayor Zundrak opened the bridge."),
    # a well-known name made explicit
    ("Visitors get wet near the Falls.", "Visitors get wet near Victoria Falls."),
    # a lowercase non-word where the source has a name: the name detector's case
    ("The fossil looks like a Velociraptor.", "The fossil looks like a phylosaract."),
    ("The fossil looks like a Velociraptor.", "The fossil looks like a velocirapter."),
    # a capitalised English word that is rare but real
    ("The earthquake office mapped the tremors.",
     "The Seismological office mapped the tremors."),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target"), NOT_GARBLED)
def test_names_and_real_words_are_not_garbled_terms(source: str, target: str) -> None:
    assert back_flags(source, target) == []


def test_a_lowercase_non_word_for_a_common_word_is_still_flagged() -> None:
    flags = back_flags("The fossil looks like a lizard.", "The fossil looks like a phylosaract.")
    assert [f.target.text for f in flags if f.target] == ["phylosaract"]


@pytest.mark.parametrize("word", ["sightseeers", "freeer", "agreeed", "refereeer"])
def test_e_final_stem_with_an_e_suffix_is_not_a_word(word: str) -> None:
    flags = back_flags("Tourists came in the summer.", f"The {word} came in the summer.")
    assert [f.target.text for f in flags if f.target] == [word]


@pytest.mark.parametrize("word", ["sightseers", "freer", "agreed", "referees", "employees"])
def test_e_final_stems_spelled_right_are_words(word: str) -> None:
    assert back_flags("Tourists came in the summer.", f"The {word} came in the summer.") == []


def test_a_dropped_accent_is_not_a_made_up_word() -> None:
    from workbench.detectors.coverage import Unit
    from workbench.detectors.garbled import invented_word

    source = "The Kalvaní river floods each spring."
    assert not invented_word(Unit("Kalvani", 4, 11, ""), source)
    assert invented_word(Unit("Kolvuri", 4, 11, ""), source)
