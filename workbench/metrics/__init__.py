"""Translation metrics: one module per metric, one registry (sacrebleu's shape).

``METRICS`` maps a registry key to ``"module:Class"``. Classes are imported only
when asked for, so listing the metrics (for --help, the TUI) never imports
sacrebleu. Every metric wraps sacrebleu with its CLI defaults, so a corpus score
here is the number ``sacrebleu REF -i HYP -m NAME`` prints, with the same
signature.

``score_segments`` and ``score_corpus`` score a whole document with several
metrics at once; they take registry keys or configured ``Metric`` instances.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from workbench.metrics.base import Metric
from workbench.results import Score

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric as SacrebleuBase

METRICS: dict[str, str] = {
    "bleu": "workbench.metrics.bleu:BleuMetric",
    "chrf": "workbench.metrics.chrf:ChrfMetric",
    "ter": "workbench.metrics.ter:TerMetric",
}

#: the metrics ``score_segments`` and ``score_corpus`` compute unless told otherwise
DEFAULT_METRICS: tuple[str, ...] = ("chrf", "bleu", "ter")


def metric_class(name: str) -> type[Metric]:
    """The metric class registered as ``name`` (KeyError naming the choices if unknown)."""
    try:
        target = METRICS[name]
    except KeyError:
        raise KeyError(f"unknown metric {name!r}; choose from {', '.join(METRICS)}") from None
    module_name, _, class_name = target.partition(":")
    cls: type[Metric] = getattr(importlib.import_module(module_name), class_name)
    return cls


def get_metric(name: str, **options: Any) -> Metric:
    """A new instance of the metric ``name``; ``options`` go to its constructor
    (e.g. ``get_metric("bleu", tokenize="intl")``)."""
    return metric_class(name)(**options)


def check_pairs(hypotheses: Sequence[str], references: Sequence[str]) -> None:
    """Raise if ``hypotheses`` and ``references`` cannot be scored pairwise.

    sacrebleu zips its inputs, so without this a missing line would silently
    shorten the test set instead of failing.
    """
    for label, seq in (("hypotheses", hypotheses), ("references", references)):
        # A bare string is a Sequence[str] too, and would be scored character by character.
        if isinstance(seq, str):
            raise TypeError(f"{label} must be a sequence of strings, not a single string")
    if len(hypotheses) != len(references):
        raise ValueError(
            f"cannot score {len(hypotheses)} hypotheses against {len(references)} references: "
            "the two sides must have the same number of segments"
        )


class SacrebleuMetric(Metric):
    """A ``Metric`` backed by sacrebleu metric objects.

    ``corpus_metric`` gives corpus scores and ``sentence_metric`` per-segment
    scores; they differ only for BLEU, whose sentence scores need
    ``effective_order`` (as the sacrebleu CLI's ``--sentence-level`` sets).
    """

    def __init__(self, corpus_metric: SacrebleuBase, sentence_metric: SacrebleuBase) -> None:
        self._corpus = corpus_metric
        self._sentence = sentence_metric

    def sentence_scores(self, hypotheses: Sequence[str], references: Sequence[str]) -> list[float]:
        check_pairs(hypotheses, references)
        metric = self._sentence
        pairs = zip(hypotheses, references, strict=True)
        return [float(metric.sentence_score(h, [r]).score) for h, r in pairs]

    def corpus_score(self, hypotheses: Sequence[str], references: Sequence[str]) -> Score:
        check_pairs(hypotheses, references)
        if not hypotheses:
            raise ValueError(f"cannot compute corpus {self.name} of an empty set of segments")
        result = self._corpus.corpus_score(list(hypotheses), [list(references)])
        return Score(metric=self.name, value=float(result.score), signature=self.signature())

    def signature(self) -> str:
        """The signature of corpus scores, e.g.
        ``nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`` for BLEU."""
        return _signature(self._corpus)

    def sentence_signature(self) -> str:
        """The signature of the values ``sentence_scores`` returns."""
        return _signature(self._sentence)


def _signature(metric: SacrebleuBase) -> str:
    # sacrebleu learns the reference count only while scoring and refuses to
    # build a signature before; every score here uses exactly one reference,
    # so one throwaway pair gives the signature of all of them.
    if not hasattr(metric, "num_refs"):
        metric.corpus_score(["a"], [["a"]])
    return str(metric.get_signature().format())


def _resolve(metrics: Iterable[str | Metric]) -> list[Metric]:
    resolved = [get_metric(m) if isinstance(m, str) else m for m in metrics]
    names = [m.name for m in resolved]
    if len(set(names)) != len(names):
        raise ValueError(f"each metric may appear once, got {names}")
    return resolved


def score_segments(
    hypotheses: Sequence[str],
    references: Sequence[str],
    metrics: Iterable[str | Metric] = DEFAULT_METRICS,
) -> list[dict[str, float]]:
    """Per-segment scores: one ``{metric name: value}`` dict per hypothesis."""
    check_pairs(hypotheses, references)
    rows: list[dict[str, float]] = [{} for _ in hypotheses]
    for metric in _resolve(metrics):
        for row, value in zip(rows, metric.sentence_scores(hypotheses, references), strict=True):
            row[metric.name] = value
    return rows


def score_corpus(
    hypotheses: Sequence[str],
    references: Sequence[str],
    metrics: Iterable[str | Metric] = DEFAULT_METRICS,
) -> dict[str, Score]:
    """One corpus ``Score`` (value and signature) per metric, keyed by metric name."""
    check_pairs(hypotheses, references)
    return {m.name: m.corpus_score(hypotheses, references) for m in _resolve(metrics)}


__all__ = [
    "DEFAULT_METRICS",
    "METRICS",
    "Metric",
    "SacrebleuMetric",
    "check_pairs",
    "get_metric",
    "metric_class",
    "score_corpus",
    "score_segments",
]
