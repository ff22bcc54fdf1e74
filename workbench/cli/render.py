"""Terminal rendering of stored runs (rich tables), shared by the commands."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from workbench.roundtrip import describe_config
from workbench.store import RunSummary, RunView

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def runs_table(runs: list[RunSummary]) -> Table:
    table = Table(title="Stored runs", expand=False)
    for name, justify in (
        ("run", "right"),
        ("text", "left"),
        ("system", "left"),
        ("status", "left"),
        ("segments", "right"),
        ("chrF", "right"),
        ("BLEU", "right"),
        ("TER", "right"),
        ("flags", "right"),
        ("created", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in runs:
        table.add_row(
            str(r.id),
            escape(r.text_name),
            escape(r.system),
            r.status if r.status == "complete" else f"[yellow]{r.status}[/]",
            f"{r.translated}/{r.segments}",
            _score(r.scores.get("chrf")),
            _score(r.scores.get("bleu")),
            _score(r.scores.get("ter")),
            str(r.flags),
            datetime.fromtimestamp(r.created).strftime("%Y-%m-%d %H:%M"),
        )
    return table


def print_run(console: Console, view: RunView, *, flagged_only: bool = False) -> None:
    s = view.summary
    console.print(
        f"[bold]Run {s.id}[/]  {escape(s.system)} on {escape(view.text.name)}  "
        f"({s.translated}/{s.segments} segments, {s.status})"
    )
    if s.kind == "model":
        console.print(f"models: {escape(describe_config(view.config))}")
    for score in view.corpus_scores.values():
        console.print(f"  {score.metric:>4} {score.value:6.2f}   [dim]{escape(score.signature)}[/]")
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("source", ratio=3)
    table.add_column("pivot", ratio=3)
    table.add_column("back-translation", ratio=3)
    table.add_column("chrF", justify="right", no_wrap=True)
    table.add_column("flags", ratio=2)
    for row in view.rows:
        if flagged_only and not row.flags:
            continue
        flags = Text()
        for f in row.flags:
            if flags:
                flags.append("\n")
            flags.append(f.kind, style=SEVERITY_STYLE.get(f.severity.value, ""))
            flags.append(f": {f.detail}")
        source = Text(row.segment.text, style="bold" if row.segment.heading else "")
        table.add_row(
            str(row.segment.index),
            source,
            Text(row.pivot or ""),
            Text(row.back or ""),
            _score(row.scores.get("chrf")),
            flags,
        )
    console.print(table)
