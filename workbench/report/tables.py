"""A comparison as CSV (one tidy table for scripts) and as Markdown (for reading)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from workbench.compare import Bucket, CompareResult
from workbench.report.data import DISPLAY, fmt_score, score_cell

CSV_COLUMNS = (
    "section",  # score | length | flag-bucket | flags
    "leg",
    "reference",
    "system",
    "metric",
    "item",  # length bucket label or flag kind
    "segments",
    "value",
    "bs_mean",
    "bs_ci",
    "p_bs",
    "p_ar",
    "significant",
    "signature",
)


def _num(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def to_csv(result: CompareResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for leg in result.legs:
        for s in leg.systems:
            for m, score in s.scores.items():
                bs, ar = score.test("bs"), score.test("ar")
                sig = score.significant(result.alpha)
                writer.writerow(
                    [
                        "score",
                        leg.key,
                        leg.reference_name,
                        s.system,
                        m,
                        "",
                        result.segments,
                        _num(score.value),
                        _num(bs.mean if bs else None),
                        _num(bs.ci if bs else None),
                        _num(bs.p_value if bs else None),
                        _num(ar.p_value if ar else None),
                        "" if sig is None else int(sig),
                        score.signature,
                    ]
                )
        for section, buckets in (("length", leg.length_buckets), ("flag-bucket", leg.flag_buckets)):
            for b in buckets:
                for system in result.systems:
                    for m, value in b.scores.get(system, {}).items():
                        writer.writerow(
                            [
                                *(section, leg.key, leg.reference_name, system, m, b.label),
                                *(b.segments[system], _num(value), "", "", "", "", "", ""),
                            ]
                        )
    for system, counts in result.flag_counts.items():
        for kind, count in counts.items():
            writer.writerow(
                [
                    *("flags", "", "", system, "", kind, result.segments, count),
                    *("", "", "", "", "", result.flags_from),
                ]
            )
    return out.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def to_markdown(result: CompareResult) -> str:
    names = list(result.systems)
    lines = [
        f"# Comparison of {len(names)} systems on {result.source_name}",
        "",
        f"{result.segments} segments; baseline **{result.baseline}**. " + _tests_sentence(result),
        "",
    ]
    for leg in result.legs:
        lines += [f"## {leg.title}", "", f"Reference: `{leg.reference_name}`.", ""]
        header = ["system", *(DISPLAY[m] for m in result.metrics), "flags"]
        rows = []
        for s in leg.systems:
            name = f"**{s.system}** (baseline)" if s.system == result.baseline else s.system
            rows.append(
                [name]
                + [score_cell(s.scores[m], result.alpha) for m in result.metrics]
                + [str(sum(result.flag_counts.get(s.system, {}).values()))]
            )
        lines += _table(header, rows)
        first = leg.systems[0]
        lines += ["Signatures:", ""]
        for m in result.metrics:
            score = first.scores[m]
            lines.append(f"- {score.name}: `{score.signature}`")
            lines += [f"  - {p.test}: `{p.signature}`" for p in score.paired]
        lines.append("")
        if leg.length_buckets:
            lines += [f"### {leg.title}: by source length", ""]
            lines += _bucket_table(result, leg.length_buckets)
        if leg.flag_buckets:
            lines += [f"### {leg.title}: on segments with each flag kind", ""]
            lines += _bucket_table(result, leg.flag_buckets)
    lines += [f"## Drift flags per kind ({result.flags_from})", ""]
    kinds = list(result.flag_kinds)
    lines += _table(
        ["system", *kinds, "total", "only this system"],
        [
            [name]
            + [str(result.flag_counts.get(name, {}).get(k, 0)) for k in kinds]
            + [
                str(sum(result.flag_counts.get(name, {}).values())),
                str(result.unique_flags.get(name, 0)),
            ]
            for name in names
        ],
    )
    if result.disagreements:
        lines += [
            "## Where the systems disagree most "
            f"(sentence {DISPLAY.get(result.disagreements[0].metric, '')})",
            "",
        ]
        for d in result.disagreements:
            lines += [
                f"### Segment {d.index} (spread {d.spread:.1f})",
                "",
                f"- source: {_cell(d.source)}",
            ]
            if d.reference != d.source:
                lines.append(f"- reference: {_cell(d.reference)}")
            flags = dict(d.flags)
            for system, text, value in d.outputs:
                kinds_here = ", ".join(flags.get(system, ()))
                note = f"; {kinds_here}" if kinds_here else ""
                lines.append(f"- {system} ({value:.1f}{note}): {_cell(text)}")
            lines.append("")
    if result.flag_differences:
        lines += ["## Flags some systems have and others do not", ""]
        for f in result.flag_differences:
            lines += [
                f"### Segment {f.index}: {f.kind} in {', '.join(f.present)}",
                "",
                f"- source: {_cell(f.source)}",
            ]
            details = dict(f.details)
            for system, text in f.outputs:
                mark = f" — **{_cell(details[system])}**" if system in details else ""
                lines.append(f"- {system}: {_cell(text)}{mark}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _tests_sentence(result: CompareResult) -> str:
    if not result.tests or len(result.systems) < 2:
        return "No paired tests."
    names = {"bs": "paired bootstrap resampling", "ar": "approximate randomization"}
    tests = " and ".join(names[t] for t in result.tests)
    return (
        f"Each system is compared with the baseline by {tests} (sacrebleu); "
        f"`*` marks p < {result.alpha} (the difference is unlikely to be chance). "
        "Scores read `score (bootstrap mean ± 95% CI) p=...`."
    )


def _bucket_table(result: CompareResult, buckets: Sequence[Bucket]) -> list[str]:
    lines: list[str] = []
    for m in result.metrics:
        rows = []
        for b in buckets:
            counts = {b.segments[n] for n in result.systems}
            shown = (
                str(counts.pop())
                if len(counts) == 1
                else "/".join(str(b.segments[n]) for n in result.systems)
            )
            rows.append(
                [b.label, shown] + [fmt_score(b.scores.get(n, {}).get(m)) for n in result.systems]
            )
        lines += [f"{DISPLAY[m]}:", ""]
        lines += _table(["bucket", "segments", *result.systems], rows)
    return lines
