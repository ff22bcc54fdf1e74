"""The compare screen: the loaded runs of one text scored against each other.

``workbench.compare.compare`` runs in a worker (sacrebleu's paired bootstrap
takes a few seconds on a long text), with the flags stored with the runs and
no embedding model; a loading indicator shows meanwhile.  Then: per leg, a
table of systems × BLEU / chrF / TER with the p-value of each system's paired
test against the baseline (``*`` where significant), the flag counts per kind
per system, and the segments the systems score most differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from workbench.compare import CompareResult, LegResult, MetricScore, compare, inputs_from_runs
from workbench.store import Store
from workbench.tui.display import safe
from workbench.tui.kinds import look

#: (metric key, column title) in the order the score table shows them.
METRICS = (("bleu", "BLEU"), ("chrf", "chrF"), ("ter", "TER"))


def score_cell(score: MetricScore | None, alpha: float) -> Text:
    """``value  p=…`` with ``*`` when the difference from the baseline is significant."""
    if score is None:
        return Text("–", "dim")
    cell = Text(f"{score.value:5.1f}", "bold")
    test = score.paired[0] if score.paired else None
    if test is None or test.p_value is None:
        return cell  # the baseline, or no test run
    cell.append(f" p={test.p_value:.3f}", "dim")
    if score.significant(alpha):
        cell.append(" *", "bold yellow")
    return cell


def leg_rows(result: CompareResult, leg: LegResult) -> list[list[Text]]:
    """One row per system: name, the three metrics, total flags."""
    rows = []
    for scores in leg.systems:
        name = Text(safe(scores.system), "bold" if scores.system == result.baseline else "")
        if scores.system == result.baseline:
            name.append(" (baseline)", "dim")
        cells = [name]
        cells += [score_cell(scores.scores.get(m), result.alpha) for m, _ in METRICS]
        total = sum(result.flag_counts.get(scores.system, {}).values())
        cells.append(Text(str(total), justify="right"))
        rows.append(cells)
    return rows


def disagreements_text(result: CompareResult) -> Text:
    """Each top disagreement: index, source, every system's output with its score."""
    out = Text()
    if not result.disagreements:
        out.append("No segment is scored differently by the systems.", "italic")
        return out
    width = max(len(safe(s)) for s in result.systems)
    for n, d in enumerate(result.disagreements):
        if n:
            out.append("\n\n")
        out.append(f"Segment {d.index}", "bold")
        out.append(f"  spread {d.spread:.1f} {d.metric}\n", "dim")
        out.append("source".ljust(width) + "  ", "dim")
        out.append(safe(d.source))
        flags = dict(d.flags)
        for system, output, score in d.outputs:
            out.append("\n")
            out.append(safe(system).ljust(width), "bold")
            out.append(f"  {score:5.1f}  ", "bold")
            out.append(safe(output))
            for kind in flags.get(system, ()):
                out.append(" ")
                out.append(f" {look(kind).letter} ", look(kind).style)
    return out


class CompareScreen(Screen[None]):
    """Scores, significance, flags and disagreements of the loaded runs."""

    CSS_PATH = "compare.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", tooltip="Back to the review screen"),
    ]

    def __init__(self, store: Store, run_ids: Sequence[int]) -> None:
        super().__init__()
        self.store = store
        self.run_ids = list(run_ids)
        self.result: CompareResult | None = None

    def compose(self) -> ComposeResult:
        runs = ", ".join(f"run {i}" for i in self.run_ids)
        yield Static(Text(f"Compare {runs} — Esc closes", "bold"), id="compare-title")
        yield LoadingIndicator(id="compare-loading")
        yield VerticalScroll(id="compare-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#compare-body").display = False
        self.run_compare()

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def run_compare(self) -> CompareResult:
        # Stored flags only: detect=True uses them when every run has them;
        # the embedding model would take seconds to load for nothing here.
        inputs = inputs_from_runs(self.store, self.run_ids)
        return compare(inputs, detect=True, redetect=False, embeddings=False)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "compare":
            return
        if event.state == WorkerState.SUCCESS:
            result = worker.result
            assert isinstance(result, CompareResult)
            self.show_result(result)
        elif event.state == WorkerState.ERROR:
            self._finish([Static(Text(f"Compare failed: {worker.error}", "bold red"))])
            self.notify(f"Compare failed: {worker.error}", severity="error", markup=False)

    def _finish(self, widgets: Sequence[Static | DataTable[Text]]) -> None:
        self.query_one("#compare-loading").display = False
        body = self.query_one("#compare-body", VerticalScroll)
        body.display = True
        body.mount_all(widgets)
        body.focus()

    def show_result(self, result: CompareResult) -> None:
        self.result = result
        widgets: list[Static | DataTable[Text]] = []
        info = Text()
        info.append(f"{result.segments} segments of {safe(result.source_name)}; ")
        info.append(f"baseline {safe(result.baseline)}; ")
        tests = ", ".join(result.tests) or "none"
        info.append(f"paired test {tests}, * p < {result.alpha:g}; {safe(result.flags_from)}")
        widgets.append(Static(info, classes="compare-info"))
        for leg in result.legs:
            widgets.append(Static(Text(safe(leg.title), "bold"), classes="compare-heading"))
            table: DataTable[Text] = DataTable(
                id=f"compare-scores-{leg.key}", classes="compare-table", cursor_type="row"
            )
            table.add_column("system", key="system")
            for metric, title in METRICS:
                table.add_column(title, key=metric)
            table.add_column("flags", key="flags")
            for scores, row in zip(leg.systems, leg_rows(result, leg), strict=True):
                table.add_row(*row, key=scores.system)
            widgets.append(table)
        widgets.append(Static(Text("Flags per kind", "bold"), classes="compare-heading"))
        flags: DataTable[Text] = DataTable(
            id="compare-flags", classes="compare-table", cursor_type="row"
        )
        flags.add_column("kind", key="kind")
        for system in result.systems:
            flags.add_column(Text(safe(system)), key=system)
        for kind in result.flag_kinds:
            label = Text(f" {look(kind).letter} ", look(kind).style)
            label.append(f" {look(kind).label}")
            counts = [
                Text(str(result.flag_counts.get(s, {}).get(kind, 0)), justify="right")
                for s in result.systems
            ]
            flags.add_row(label, *counts, key=kind)
        unique = [Text(str(result.unique_flags.get(s, 0)), justify="right") for s in result.systems]
        flags.add_row(Text("only this system", "italic"), *unique, key="unique")
        widgets.append(flags)
        widgets.append(
            Static(Text("Segments the systems disagree on most", "bold"), classes="compare-heading")
        )
        widgets.append(Static(disagreements_text(result), id="compare-disagreements"))
        self._finish(widgets)

    def action_close(self) -> None:
        self.dismiss(None)
