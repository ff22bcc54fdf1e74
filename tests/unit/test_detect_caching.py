"""The detectors' caches must not leak state between callers or systems.

Pure text functions of the detectors are memoised (every system is checked
against the same source), so what they return is shared: it must be
immutable, and a detect() run after another on the same source must give
exactly the flags it gives alone.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

import pytest

import workbench.detectors
from workbench.detectors import DETECTORS, SegmentPair, detect
from workbench.detectors.coverage import clean_tokens, content_units, unmatched_stretches
from workbench.detectors.entities import capitalised_mid_sentence, extract_names
from workbench.detectors.meaning import lexical_findings
from workbench.detectors.numbers import mentions
from workbench.detectors.tokens import tokenize

SOURCE = [
    "Yevgeny Prigozhin met Khalifa Haftar in Benghazi on 12 March 2019.",
    "The Wagner Group sent 1,200 mercenaries to Libya, officials said.",
    "Prigozhin denied that his fighters were not paid.",
    "The talks in Moscow did not end the war.",
]
SYSTEM_A = [
    "Yevgeny Prezhugin met Khalifa Hifter in Benghazi on 21 March 2019.",
    "The Wagner Group sent 2,100 mercenaries to Libya, officials said.",
    "Brigogen denied that his fighters were paid.",
    "The talks in Moscow ended the war.",
]
SYSTEM_B = [
    "Evgeny Przogin met Khalifa Haftar in Benghazi on 12 May 2019.",
    "The Wagner group sent mercenaries to Libya.",
    "Prigozhin denied that his fighters were not paid.",
    "The talks in Moscow did not end the war.",
]
OPTIONS = {"meaning-drift": {"use_embeddings": False}}


def _pairs(targets: list[str]) -> list[SegmentPair]:
    return [SegmentPair(i, s, t) for i, (s, t) in enumerate(zip(SOURCE, targets, strict=True))]


def _clear_caches() -> None:
    for info in pkgutil.iter_modules(workbench.detectors.__path__):
        module = importlib.import_module(f"workbench.detectors.{info.name}")
        for value in vars(module).values():
            if isinstance(value, functools._lru_cache_wrapper):
                value.cache_clear()


def test_cached_results_are_immutable() -> None:
    text = "Prigozhin's men-at-arms reached Sirte in 2019; Haftar didn't."
    for result in (
        tokenize(text),
        clean_tokens(text),
        content_units(text),
        mentions(text),
        unmatched_stretches(text, "Haftar reached Sirte."),
    ):
        assert isinstance(result, tuple)
        assert result  # a tuple of something, so there was something to protect
    assert isinstance(capitalised_mid_sentence("He met Haftar."), frozenset)


def test_public_lists_are_copies() -> None:
    # extract_names and lexical_findings keep returning lists: a caller that
    # changes one must not change what the next caller gets.
    names = extract_names(SOURCE[0])
    assert names
    expected = list(names)
    names.clear()
    assert extract_names(SOURCE[0]) == expected

    found = lexical_findings(SOURCE[2], SYSTEM_A[2])
    assert found
    expected_findings = list(found)
    found.append(found[0])
    assert lexical_findings(SOURCE[2], SYSTEM_A[2]) == expected_findings


@pytest.mark.parametrize("kind", list(DETECTORS))
def test_second_system_on_same_source_matches_a_fresh_run(kind: str) -> None:
    _clear_caches()
    alone_b = detect(_pairs(SYSTEM_B), [kind], OPTIONS)
    _clear_caches()
    alone_a = detect(_pairs(SYSTEM_A), [kind], OPTIONS)
    # Now with warm caches: A then B, then A again, in one process.
    after_a = detect(_pairs(SYSTEM_B), [kind], OPTIONS)
    again_a = detect(_pairs(SYSTEM_A), [kind], OPTIONS)
    assert after_a == alone_b
    assert again_a == alone_a


def test_systems_differ_where_their_outputs_do() -> None:
    # The comparison above means something only if A and B get different flags.
    _clear_caches()
    a = detect(_pairs(SYSTEM_A), None, OPTIONS)
    b = detect(_pairs(SYSTEM_B), None, OPTIONS)
    assert a and b and a != b
    kinds_a = {f.kind for f in a}
    assert {"name-drift", "number-mismatch"} <= kinds_a
