"""The summary bar: one line per run of the text, and what the table shows now.

Each run's corpus scores (chrF, BLEU, TER), flag counts by kind (with the
markers the table uses) and how many flags are reviewed; ▶ marks the run
shown, ◆ the one beside it.  The last line names the filter, search and sort.
Lines are shortened, never wrapped, to fit the terminal's width.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

from workbench.tui.display import safe
from workbench.tui.kinds import look
from workbench.tui.model import LoadedRun


def run_line(run: LoadedRun, marker: str, name_width: int, *, primary: bool, detail: int) -> Text:
    """One run's line; ``detail`` 2 is the full line, 1 drops the review count,
    0 also drops the counts by kind."""
    out = Text()
    out.append(f"{marker} ", "bold")
    out.append(f"{safe(run.name):<{name_width}}", "bold" if primary else "")
    scores = run.view.corpus_scores
    for metric, label in (("chrf", "chrF"), ("bleu", "BLEU"), ("ter", "TER")):
        if metric in scores:
            out.append(f"  {label} ")
            out.append(f"{scores[metric].value:5.1f}", "bold")
    counts = run.flag_counts()
    total = sum(counts.values())
    out.append(f"  flags {total:>3}")
    if counts and detail >= 1:
        out.append(" ")
        for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(" ")
            out.append(look(kind).letter, look(kind).style)
            out.append(str(n))
    if total and detail >= 2:
        out.append(f"  reviewed {run.reviewed()}/{total}", "dim")
    return out


def summary_text(
    runs: Sequence[LoadedRun],
    primary: LoadedRun,
    second: LoadedRun | None,
    status: Sequence[str],
    width: int = 200,
) -> Text:
    """The bar for ``width`` cells: the most detail that fits on one line per run.

    ``status`` holds the parts of the last line, most important first; parts
    that do not fit are left out.
    """
    name_width = max((len(safe(r.name)) for r in runs), default=0)
    markers = ["▶" if r is primary else "◆" if r is second else " " for r in runs]
    # One level of detail for every line, so the columns stay aligned.
    for detail in (2, 1, 0):
        lines = [
            run_line(run, m, name_width, primary=run is primary, detail=detail)
            for run, m in zip(runs, markers, strict=True)
        ]
        if all(line.cell_len <= width for line in lines):
            break
    for line in lines:
        line.truncate(width, overflow="ellipsis")
    shown = ""
    for part in status:
        candidate = f"{shown} · {part}" if shown else part
        if len(candidate) <= width:
            shown = candidate
    lines.append(Text(shown, style="italic"))
    return Text("\n").join(lines)


class SummaryBar(Widget):
    """Scores and flag counts of every run, and the table's filter and sort."""

    DEFAULT_CSS = """
    SummaryBar {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._args: tuple[Sequence[LoadedRun], LoadedRun, LoadedRun | None, Sequence[str]] | None
        self._args = None

    def show(
        self,
        runs: Sequence[LoadedRun],
        primary: LoadedRun,
        second: LoadedRun | None,
        status: Sequence[str],
    ) -> None:
        self._args = (list(runs), primary, second, list(status))
        self.refresh(layout=True)

    def render(self) -> Text:
        if self._args is None:
            return Text()
        return summary_text(*self._args, width=max(self.content_region.width, 10))
