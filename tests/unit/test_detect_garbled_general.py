"""General garbled-term behaviour added for issue 3: made-up capitalised words
that stand for common words, non-words that are really a mangled source name
(left to the name detector), and inflections that double an e.

All sentences are invented for these tests (none is copied from a corpus).
"""

from __future__ import annotations

import pytest

from workbench.detectors.base import SegmentPair
from workbench.detectors.garbled import GarbledTermDetector
from workbench.detectors.names import NameDriftDetector
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


# --- precision round 2: stacked suffixes and names mentioned twice ----------------


@pytest.mark.parametrize("word", ["gulpings", "jabbings", "swattings", "dousings", "mopings"])
def test_a_plural_gerund_of_a_real_verb_is_a_word(word: str) -> None:
    # "-ing" + "-s" on a common verb: the gerund noun is too rare for wordfreq
    # to list, its verb is not
    source = "The coach counted every move in the match."
    assert back_flags(source, f"The coach counted the {word} in the match.") == []


@pytest.mark.parametrize("word", ["blorpings", "zumpings"])
def test_a_plural_gerund_of_a_non_word_is_still_flagged(word: str) -> None:
    source = "The coach counted every move in the match."
    flags = back_flags(source, f"The coach counted the {word} in the match.")
    assert [f.target.text for f in flags if f.target] == [word]


def test_a_drifted_name_mentioned_twice_is_not_a_made_up_word() -> None:
    # "Marick" is linked to "Marrick" once; its second mention stands where the
    # source says "as well", but it is the same name respelled, not a garble
    source = "Marrick presented the new song as well."
    target = "Marick presented the new song to Marick."
    assert back_flags(source, target) == []


def test_a_name_tacked_on_after_a_repeated_source_name_is_not_a_made_up_word() -> None:
    # "Zavrin" follows the second mention of "Dunholt", which the source has
    # but which the aligner linked only once: a name tacked on (meaning drift)
    source = "Dunholt presented the new song as well."
    target = "Dunholt presented the new song to Dunholt Zavrin."
    assert back_flags(source, target) == []


def test_a_made_up_word_like_a_title_in_the_source_is_still_garbled() -> None:
    # "Gorus" sounds like the source's title "Guru", but stands for the
    # lowercase "gurus", and nothing else in the back-translation spells it
    source = "The shrine was built by Guru Harvel, followed by nine more gurus."
    target = "The shrine was built by Guru Harvel, followed by nine more Gorus."
    flags = back_flags(source, target)
    assert [(f.source.text if f.source else None, f.target.text if f.target else None)
            for f in flags] == [("gurus", "Gorus")]  # fmt: skip


def test_a_made_up_word_is_garbled_where_it_spells_out_a_pivot_word() -> None:
    source = "The herders rested by the orchard at noon before the long march."
    pivot = "استراح الرعاة عند البستان ظهرا قبل المسيرة الطويلة."
    # "Bustan" is the pivot's البستان left untranslated: a garbled term
    spelled = "The herders rested by the Bustan at noon before the long march."
    flags = GarbledTermDetector().detect([SegmentPair(0, source, spelled, pivot)])
    assert [f.target.text for f in flags if f.target] == ["Bustan"]
    # "Zantar" is in no language of the pair: invented by the system, which
    # reviewers read as a change of meaning, not a garbled term
    invented = "The herders rested by the Zantar at noon before the long march."
    assert GarbledTermDetector().detect([SegmentPair(0, source, invented, pivot)]) == []
    # without a pivot to tell, a made-up word for common words is reported
    flags = GarbledTermDetector().detect([SegmentPair(0, source, invented)])
    assert [f.target.text for f in flags if f.target] == ["Zantar"]


def test_a_non_word_the_name_detector_reads_as_a_respelled_name_is_left_to_it() -> None:
    # "stigosorus" faces "Stegosaurus" and the lost "ferns" at once, so the
    # alignment cannot tell it stands for the name; the name detector can
    source = (
        "Some scientists think Stegosaurus ate ferns, which are a type of plant "
        "that was common in the Jurassic."
    )
    target = (
        "Some scientists believe that the stigosorus ate green leaves, a type of plant "
        "that was common in the Jurassic period."
    )
    assert back_flags(source, target) == []
    names = NameDriftDetector().detect([SegmentPair(0, source, target)])
    assert [(f.source.text if f.source else None, f.target.text if f.target else None)
            for f in names] == [("Stegosaurus", "stigosorus")]  # fmt: skip
    # a non-word standing for common words beside it is still garbled
    garbled = target.replace("green leaves", "grenlefs")
    assert [f.target.text for f in back_flags(source, garbled) if f.target] == ["grenlefs"]
