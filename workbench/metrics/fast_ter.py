"""sacrebleu's TER edit count, computed faster with identical results.

sacrebleu's ``translation_edit_rate`` (``sacrebleu.metrics.lib_ter``) is a
greedy shift search: at every step it tries each candidate block shift of the
hypothesis and recomputes a beam-restricted edit distance for it.  Those edit
distances are nearly all of TER's cost, and TER is nearly all of the cost of
scoring with BLEU, chrF and TER.  This module runs the same search, candidate
for candidate and in the same order, so every shift chosen and every edit
count is sacrebleu's; only the arithmetic is organised differently:

- words are mapped to integers and each matrix row is a plain list of ints
  (sacrebleu builds a ``(cost, operation)`` tuple per cell);
- the operations (the trace) are only tracked where the search needs an
  alignment, once per shift step, not for every candidate;
- a candidate differs from the current hypothesis only inside the shifted
  span, so its distance is the minimum, over one matrix row after that span,
  of the forward distance (rows up to the span's end, shared prefixes taken
  from a cache as sacrebleu does) plus the distance from that cell to the end
  (computed once per step for the current hypothesis, over the same beam of
  cells).  The beam is the same, so the minimum is the same number.

``tests/unit/test_metrics.py`` checks the edit counts against sacrebleu's on
real corpus segments and on random word sequences built to need many shifts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from sacrebleu.metrics import lib_ter
from sacrebleu.metrics.lib_ter import (
    _BEAM_WIDTH,
    _MAX_SHIFT_CANDIDATES,
    _MAX_SHIFT_DIST,
    _MAX_SHIFT_SIZE,
    trace_to_alignment,
)

__all__ = ["translation_edit_rate"]

# sacrebleu's shift, on word ids here (it is annotated for words).
_perform_shift: Callable[[list[int], int, int, int], list[int]] = lib_ter._perform_shift  # type: ignore[assignment]

# A cell outside the beam.  sacrebleu's value: any cost at or above it loses
# every comparison, so it behaves as "unreachable".
_INF = int(1e16)
# Operations as sacrebleu writes them in a trace, already flipped (sacrebleu
# computes the trace of rewriting the hypothesis into the reference and then
# swaps insertions and deletions to get the alignment).
_NOP, _SUB, _TAKE_HYP, _TAKE_REF = " ", "s", "i", "d"
# sacrebleu stops caching rows at this many; the cache only saves time here.
_MAX_CACHE_ROWS = 10000


def translation_edit_rate(words_hyp: Sequence[str], words_ref: Sequence[str]) -> tuple[int, int]:
    """(number of edits, reference length): sacrebleu's ``translation_edit_rate``."""
    n_ref = len(words_ref)
    n_hyp = len(words_hyp)
    if n_ref == 0:
        return n_hyp, 0
    ids: dict[str, int] = {}
    ref = [ids.setdefault(w, len(ids)) for w in words_ref]
    hyp = [ids.setdefault(w, len(ids)) for w in words_hyp]
    search = _ShiftSearch(ref, hyp, len(ids))
    shifts = 0
    checked = 0
    words = hyp
    while True:
        delta, shifted, checked, distance = search.best_shift(words, checked)
        if checked >= _MAX_SHIFT_CANDIDATES or delta <= 0:
            # ``words`` is the hypothesis sacrebleu ends with, and ``distance``
            # is its edit distance (sacrebleu computes it once more).
            return shifts + distance, n_ref
        shifts += 1
        words = shifted


class _ShiftSearch:
    """One TER computation: the reference, the beam, and the row cache."""

    __slots__ = (
        "_bounds",
        "_cache",
        "_cache_rows",
        "_first",
        "_match",
        "_n_hyp",
        "_n_ref",
        "_positions",
        "_ref",
    )

    def __init__(self, ref: list[int], hyp: list[int], n_words: int) -> None:
        self._ref = ref
        n_hyp = len(hyp)
        self._n_ref = n_ref = len(ref)
        self._n_hyp = n_hyp
        # sacrebleu's beam: row i (after i hypothesis words) holds columns
        # [lo, hi) around the length-scaled diagonal; the last row is full.
        ratio = n_ref / n_hyp if n_hyp else 1
        width = math.ceil(ratio / 2 + _BEAM_WIDTH) if ratio / 2 > _BEAM_WIDTH else _BEAM_WIDTH
        bounds = [(0, n_ref + 1)]
        for i in range(1, n_hyp + 1):
            diagonal = math.floor(i * ratio)
            lo = max(0, diagonal - width)
            hi = n_ref + 1 if i == n_hyp else min(n_ref + 1, diagonal + width)
            bounds.append((lo, hi))
        self._bounds = bounds
        # Per word of the hypothesis (shifts only reorder them): its substitution
        # cost against each reference position (index j: reference word j - 1).
        self._match: list[list[int]] = [[] for _ in range(n_words)]
        for word in set(hyp):
            self._match[word] = [1, *[0 if r == word else 1 for r in ref], 1]
        # Prefix trie of hypothesis words -> forward rows, as sacrebleu caches.
        self._cache: dict[int, tuple[dict[int, object], list[int]]] = {}
        self._cache_rows = 0
        self._first = [*range(n_ref + 1), _INF]  # row 0: j insertions
        # Where each word occurs in the reference: where a shifted pair can start.
        self._positions: dict[int, list[int]] = {}
        for r, w in enumerate(ref):
            self._positions.setdefault(w, []).append(r)

    def _row(self, prev: list[int], word: int, i: int) -> list[int]:
        """Row ``i`` of the forward matrix from row ``i - 1``.

        Cells outside the beam hold ``_INF`` or more (sacrebleu caps them at
        ``_INF``; uncapped they lose every comparison all the same, and the
        last cell is always reachable: consecutive beams overlap).
        """
        lo, hi = self._bounds[i]
        cur = [_INF] * (self._n_ref + 2)
        if lo == 0:
            cur[0] = prev[0] + 1
            lo = 1
        left = cur[lo - 1]
        costs = self._match[word]
        for j in range(lo, hi):
            best = prev[j - 1] + costs[j]
            down = prev[j] + 1
            if down < best:
                best = down
            left += 1
            if left < best:
                best = left
            cur[j] = left = best
        return cur

    def _forward(
        self, words: list[int], stop: int, rows: list[list[int]] | None = None
    ) -> list[int]:
        """Forward row ``stop`` for ``words``, reusing and extending the cache
        (every row from 0 to ``stop`` is appended to ``rows`` if given)."""
        node = self._cache
        row = self._first
        if rows is not None:
            rows.append(row)
        i = 0
        while i < stop:
            entry = node.get(words[i])
            if entry is None:
                break
            child, row = entry
            node = child  # type: ignore[assignment]
            if rows is not None:
                rows.append(row)
            i += 1
        while i < stop:
            row = self._row(row, words[i], i + 1)
            if rows is not None:
                rows.append(row)
            if self._cache_rows < _MAX_CACHE_ROWS:
                child = {}
                node[words[i]] = (child, row)
                node = child  # type: ignore[assignment]
                self._cache_rows += 1
            i += 1
        return row

    def _traced(self, words: list[int]) -> tuple[int, str]:
        """Edit distance and the flipped trace, with sacrebleu's tie-breaking.

        sacrebleu records, per cell, the first of (substitution or match,
        hypothesis word, reference word) that reaches the cell's minimum; the
        trace only needs the cells on the path back from the last one, so the
        operation is worked out from the costs there.
        """
        rows: list[list[int]] = []
        n_hyp, n_ref = self._n_hyp, self._n_ref
        self._forward(words, n_hyp, rows)
        trace: list[str] = []
        i, j = n_hyp, n_ref
        while i > 0 and j > 0:
            cost = rows[i][j]
            costs = self._match[words[i - 1]]
            if rows[i - 1][j - 1] + costs[j] == cost:
                trace.append(_SUB if costs[j] else _NOP)
                i -= 1
                j -= 1
            elif rows[i - 1][j] + 1 == cost:
                trace.append(_TAKE_HYP)
                i -= 1
            else:
                trace.append(_TAKE_REF)
                j -= 1
        # Column 0 is reached only from above, row 0 only from the left.
        trace.extend(_TAKE_HYP * i)
        trace.extend(_TAKE_REF * j)
        trace.reverse()
        return rows[n_hyp][n_ref], "".join(trace)

    def _backward(self, words: list[int]) -> list[list[int]]:
        """For each row i, the cost from cell (i, j) to the last cell, within the beam."""
        n_ref, n_hyp = self._n_ref, self._n_hyp
        nxt = [*range(n_ref, -1, -1), _INF]
        rows = [nxt]
        for i in range(n_hyp - 1, -1, -1):
            lo, hi = self._bounds[i]
            cur = [_INF] * (n_ref + 2)
            costs = self._match[words[i]]  # the word of row i + 1
            right = _INF
            for j in range(hi - 1, lo - 1, -1):
                best = nxt[j + 1] + costs[j + 1]
                down = nxt[j] + 1
                if down < best:
                    best = down
                right += 1
                if right < best:
                    best = right
                cur[j] = right = best
            rows.append(cur)
            nxt = cur
        rows.reverse()
        return rows

    def best_shift(self, words: list[int], checked: int) -> tuple[int, list[int], int, int]:
        """sacrebleu's ``_shift``, plus the current hypothesis's edit distance."""
        ref = self._ref
        n_hyp, n_ref = self._n_hyp, self._n_ref
        pre_score, trace = self._traced(words)
        align_map, ref_err, hyp_err = trace_to_alignment(trace)
        align: dict[int, int] = align_map
        backward: list[list[int]] | None = None
        best: tuple[int, int, int, int, list[int]] | None = None
        positions = self._positions
        for start_h in range(n_hyp):
            # sacrebleu's _find_shifted_pairs, visiting only reference
            # positions where a match can start (the others yield nothing).
            for start_r in positions.get(words[start_h], ()):
                if abs(start_r - start_h) > _MAX_SHIFT_DIST:
                    continue
                length = 0
                while length < _MAX_SHIFT_SIZE and words[start_h + length] == ref[start_r + length]:
                    length += 1
                    # -- the body of sacrebleu's loop over the shifted pairs --
                    if (
                        sum(hyp_err[start_h : start_h + length])
                        and sum(ref_err[start_r : start_r + length])
                        and not start_h <= align[start_r] < start_h + length
                    ):
                        prev_idx = -1
                        for offset in range(-1, length):
                            if start_r + offset == -1:
                                idx = 0
                            elif start_r + offset in align:
                                idx = align[start_r + offset] + 1
                            else:
                                break
                            if idx == prev_idx:
                                continue
                            prev_idx = idx
                            shifted = _perform_shift(words, start_h, length, idx)
                            if backward is None:
                                backward = self._backward(words)
                            score = self._distance(shifted, start_h, length, idx, backward)
                            candidate = (pre_score - score, length, -start_h, -idx, shifted)
                            checked += 1
                            if best is None or candidate > best:
                                best = candidate
                        if checked >= _MAX_SHIFT_CANDIDATES:
                            return _result(best, words, checked, pre_score)
                    # -- end of the body --
                    if n_hyp == start_h + length or n_ref == start_r + length:
                        break
        return _result(best, words, checked, pre_score)

    def _distance(
        self,
        shifted: list[int],
        start: int,
        length: int,
        target: int,
        backward: list[list[int]],
    ) -> int:
        # ``shifted`` equals the current hypothesis from position ``end`` on,
        # so its forward row ``end`` meets the hypothesis's backward row there.
        if target < start:
            end = start + length
        elif target > start + length:
            end = target
        else:
            end = min(self._n_hyp, target + length)
        forward = self._forward(shifted, end)
        meet = backward[end]
        lo, hi = self._bounds[end]
        return min(forward[j] + meet[j] for j in range(lo, hi))


def _result(
    best: tuple[int, int, int, int, list[int]] | None,
    words: list[int],
    checked: int,
    pre_score: int,
) -> tuple[int, list[int], int, int]:
    if best is None:
        return 0, words, checked, pre_score
    return best[0], best[4], checked, pre_score
