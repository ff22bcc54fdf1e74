"""The aligned segments of a run, one row per segment: the review TUI's main view.

A Line API widget (``ScrollView`` + ``render_line``): every row is laid out
once per width into strips and only the visible lines are painted, so a long
text scrolls as fast as a short one.  A row shows the segment number, the
source, the Arabic pivot (in visual order, see ``workbench.tui.display``), one
or two back-translations with the words that differ from the source
underlined and each flagged span coloured by kind, the chrF and the flag
markers.  A blank line marks a paragraph boundary and headings are bold.
The header line stays at the top; clicking a row selects it, clicking a
column title sorts by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.results import Flag
from workbench.store import RunRow
from workbench.tui.display import rtl_lines, safe, wrap_offsets
from workbench.tui.kinds import look
from workbench.tui.messages import SegmentHighlighted
from workbench.tui.model import FALSE_ALARM, LoadedRun, word_diff

NUMBER_WIDTH = 5
CHRF_WIDTH = 5
FLAGS_WIDTH = 6
MIN_TEXT_WIDTH = 8


@dataclass(frozen=True, slots=True)
class TableContent:
    """What the table shows: which runs, which segments in which order, how."""

    primary: LoadedRun
    second: LoadedRun | None = None
    order: tuple[int, ...] = ()
    document_order: bool = True  # paragraph gaps only make sense in document order
    show_pivot: bool = True
    bidi: bool = True
    search: str = ""


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width: int
    align: str = "left"


class SegmentTable(ScrollView, can_focus=True):
    """Segments as rows; the cursor selects the segment the detail panel shows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="Previous segment"),
        Binding("down,j", "cursor_down", "Down", show=False, tooltip="Next segment"),
        Binding("pageup", "page_up", "Page up", show=False, tooltip="A page up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, tooltip="A page down"),
        Binding("home,g", "first", "First", show=False, tooltip="First segment"),
        Binding("end,G", "last", "Last", show=False, tooltip="Last segment"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "segment-table--header",
        "segment-table--cursor",
        "segment-table--number",
        "segment-table--heading",
        "segment-table--diff",
        "segment-table--search",
        "segment-table--dim",
    }

    DEFAULT_CSS = """
    SegmentTable {
        scrollbar-gutter: stable;
        background: $surface;
    }
    SegmentTable > .segment-table--header {
        text-style: bold;
        background: $panel;
        color: $foreground;
    }
    SegmentTable > .segment-table--cursor {
        color: $foreground;
        background: $primary-muted;
    }
    SegmentTable:focus > .segment-table--cursor {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
    }
    SegmentTable > .segment-table--number {
        color: $text-muted;
    }
    SegmentTable > .segment-table--heading {
        text-style: bold;
        color: $text-accent;
    }
    SegmentTable > .segment-table--diff {
        text-style: underline;
        color: $text-warning;
    }
    SegmentTable > .segment-table--search {
        text-style: reverse;
    }
    SegmentTable > .segment-table--dim {
        color: $text-muted;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class HeaderClicked(Message):
        """A column title was clicked (``key`` names the column)."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._content: TableContent | None = None
        self._columns: list[Column] = []
        self._rows: list[list[Strip]] = []  # per visible row: its lines
        self._gaps: list[int] = []  # blank lines at the top of each row (0 or 1)
        self._starts: list[int] = []  # first line of each row
        self._width = 0
        # Rendered rows by everything that changes how they look: sorting,
        # filtering, switching models back and forth or marking one flag
        # re-renders only what changed.
        self._row_cache: dict[tuple[object, ...], list[Strip]] = {}

    # -- content ----------------------------------------------------------------------

    @property
    def content(self) -> TableContent | None:
        return self._content

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    @property
    def current_segment(self) -> int | None:
        """The segment index under the cursor, or None when nothing is shown."""
        if self._content is None or not self._content.order:
            return None
        return self._content.order[min(self.cursor, len(self._content.order) - 1)]

    def show(self, content: TableContent, *, keep: int | None = None) -> None:
        """Show ``content``; the cursor stays on segment ``keep`` if it is still shown."""
        self._content = content
        self._layout()
        target = 0
        if keep is not None and keep in content.order:
            target = content.order.index(keep)
        self.cursor = min(target, max(len(content.order) - 1, 0))

    def select_segment(self, index: int) -> bool:
        """Move the cursor to segment ``index``; False if it is not shown."""
        if self._content is None or index not in self._content.order:
            return False
        self.cursor = self._content.order.index(index)
        return True

    def refresh_rows(self, *, restyle: bool = False) -> None:
        """Lay out again; ``restyle`` also forgets rendered rows (the theme changed)."""
        if restyle:
            self._row_cache.clear()
        self._layout()
        self.refresh()

    # -- layout -----------------------------------------------------------------------

    def on_mount(self) -> None:
        # Rows are laid out with the theme's colours baked in: lay out again
        # once the new theme's styles are in place.
        self.app.theme_changed_signal.subscribe(
            self, lambda _theme: self.call_after_refresh(self.refresh_rows, restyle=True)
        )

    def on_focus(self) -> None:
        self.refresh()  # the cursor row has a focused and a blurred colour

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._layout()
            self._scroll_to_cursor()

    def _make_columns(self, width: int) -> list[Column]:
        c = self._content
        assert c is not None
        texts = [("source", "source")]
        if c.show_pivot and self._has_pivot():
            texts.append(("pivot", "pivot (ar)" if c.bidi else "pivot (ar, logical order)"))
        texts.append(("back", f"back · {safe(c.primary.name)}"))
        if c.second is not None:
            texts.append(("back2", f"back · {safe(c.second.name)}"))
        fixed = NUMBER_WIDTH + CHRF_WIDTH + FLAGS_WIDTH
        gutters = len(texts) + 2  # one space between neighbouring columns
        free = max(width - fixed - gutters, MIN_TEXT_WIDTH * len(texts))
        each, extra = divmod(free, len(texts))
        columns = [Column("number", "#", NUMBER_WIDTH, "right")]
        for i, (key, title) in enumerate(texts):
            columns.append(Column(key, title, each + (1 if i < extra else 0)))
        columns.append(Column("chrf", "chrF", CHRF_WIDTH, "right"))
        columns.append(Column("flags", "flags", FLAGS_WIDTH))
        return columns

    def _has_pivot(self) -> bool:
        c = self._content
        runs = [] if c is None else [c.primary] + ([c.second] if c.second else [])
        return any(row.pivot for run in runs for row in run.view.rows)

    def _layout(self) -> None:
        self._rows, self._gaps, self._starts = [], [], []
        width = self.scrollable_content_region.width
        self._width = width
        if self._content is None or width <= 0:
            self.virtual_size = Size(width, 1)
            return
        self._columns = self._make_columns(width)
        line = 0
        previous: RunRow | None = None
        rows = self._content.primary.view.rows
        for index in self._content.order:
            row = rows[index]
            gap = int(
                self._content.document_order
                and previous is not None
                and self._new_paragraph(previous, row)
            )
            lines = self._render_row(row)
            self._rows.append(lines)
            self._gaps.append(gap)
            self._starts.append(line)
            line += gap + len(lines)
            previous = row
        self.virtual_size = Size(width, line + 1)  # + the header line
        self.refresh()

    def _new_paragraph(self, previous: RunRow, row: RunRow) -> bool:
        text = self._content.primary.view.text if self._content else None
        if text is not None and text.segmentation == "lines":
            # Imported files: every line is its own "paragraph"; an empty line
            # between two rows (hidden) is the paragraph break.
            return row.segment.index > previous.segment.index + 1
        return row.segment.paragraph != previous.segment.paragraph

    # -- rendering one row ----------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"segment-table--{name}", partial=True)

    def _wrap(self, text: Text, width: int) -> list[Text]:
        return [text[start:end] for start, end in wrap_offsets(text.plain, width)]

    def _search(self, text: Text) -> None:
        assert self._content is not None
        needle = self._content.search.strip()
        if needle:
            style = self._style("search")
            for m in re.finditer(re.escape(needle), text.plain, re.IGNORECASE):
                text.stylize(style, m.start(), m.end())

    def _source_text(self, row: RunRow) -> Text:
        assert self._content is not None
        text = Text(safe(row.segment.text))
        if row.segment.heading:
            text.stylize(self._style("heading"))
        review = self._content.primary.review
        for f in row.flags:
            if f.source is not None:
                text.stylize(_span_style(f, review.decision(f)), f.source.start, f.source.end)
        self._search(text)
        return text

    def _back_text(self, row: RunRow, run: LoadedRun) -> Text:
        text = Text(safe(row.back))
        if row.back is None:
            return Text("(not translated yet)", style=self._style("dim"))
        diff = self._style("diff")
        for start, end in word_diff(row.segment.text, row.back):
            text.stylize(diff, start, end)
        for f in row.flags:
            if f.target is not None and f.target_side == "back":
                text.stylize(_span_style(f, run.review.decision(f)), f.target.start, f.target.end)
        self._search(text)
        return text

    def _markers(self, row: RunRow, run: LoadedRun) -> Text:
        text = Text()
        for f in row.flags:
            text.append(look(f.kind).letter, _marker_style(f, run.review.decision(f)))
        if run.review.notes.get(row.segment.index):
            text.append("✎")
        return text

    def _row_key(self, row: RunRow) -> tuple[object, ...]:
        c = self._content
        assert c is not None
        index = row.segment.index

        def review(run: LoadedRun | None) -> tuple[object, ...] | None:
            if run is None:
                return None
            flags = run.row(index).flags
            decisions = tuple(run.review.decision(f) for f in flags)
            return (run.id, decisions, bool(run.review.notes.get(index)))

        columns = tuple((column.key, column.width) for column in self._columns)
        return (index, columns, c.bidi, c.search, review(c.primary), review(c.second))

    def _render_row(self, row: RunRow) -> list[Strip]:
        key = self._row_key(row)
        cached = self._row_cache.get(key)
        if cached is None:
            if len(self._row_cache) > 20_000:
                self._row_cache.clear()
            cached = self._row_cache[key] = self._render_row_uncached(row)
        return cached

    def _render_row_uncached(self, row: RunRow) -> list[Strip]:
        c = self._content
        assert c is not None
        cells: list[list[Text]] = []
        aligns: list[str] = []
        for column in self._columns:
            lines, align = self._cell(column, row)
            cells.append(lines)
            aligns.append(align)
        height = max(len(lines) for lines in cells)
        strips = []
        console = self.app.console
        for i in range(height):
            line = Text()
            for n, (column, lines, align) in enumerate(
                zip(self._columns, cells, aligns, strict=True)
            ):
                if n:
                    line.append(" ")
                part = lines[i].copy() if i < len(lines) else Text()
                part.truncate(column.width, overflow="crop")
                part.align(align, column.width)  # type: ignore[arg-type]
                line.append_text(part)
            segments = list(line.render(console, end=""))
            # No background baked in: the cursor and the widget's background
            # go under the spans' own colours when the line is painted.
            strips.append(Strip(segments, line.cell_len))
        return strips

    def _cell(self, column: Column, row: RunRow) -> tuple[list[Text], str]:
        c = self._content
        assert c is not None
        key, width = column.key, column.width
        if key == "number":
            mark = "§" if row.segment.heading else ""
            return [Text(f"{mark}{row.segment.index}", style=self._style("number"))], "right"
        if key == "source":
            return self._wrap(self._source_text(row), width), "left"
        if key == "pivot":
            lines, direction = rtl_lines(row.pivot or "", width, bidi=c.bidi)
            return [Text(line) for line in lines], "right" if direction == "R" else "left"
        if key in ("back", "back2"):
            run = c.primary if key == "back" else c.second
            assert run is not None
            other = run.row(row.segment.index)
            return self._wrap(self._back_text(other, run), width), "left"
        runs = [c.primary] if c.second is None else [c.primary, c.second]
        if key == "chrf":
            out = []
            for n, run in enumerate(runs):
                value = run.row(row.segment.index).scores.get("chrf")
                shown = "–" if value is None else f"{value:.1f}"
                out.append(Text(shown, style=self._style("dim") if n else ""))
            return out, "right"
        # flags
        out = []
        for run in runs:
            out.extend(
                self._wrap(self._markers(run.row(row.segment.index), run), width) or [Text()]
            )
        return out, "left"

    def _header(self) -> Strip:
        style = self._style("header")
        line = Text(style=style)
        for n, column in enumerate(self._columns):
            if n:
                line.append(" ")
            part = Text(column.title)
            part.truncate(column.width, overflow="ellipsis")
            part.align(column.align, column.width)  # type: ignore[arg-type]
            line.append_text(part)
        segments = list(line.render(self.app.console, end=""))
        return Strip(segments, line.cell_len).apply_style(self.rich_style + style)

    # -- painting -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self._content is None:
            return Strip.blank(width, base)
        if y == 0:
            return self._header().crop_extend(0, width, base + self._style("header"))
        line = self.scroll_offset.y + y - 1
        position = self._row_at(line)
        if position is None:
            return Strip.blank(width, base)
        offset = line - self._starts[position]
        gap = self._gaps[position]
        if offset < gap:
            return Strip.blank(width, base)
        strip = self._rows[position][offset - gap]
        if position == self.cursor:
            strip = strip.apply_style(self._style("cursor"))
        return strip.apply_style(base).crop_extend(0, width, base)

    def _row_at(self, line: int) -> int | None:
        """The visible row that owns layout line ``line``."""
        import bisect

        if not self._starts or line < 0:
            return None
        position = bisect.bisect_right(self._starts, line) - 1
        if position < 0:
            return None
        end = self._starts[position] + self._gaps[position] + len(self._rows[position])
        return position if line < end else None

    # -- cursor -------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        if self._content is None or not self._content.order:
            return
        clamped = max(0, min(new, len(self._content.order) - 1))
        if clamped != new:
            self.cursor = clamped
            return
        self.refresh()
        self._scroll_to_cursor()
        self.post_message(SegmentHighlighted(self._content.order[new]))

    def _scroll_to_cursor(self) -> None:
        if not self._starts or self.cursor >= len(self._starts):
            return
        start = self._starts[self.cursor] + self._gaps[self.cursor]
        height = len(self._rows[self.cursor])
        self.scroll_to_region(
            Region(0, start + 1, 1, height),
            spacing=Spacing(top=1),
            animate=False,
            force=True,
            immediate=True,
        )

    def _rows_per_page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor_up(self) -> None:
        self.cursor = max(0, self.cursor - 1)

    def action_cursor_down(self) -> None:
        if self._content is not None:
            self.cursor = min(len(self._content.order) - 1, self.cursor + 1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def _page(self, direction: int) -> None:
        if not self._starts:
            return
        target_line = self._starts[self.cursor] + direction * self._rows_per_page()
        position = self._row_at(max(0, min(target_line, self._starts[-1])))
        if position is None:
            position = len(self._starts) - 1 if direction > 0 else 0
        if position == self.cursor:
            position = max(0, min(len(self._starts) - 1, position + direction))
        self.cursor = position

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        if self._content is not None:
            self.cursor = max(0, len(self._content.order) - 1)

    # -- mouse --------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = 0
            for column in self._columns:
                if x <= offset.x < x + column.width + 1:
                    self.post_message(self.HeaderClicked(column.key))
                    break
                x += column.width + 1
            return
        position = self._row_at(self.scroll_offset.y + offset.y - 1)
        if position is not None:
            self.cursor = position
        self.focus()


def _span_style(flag: Flag, decision: str | None) -> Style:
    if decision == FALSE_ALARM:
        return Style(strike=True)
    return look(flag.kind).style


def _marker_style(flag: Flag, decision: str | None) -> Style:
    if decision == FALSE_ALARM:
        return Style(strike=True, dim=True)
    style = look(flag.kind).style
    return style + Style(bold=True, underline=True) if decision else style
