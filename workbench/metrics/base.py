"""The one interface every metric implements (sacrebleu's shape).

``sentence_scores`` gives one value per segment; ``corpus_score`` one value for
the whole set, with the sacrebleu signature that says how it was computed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from workbench.results import Score


class Metric(ABC):
    #: registry key, e.g. "chrf"
    name: str = ""
    #: True where a higher value is better (TER is an error rate: lower is better)
    higher_is_better: bool = True

    @abstractmethod
    def sentence_scores(self, hypotheses: Sequence[str], references: Sequence[str]) -> list[float]:
        """One score per (hypothesis, reference) pair."""

    @abstractmethod
    def corpus_score(self, hypotheses: Sequence[str], references: Sequence[str]) -> Score:
        """One score for the whole set, with its signature."""

    @abstractmethod
    def signature(self) -> str:
        """The sacrebleu signature string for corpus scores from this metric."""

    def sentence_signature(self) -> str:
        """The signature of per-segment scores (BLEU's differs: effective order)."""
        return self.signature()
