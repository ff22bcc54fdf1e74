"""chrF through sacrebleu, with the sacrebleu CLI's defaults.

chrF compares character n-grams, so it rewards a name spelled nearly right
(Prigozhin / Prezhugin) where BLEU sees only a wrong word; that makes it the
most useful per-sentence signal for round-trip drift. The default is chrF2
(character order 6, beta 2, no word n-grams); ``word_order=2`` gives chrF++.
"""

from __future__ import annotations

from workbench.metrics import SacrebleuMetric


class ChrfMetric(SacrebleuMetric):
    """sacrebleu chrF (chrF2 by default)."""

    name = "chrf"
    higher_is_better = True

    def __init__(
        self,
        char_order: int = 6,
        word_order: int = 0,
        beta: int = 2,
        lowercase: bool = False,
        whitespace: bool = False,
    ) -> None:
        from sacrebleu.metrics.chrf import CHRF

        # chrF's per-sentence and corpus scores use one configuration: the
        # corpus score sums the same character statistics the sentences have.
        metric = CHRF(
            char_order=char_order,
            word_order=word_order,
            beta=beta,
            lowercase=lowercase,
            whitespace=whitespace,
        )
        super().__init__(corpus_metric=metric, sentence_metric=metric)
