"""Drift checks on files, without a store: `workbench check`.

Two modes: line-aligned source and back-translation files (optionally with
the pivot), scored and checked segment by segment; or one text on its own,
checked for its own consistency (one name spelled several ways) and garbled
terms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.detectors import DETECTORS, SegmentPair, detect
from workbench.errors import InputError
from workbench.results import Flag

#: Detectors that need a back-translation; the rest also check a text on its own.
PAIR_ONLY = frozenset(
    {
        "name-drift",
        "number-mismatch",
        "meaning-drift",
        "omission",
        "addition",
        "repetition",
        "untranslated",
    }
)


@dataclass(frozen=True, slots=True)
class CheckedSegment:
    index: int
    source: str
    target: str | None
    pivot: str | None
    scores: dict[str, float]
    flags: tuple[Flag, ...]


@dataclass(frozen=True, slots=True)
class CheckReport:
    segments: tuple[CheckedSegment, ...]
    signatures: dict[str, str]

    def flags_by_kind(self) -> dict[str, int]:
        counts = Counter(f.kind for s in self.segments for f in s.flags)
        return dict(sorted(counts.items()))


def check_pairs(
    sources: Sequence[str],
    targets: Sequence[str] | None,
    pivots: Sequence[str] | None = None,
    *,
    kinds: Sequence[str] | None = None,
    use_embeddings: bool | None = None,
    metrics: Sequence[str] = ("chrf", "bleu", "ter"),
) -> CheckReport:
    """Score and check aligned segments (``targets=None``: the sources alone)."""
    if kinds is not None:
        unknown = sorted(set(kinds) - set(DETECTORS))
        if unknown:
            raise InputError(
                f"unknown flag kind {', '.join(unknown)}; known: {', '.join(DETECTORS)}"
            )
    chosen = list(kinds) if kinds is not None else list(DETECTORS)
    if targets is None:
        chosen = [k for k in chosen if k not in PAIR_ONLY]
    pairs = [
        SegmentPair(
            i,
            src,
            targets[i] if targets is not None else None,
            pivots[i] if pivots is not None else None,
        )
        for i, src in enumerate(sources)
    ]
    options: dict[str, dict[str, Any]] = {}
    if use_embeddings is not None:
        options["meaning-drift"] = {"use_embeddings": use_embeddings}
    flags = detect(pairs, chosen, options)
    by_segment: dict[int, list[Flag]] = {}
    for f in flags:
        by_segment.setdefault(f.segment, []).append(f)

    seg_scores: list[dict[str, float]] = [{} for _ in sources]
    signatures: dict[str, str] = {}
    if targets is not None and metrics:
        from workbench.metrics import get_metric

        for name in metrics:
            metric = get_metric(name)
            for i, value in enumerate(metric.sentence_scores(targets, sources)):
                seg_scores[i][name] = value
            signatures[name] = metric.sentence_signature()
    segments = tuple(
        CheckedSegment(
            p.index,
            p.source,
            p.target,
            p.pivot,
            seg_scores[p.index],
            tuple(by_segment.get(p.index, ())),
        )
        for p in pairs
    )
    return CheckReport(segments, signatures)


def check_files(
    source: str | Path, back: str | Path, pivot: str | Path | None = None, **kwargs: Any
) -> CheckReport:
    from workbench.texts import check_aligned, read_lines

    files = {str(source): read_lines(source), str(back): read_lines(back)}
    if pivot is not None:
        files[str(pivot)] = read_lines(pivot)
    check_aligned(files)
    return check_pairs(
        files[str(source)],
        files[str(back)],
        files[str(pivot)] if pivot is not None else None,
        **kwargs,
    )


def check_text(path: str | Path, *, lang: str = "en", **kwargs: Any) -> CheckReport:
    from workbench.segment import segment_text
    from workbench.texts import read_text

    segments = segment_text(read_text(path), lang)
    return check_pairs([s.text for s in segments], None, None, **kwargs)


def report_to_dict(report: CheckReport) -> dict[str, Any]:
    """The JSON shape of `workbench check --format json`."""
    from workbench.export import flag_dict

    return {
        "segments": [
            {
                "index": s.index,
                "source": s.source,
                "target": s.target,
                "pivot": s.pivot,
                "scores": s.scores,
                "flags": [flag_dict(f) for f in s.flags],
            }
            for s in report.segments
        ],
        "summary": {
            "segments": len(report.segments),
            "flags_by_kind": report.flags_by_kind(),
            "signatures": report.signatures,
        },
    }
