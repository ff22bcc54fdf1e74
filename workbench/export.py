"""Write a stored run as JSON, CSV, TSV or Markdown.

JSON is the complete record (configuration, signatures, flags, decisions);
CSV/TSV have one row per segment for spreadsheets; Markdown is for reading.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from workbench.results import Flag
from workbench.store import RunView, flag_key

FORMATS = ("json", "csv", "tsv", "md")
METRICS = ("chrf", "bleu", "ter")


def flag_dict(flag: Flag) -> dict[str, Any]:
    """A flag in the shape `workbench check --format json` prints."""
    return {
        "kind": flag.kind,
        "source": flag.source.text if flag.source else None,
        "target": flag.target.text if flag.target else None,
        "detail": flag.detail,
        "severity": flag.severity.value,
        "detector": flag.detector,
        "target_side": flag.target_side,
        "source_span": [flag.source.start, flag.source.end] if flag.source else None,
        "target_span": [flag.target.start, flag.target.end] if flag.target else None,
        "suggestion": flag.suggestion,
    }


def run_to_dict(view: RunView) -> dict[str, Any]:
    decisions_by_flag: dict[tuple[int, str], str] = {}
    notes: dict[int, list[str]] = {}
    for d in view.decisions:  # later decisions override earlier ones
        if d.flag_key and d.decision:
            decisions_by_flag[(d.segment, d.flag_key)] = d.decision
        if d.note:
            notes.setdefault(d.segment, []).append(d.note)
    segments = []
    for row in view.rows:
        flags = []
        for f in row.flags:
            entry = flag_dict(f)
            entry["decision"] = decisions_by_flag.get((row.segment.index, flag_key(f)))
            flags.append(entry)
        segments.append(
            {
                "index": row.segment.index,
                "paragraph": row.segment.paragraph,
                "heading": row.segment.heading,
                "source": row.segment.text,
                "pivot": row.pivot,
                "back": row.back,
                "scores": row.scores,
                "flags": flags,
                "notes": notes.get(row.segment.index, []),
            }
        )
    by_kind: dict[str, int] = {}
    for row in view.rows:
        for f in row.flags:
            by_kind[f.kind] = by_kind.get(f.kind, 0) + 1
    s = view.summary
    return {
        "run": {
            "id": s.id,
            "system": s.system,
            "kind": s.kind,
            "status": s.status,
            "text": view.text.name,
            "text_path": view.text.path,
            "created": s.created,
        },
        "config": view.config,
        "scores": {k: asdict(v) for k, v in view.corpus_scores.items()},
        "segment_score_signatures": view.segment_signatures,
        "segments": segments,
        "summary": {"flags_by_kind": dict(sorted(by_kind.items())), "segments": len(segments)},
    }


def _delimited(view: RunView, delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(
        ["index", "paragraph", "heading", "source", "pivot", "back", *METRICS, "flags", "decisions"]
    )
    data = run_to_dict(view)
    for seg in data["segments"]:
        flags = "; ".join(
            f"{f['kind']}: {f['source'] or ''} -> {f['target'] or ''}" for f in seg["flags"]
        )
        decisions = "; ".join(f"{f['kind']}={f['decision']}" for f in seg["flags"] if f["decision"])
        if seg["notes"]:
            decisions = "; ".join(filter(None, [decisions, *(f"note: {n}" for n in seg["notes"])]))
        writer.writerow(
            [
                seg["index"],
                seg["paragraph"],
                int(seg["heading"]),
                seg["source"],
                seg["pivot"] or "",
                seg["back"] or "",
                *(_fmt(seg["scores"].get(m)) for m in METRICS),
                flags,
                decisions,
            ]
        )
    return out.getvalue()


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _md_cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _markdown(view: RunView) -> str:
    data = run_to_dict(view)
    run = data["run"]
    lines = [f"# Run {run['id']}: {run['system']} on {run['text']}", ""]
    for metric, score in data["scores"].items():
        lines.append(f"- **{metric}** {score['value']:.2f} (`{score['signature']}`)")
    lines += ["", "| # | source | pivot | back | chrF | flags |", "|---|---|---|---|---|---|"]
    for seg in data["segments"]:
        flags = "<br>".join(
            _md_cell(
                f"{f['kind']}: {f['detail']}" + (f" [{f['decision']}]" if f["decision"] else "")
            )
            for f in seg["flags"]
        )
        lines.append(
            f"| {seg['index']} | {_md_cell(seg['source'])} | {_md_cell(seg['pivot'])} | "
            f"{_md_cell(seg['back'])} | {_fmt(seg['scores'].get('chrf'))} | {flags} |"
        )
    return "\n".join(lines) + "\n"


_WRITERS: dict[str, Callable[[RunView], str]] = {
    "json": lambda v: json.dumps(run_to_dict(v), ensure_ascii=False, indent=2) + "\n",
    "csv": lambda v: _delimited(v, ","),
    "tsv": lambda v: _delimited(v, "\t"),
    "md": _markdown,
}


def export_run(view: RunView, fmt: str) -> str:
    """The run as text in ``fmt`` (one of ``FORMATS``)."""
    return _WRITERS[fmt](view)
