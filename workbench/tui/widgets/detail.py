"""The detail panel: everything stored about the segment under the cursor.

All scores (of every run of the text, so models can be compared on one
sentence), every flag with its explanation, suggestion and review decision
(the flag that ``c``/``x`` act on is marked ▶), the segment's notes, and the
models and revisions that made the translations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget

from workbench.results import Flag
from workbench.tui.display import rtl_lines, safe
from workbench.tui.kinds import look
from workbench.tui.model import CONFIRMED, FALSE_ALARM, LoadedRun

METRIC_LABELS = {"chrf": "chrF", "bleu": "BLEU", "ter": "TER"}
PIVOT_INDENT = 8
DECISION_LABELS = {CONFIRMED: "✓ confirmed", FALSE_ALARM: "✗ false alarm"}


def describe_models(run: LoadedRun) -> str:
    """The models and revisions behind a run, or where an imported run came from."""
    config = run.view.config
    if run.view.summary.kind == "import":
        files = config.get("files", {})
        names = ", ".join(str(v).rsplit("/", 1)[-1] for v in files.values()) if files else ""
        return f"imported as “{run.name}”" + (f" from {names}" if names else "")
    parts = []
    for leg, arrow in (("forward", "→"), ("backward", "←")):
        info = config.get(leg)
        if isinstance(info, dict):
            revision = str(info.get("revision", ""))
            parts.append(f"{arrow} {info.get('model')} @ {revision[:12]}")
    return "  ".join(parts) or str(config)


def _label(text: str, style: str = "bold") -> Text:
    return Text(text, style=style)


def detail_text(
    runs: Sequence[LoadedRun],
    primary: LoadedRun,
    index: int,
    selected_flag: int,
    *,
    bidi: bool = True,
    width: int = 80,
) -> Text:
    """The panel's content for segment ``index`` of ``primary`` (flag ``selected_flag`` ▶)."""
    row = primary.row(index)
    seg = row.segment
    out = Text()
    out.append(f"Segment {seg.index}", "bold")
    out.append(f"  paragraph {seg.paragraph}, sentence {seg.sentence}")
    if seg.heading:
        out.append("  (heading)")
    out.append(f"   run {primary.id}: {safe(primary.name)}\n", "dim")
    source, back = Text(safe(seg.text)), Text(safe(row.back))
    for f in row.flags:  # the same colours as in the table
        if primary.review.decision(f) == FALSE_ALARM:
            continue
        if f.source is not None:
            source.stylize(look(f.kind).style, f.source.start, f.source.end)
        if f.target is not None and f.target_side == "back":
            back.stylize(look(f.kind).style, f.target.start, f.target.end)
    out.append_text(_label("source  "))
    out.append_text(source)
    out.append("\n")
    if row.pivot is not None:
        # Wrapped here, in logical order, then each line reordered: a wrap of
        # the reordered text would show the sentence's end first.
        lines, direction = rtl_lines(row.pivot, max(width - PIVOT_INDENT, 10), bidi=bidi)
        for n, line in enumerate(lines):
            out.append_text(_label("pivot   " if n == 0 else " " * PIVOT_INDENT))
            pivot_line = Text(line)
            if direction == "R" and len(lines) > 1:
                pivot_line.align("right", max(width - PIVOT_INDENT, 10))
            out.append_text(pivot_line)
            out.append("\n")
    out.append_text(_label("back    "))
    if row.back is None:
        out.append("(not translated yet)")
    out.append_text(back)
    out.append("\n")

    flags = row.flags
    out.append_text(_label(f"\nFlags ({len(flags)})\n"))
    if not flags:
        out.append("  none\n", "dim")
    for n, f in enumerate(flags):
        out.append_text(_flag_text(f, primary.review.decision(f), selected=n == selected_flag))

    notes = primary.review.notes.get(index, ())
    if notes:
        out.append_text(_label("\nNotes\n"))
        for note in notes:
            out.append(f"  ✎ {safe(note)}\n")

    out.append_text(_label("\nScores\n"))
    for run in runs:
        scores = run.row(index).scores
        marker = "▶ " if run is primary else "  "
        out.append(f"{marker}{safe(run.name):<16}", "bold" if run is primary else "")
        shown = "  ".join(
            f"{METRIC_LABELS.get(k, k)} {scores[k]:6.2f}"
            for k in ("chrf", "bleu", "ter")
            if k in scores
        )
        others = "  ".join(
            f"{k} {v:.2f}" for k, v in sorted(scores.items()) if k not in ("chrf", "bleu", "ter")
        )
        out.append(" ".join(filter(None, [shown, others])) or "not scored")
        out.append("\n")
        if run is not primary and run.row(index).back:
            out.append(f"{'':18}{safe(run.row(index).back)}\n", "dim")

    out.append_text(_label("\nModels\n"))
    for run in runs:
        out.append(f"  {safe(run.name)}: ", "bold" if run is primary else "")
        out.append(safe(describe_models(run)) + "\n")
    out.rstrip()
    return out


def _flag_text(flag: Flag, decision: str | None, *, selected: bool) -> Text:
    kind = look(flag.kind)
    out = Text()
    out.append("▶ " if selected else "  ", "bold")
    out.append(f" {kind.letter} ", kind.style)
    out.append(f" {flag.kind}", "bold")
    out.append(f" ({flag.severity.value})")
    if decision:
        out.append(f"  {DECISION_LABELS.get(decision, decision)}", "bold")
    out.append("\n")
    spans = []
    if flag.source is not None:
        spans.append(f"source “{safe(flag.source.text)}”")
    if flag.target is not None:
        spans.append(f"{flag.target_side} “{safe(flag.target.text)}”")
    if spans:
        out.append("     " + " → ".join(spans) + "\n")
    out.append("     " + safe(flag.detail) + "\n")
    if flag.suggestion:
        out.append(f"     suggestion: {safe(flag.suggestion)}\n", "italic")
    out.append(f"     detector: {safe(flag.detector)}\n", "dim")
    return out


class DetailBody(Widget):
    """The detail text, laid out for the width it gets (Arabic is wrapped per line)."""

    DEFAULT_CSS = """
    DetailBody {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._make: Callable[[int], Text] = lambda _width: Text()
        self._made: tuple[int, Text] | None = None

    def show(self, make: Callable[[int], Text]) -> None:
        self._make, self._made = make, None
        self.refresh(layout=True)

    def render(self) -> Text:
        return self.text

    @property
    def text(self) -> Text:
        width = max(self.content_region.width, 20)
        if self._made is None or self._made[0] != width:
            self._made = (width, self._make(width))
        return self._made[1]


class DetailPanel(VerticalScroll, can_focus=True):
    """Scrollable details of one segment."""

    ALLOW_MAXIMIZE = True

    def compose(self) -> ComposeResult:
        yield DetailBody(id="detail-body")

    def show(self, make: Callable[[int], Text]) -> None:
        """Show the text ``make(width)`` builds for the panel's width."""
        self.query_one(DetailBody).show(make)

    @property
    def body(self) -> Text:
        """The content shown (for tests)."""
        return self.query_one(DetailBody).text
