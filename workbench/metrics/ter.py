"""TER (translation edit rate) through sacrebleu, with the sacrebleu CLI's defaults.

TER counts the word edits (insertions, deletions, substitutions, block shifts)
that turn the hypothesis into the reference, per reference word, as a
percentage: 0 is identical, lower is better, and it can pass 100. It is the
slowest of the three metrics because of the shift search; here that search
is sacrebleu's run by ``workbench.metrics.fast_ter`` (the same edit counts,
about four times faster), so scores and signatures are the sacrebleu CLI's.
"""

from __future__ import annotations

from typing import Any

from sacrebleu.metrics.ter import TER

from workbench.metrics import SacrebleuMetric
from workbench.metrics.fast_ter import translation_edit_rate

__all__ = ["FastTER", "TerMetric"]


class FastTER(TER):
    """sacrebleu's ``TER`` with the fast shift search: the same statistics,
    scores and signature (the signature is built from the options alone)."""

    def _compute_segment_statistics(
        self, hypothesis: str, ref_kwargs: dict[str, Any]
    ) -> list[float]:
        # sacrebleu's own method, with the edit count from fast_ter.
        ref_lengths = 0
        best_num_edits = int(1e16)
        words_hyp = hypothesis.split()
        ref_words = ref_kwargs["ref_words"]
        for words_ref in ref_words:
            num_edits, ref_len = translation_edit_rate(words_hyp, words_ref)
            ref_lengths += ref_len
            if num_edits < best_num_edits:
                best_num_edits = num_edits
        return [best_num_edits, ref_lengths / len(ref_words)]


class TerMetric(SacrebleuMetric):
    """sacrebleu TER (case-insensitive, no normalisation, punctuation kept by default)."""

    name = "ter"
    higher_is_better = False

    def __init__(
        self,
        normalized: bool = False,
        no_punct: bool = False,
        asian_support: bool = False,
        case_sensitive: bool = False,
    ) -> None:
        metric = FastTER(
            normalized=normalized,
            no_punct=no_punct,
            asian_support=asian_support,
            case_sensitive=case_sensitive,
        )
        super().__init__(corpus_metric=metric, sentence_metric=metric)
