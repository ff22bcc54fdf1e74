"""A comparison as plain data: the JSON report, and what the other writers read."""

from __future__ import annotations

import json
from typing import Any

from workbench.compare import Bucket, CompareResult, LegResult, MetricScore

#: the metrics' display names, in display order
DISPLAY = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER"}


def _metric(score: MetricScore, alpha: float) -> dict[str, Any]:
    return {
        "name": score.name,
        "score": score.value,
        "signature": score.signature,
        "higher_is_better": score.higher_is_better,
        "paired": {
            p.test: {
                "p_value": p.p_value,
                "mean": p.mean,
                "ci": p.ci,
                "significant": None if p.p_value is None else p.p_value < alpha,
                "signature": p.signature,
                "note": p.note,
            }
            for p in score.paired
        },
    }


def _bucket(bucket: Bucket) -> dict[str, Any]:
    return {"label": bucket.label, "segments": bucket.segments, "scores": bucket.scores}


def _leg(leg: LegResult, alpha: float) -> dict[str, Any]:
    return {
        "key": leg.key,
        "title": leg.title,
        "reference": leg.reference_name,
        "systems": {
            s.system: {m: _metric(v, alpha) for m, v in s.scores.items()} for s in leg.systems
        },
        "segment_score_signatures": leg.segment_signatures,
        "length_buckets": [_bucket(b) for b in leg.length_buckets],
        "flag_buckets": [_bucket(b) for b in leg.flag_buckets],
    }


def to_dict(result: CompareResult) -> dict[str, Any]:
    """Everything in ``result`` as JSON-able data (per-segment scores excepted)."""
    return {
        "systems": [
            {"name": name, "origin": origin}
            for name, origin in zip(result.systems, result.origins, strict=True)
        ],
        "baseline": result.baseline,
        "segments": result.segments,
        "source": result.source_name,
        "metrics": list(result.metrics),
        "tests": list(result.tests),
        "alpha": result.alpha,
        "legs": [_leg(leg, result.alpha) for leg in result.legs],
        "significant": [
            {"leg": leg, "system": system, "metric": metric, "test": test}
            for leg, system, metric, test in result.significant_differences()
        ],
        "drift": {
            "flags_from": result.flags_from,
            "kinds": list(result.flag_kinds),
            "counts": result.flag_counts,
            "unique": result.unique_flags,
        },
        "disagreements": [
            {
                "index": d.index,
                "source": d.source,
                "reference": d.reference,
                "metric": d.metric,
                "spread": d.spread,
                "outputs": [
                    {"system": s, "output": text, "score": value} for s, text, value in d.outputs
                ],
                "flags": {s: list(kinds) for s, kinds in d.flags},
            }
            for d in result.disagreements
        ],
        "flag_differences": [
            {
                "index": f.index,
                "kind": f.kind,
                "present": list(f.present),
                "absent": list(f.absent),
                "source": f.source,
                "outputs": {s: text for s, text in f.outputs},
                "details": {s: detail for s, detail in f.details},
            }
            for f in result.flag_differences
        ],
        "timings": result.timings,
    }


def to_json(result: CompareResult) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"


def fmt_score(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def score_cell(score: MetricScore, alpha: float) -> str:
    """``45.9 (45.9 ± 1.3) p=0.0010*`` as sacrebleu prints a paired result."""
    text = fmt_score(score.value)
    bs = score.test("bs")
    if bs is not None and bs.mean is not None and bs.ci is not None:
        text += f" ({bs.mean:.1f} ± {bs.ci:.1f})"
    for p in score.paired:
        if p.p_value is not None:
            mark = "*" if p.p_value < alpha else ""
            text += (
                f" p{'' if len(score.paired) == 1 else '(' + p.test + ')'}={p.p_value:.4f}{mark}"
            )
    return text
