"""Group inputs into length-sorted batches that fit a token budget.

Every backend pads the inputs of a batch to its longest one, so a batch costs
about ``len(batch) * longest`` tokens of compute and memory.  Sorting by
length keeps that padding small, and a budget in tokens (rather than a fixed
number of segments) lets many short segments share a batch while a few long
ones cannot exhaust memory.  Longest first: an out-of-memory error shows up in
the first batch, not after minutes of work.

Pure standard library; both the transformers and the CTranslate2 backend use it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Source tokens one segment is budgeted at when a card gives only a number of
#: segments per batch: opus-mt's sentencepiece splits a typical news sentence
#: into 25-40 tokens, so ``batch_size`` such sentences fit ``batch_size * 32``
#: padded tokens give or take, and longer ones get proportionally fewer.
TOKENS_PER_SEGMENT = 32


def token_budget(batch_size: int, tokens_per_segment: int = TOKENS_PER_SEGMENT) -> int:
    """The padded-token budget of a batch for a card's ``batch_size``."""
    return max(1, batch_size) * max(1, tokens_per_segment)


def token_batches(
    lengths: Sequence[int], *, max_tokens: int, max_size: int | None = None
) -> list[list[int]]:
    """Group the indices of ``lengths`` into batches, longest inputs first.

    Each batch holds inputs of similar length and at most ``max_size`` of
    them; its padded size (number of inputs times the longest) stays within
    ``max_tokens``, except that an input longer than the whole budget still
    gets a batch of its own.  Equal lengths keep their input order, so the
    grouping is deterministic.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, not {max_tokens}")
    if max_size is not None and max_size < 1:
        raise ValueError(f"max_size must be at least 1, not {max_size}")
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for index in order:
        full = max_size is not None and len(current) >= max_size
        # Sorted longest first, so the batch's first input sets its padded width.
        if current and (full or (len(current) + 1) * longest > max_tokens):
            batches.append(current)
            current = []
        if not current:
            longest = max(1, lengths[index])
        current.append(index)
    if current:
        batches.append(current)
    return batches


def map_batched(
    items: Sequence[T],
    lengths: Sequence[int],
    run: Callable[[list[T]], Sequence[R]],
    *,
    max_tokens: int,
    max_size: int | None = None,
    after_batch: Callable[[list[int]], None] | None = None,
) -> list[R]:
    """Apply ``run`` to token-budget batches of ``items``; results in input order.

    ``run`` gets one batch (a list of items, longest first) and must return
    one result per item.  ``after_batch`` is called with the input indices of
    each batch once its results are in, for progress reports.
    """
    if len(items) != len(lengths):
        raise ValueError(f"{len(items)} items but {len(lengths)} lengths")
    results: dict[int, R] = {}
    for batch in token_batches(lengths, max_tokens=max_tokens, max_size=max_size):
        outputs = run([items[i] for i in batch])
        if len(outputs) != len(batch):
            raise ValueError(f"a batch of {len(batch)} inputs gave {len(outputs)} results")
        for index, output in zip(batch, outputs, strict=True):
            results[index] = output
        if after_batch is not None:
            after_batch(batch)
    return [results[i] for i in range(len(items))]


__all__ = ["TOKENS_PER_SEGMENT", "map_batched", "token_batches", "token_budget"]
