"""Length-sorted, token-budget batching shared by the translation backends."""

from __future__ import annotations

import random

import pytest

from workbench.translators.batching import (
    TOKENS_PER_SEGMENT,
    map_batched,
    token_batches,
    token_budget,
)


@pytest.mark.parametrize(
    ("lengths", "max_tokens", "max_size", "expected"),
    [
        ([], 10, None, []),
        ([5], 10, None, [[0]]),
        # Longest first; 3 * 3 = 9 padded tokens fit 10, a fourth would not.
        ([1, 3, 2, 3, 3], 10, None, [[1, 3, 4], [2, 0]]),
        # One input longer than the whole budget still gets a batch of its own.
        ([50, 2, 2], 10, None, [[0], [1, 2]]),
        # Equal lengths keep input order; max_size caps the count.
        ([4, 4, 4, 4, 4], 100, 2, [[0, 1], [2, 3], [4]]),
        # Short inputs pack densely: 10 * 1 token each.
        ([1] * 10, 10, None, [list(range(10))]),
        # A zero-length input is counted as one token, never as free.
        ([0, 0, 0], 2, None, [[0, 1], [2]]),
        # The padded width is the batch's longest, not the sum of lengths.
        ([6, 1, 1, 1], 12, None, [[0, 1], [2, 3]]),
    ],
)
def test_token_batches_known_groupings(
    lengths: list[int], max_tokens: int, max_size: int | None, expected: list[list[int]]
) -> None:
    assert token_batches(lengths, max_tokens=max_tokens, max_size=max_size) == expected


@pytest.mark.parametrize("seed", range(5))
def test_token_batches_invariants_on_random_lengths(seed: int) -> None:
    rng = random.Random(seed)
    lengths = [rng.randint(1, 120) for _ in range(rng.randint(1, 300))]
    budget = rng.choice([64, 256, 1000])
    max_size = rng.choice([None, 4, 16])
    batches = token_batches(lengths, max_tokens=budget, max_size=max_size)

    # Every input exactly once.
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    widths = []
    for batch in batches:
        batch_lengths = [lengths[i] for i in batch]
        assert batch_lengths == sorted(batch_lengths, reverse=True)
        width = batch_lengths[0]
        widths.append(width)
        # Budget respected (a lone over-long input is the only exception).
        assert len(batch) * width <= budget or len(batch) == 1
        if max_size is not None:
            assert len(batch) <= max_size
    # Longest batches first: sorted by length across batches too.
    assert widths == sorted(widths, reverse=True)
    # Packed greedily: no batch could have taken the next input.
    for batch in batches[:-1]:
        fits_count = max_size is None or len(batch) < max_size
        fits_budget = (len(batch) + 1) * lengths[batch[0]] <= budget
        assert not (fits_count and fits_budget)


def test_token_batches_rejects_nonsense_limits() -> None:
    with pytest.raises(ValueError, match="max_tokens"):
        token_batches([1, 2], max_tokens=0)
    with pytest.raises(ValueError, match="max_size"):
        token_batches([1, 2], max_tokens=10, max_size=0)


def test_map_batched_restores_input_order_and_reports_batches() -> None:
    texts = ["a b", "a b c d e", "a", "a b c", "a b c d", "a b"]
    lengths = [len(t.split()) for t in texts]
    seen: list[list[str]] = []
    reported: list[list[int]] = []

    def run(batch: list[str]) -> list[str]:
        seen.append(list(batch))
        return [t.upper() for t in batch]

    out = map_batched(texts, lengths, run, max_tokens=10, after_batch=reported.append)
    assert out == [t.upper() for t in texts]
    # The engine saw longest-first batches within the budget...
    assert seen[0][0] == "a b c d e"
    assert all(len(b) * len(b[0].split()) <= 10 for b in seen)
    assert len(seen) > 1
    # ... and each report names the input positions of one batch, all covered once.
    assert [[texts[i] for i in batch] for batch in reported] == seen
    assert sorted(i for batch in reported for i in batch) == list(range(len(texts)))


def test_map_batched_checks_counts() -> None:
    with pytest.raises(ValueError, match="2 items but 1 lengths"):
        map_batched(["a", "b"], [1], lambda b: b, max_tokens=4)
    with pytest.raises(ValueError, match="gave 1 results"):
        map_batched(["a", "b"], [1, 1], lambda b: b[:1], max_tokens=4)


@pytest.mark.parametrize(
    ("batch_size", "expected"),
    [(16, 16 * TOKENS_PER_SEGMENT), (1, TOKENS_PER_SEGMENT), (0, TOKENS_PER_SEGMENT)],
)
def test_token_budget_from_a_cards_batch_size(batch_size: int, expected: int) -> None:
    assert token_budget(batch_size) == expected
