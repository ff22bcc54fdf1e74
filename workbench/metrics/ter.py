"""TER (translation edit rate) through sacrebleu, with the sacrebleu CLI's defaults.

TER counts the word edits (insertions, deletions, substitutions, block shifts)
that turn the hypothesis into the reference, per reference word, as a
percentage: 0 is identical, lower is better, and it can pass 100. It is the
slowest of the three metrics (about 1 s per 1,000 sentences), because of the
shift search.
"""

from __future__ import annotations

from workbench.metrics import SacrebleuMetric


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
        from sacrebleu.metrics.ter import TER

        metric = TER(
            normalized=normalized,
            no_punct=no_punct,
            asian_support=asian_support,
            case_sensitive=case_sensitive,
        )
        super().__init__(corpus_metric=metric, sentence_metric=metric)
