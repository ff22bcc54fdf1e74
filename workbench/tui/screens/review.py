"""The review screen: a run's aligned segments, their details, names and scores.

It holds the UI state (which run is shown, which beside it, the filter, the
search, the sort, which panels are open) and turns it into what the widgets
show; the widgets only render.  Review decisions are written to the store the
moment they are made and read back from it, so what is shown is what is
stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Input

from workbench.store import Store
from workbench.tui.display import safe
from workbench.tui.kinds import look
from workbench.tui.messages import JumpToSegments, SegmentHighlighted
from workbench.tui.model import (
    ALL,
    ANY_FLAG,
    CONFIRMED,
    FALSE_ALARM,
    SORT_LABELS,
    SORTS,
    LoadedRun,
    ReviewState,
    name_entities,
    visible_rows,
    worst_segment,
)
from workbench.tui.widgets.detail import DetailPanel, detail_text
from workbench.tui.widgets.names import NamesPanel
from workbench.tui.widgets.segment_table import SegmentTable, TableContent
from workbench.tui.widgets.summary import SummaryBar


class ReviewScreen(Screen[None]):
    """Review one text's runs: the first run shown, the others one key away."""

    CSS_PATH = "review.tcss"

    # description: the footer's word; tooltip: the help screen's sentence.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n,right_square_bracket",
            "next_flag",
            "Next flag",
            tooltip="Next flag (within the segment first, then the next flagged segment)",
        ),
        Binding(
            "N,left_square_bracket",
            "previous_flag",
            "Prev flag",
            show=False,
            tooltip="Previous flag",
        ),
        Binding(
            "w",
            "worst",
            "Worst",
            show=False,
            tooltip="Jump to the worst segment shown (lowest chrF)",
        ),
        Binding("f", "filter", "Filter", tooltip="Filter segments by flag kind"),
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Search source, pivot and back-translations (Enter: done)",
        ),
        Binding(
            "s", "sort", "Sort", tooltip="Sort: document order → chrF, worst first → most flags"
        ),
        Binding("m", "next_model", "Model", tooltip="Show the next model's run of this text"),
        Binding(
            "M",
            "previous_model",
            "Previous model",
            show=False,
            tooltip="Show the previous model's run",
        ),
        Binding(
            "v",
            "side_by_side",
            "Compare",
            tooltip="Put another model's back-translation beside this one (again: next, off)",
        ),
        Binding(
            "C",
            "compare",
            "Compare runs",
            show=False,
            tooltip="Compare the models' runs: scores with significance tests, flags, "
            "disagreements",
        ),
        Binding(
            "c",
            "decide('confirmed')",
            "Confirm",
            tooltip="Mark the selected flag (▶ in the detail panel) confirmed",
        ),
        Binding(
            "x",
            "decide('false-alarm')",
            "False alarm",
            tooltip="Mark the selected flag a false alarm",
        ),
        Binding("a", "note", "Note", tooltip="Add a note to the segment"),
        Binding("e", "toggle_names", "Names", tooltip="Show/hide the names panel"),
        Binding("d", "toggle_detail", "Detail", show=False, tooltip="Show/hide the detail panel"),
        Binding(
            "z",
            "zoom_detail",
            "Zoom",
            show=False,
            tooltip="Detail panel full screen (again, or Esc: back)",
        ),
        Binding(
            "P", "toggle_pivot", "Pivot", show=False, tooltip="Show/hide the pivot (Arabic) column"
        ),
        Binding(
            "r",
            "toggle_bidi",
            "Arabic order",
            show=False,
            tooltip="Arabic in visual order (most terminals) or logical order "
            "(terminals that apply bidi themselves)",
        ),
        Binding("escape", "clear", "Clear", show=False, tooltip="Clear the filter and the search"),
    ]

    primary_index: var[int] = var(0, init=False)
    second_index: var[int | None] = var(None, init=False)
    kind_filter: var[str] = var(ALL, init=False)
    search: var[str] = var("", init=False)
    sort: var[str] = var("document", init=False)
    show_pivot: var[bool] = var(True, init=False)
    bidi: var[bool] = var(True, init=False)
    show_detail: var[bool] = var(True, init=False)
    show_names: var[bool] = var(False, init=False)

    def __init__(self, store: Store, runs: Sequence[LoadedRun]) -> None:
        super().__init__()
        if not runs:
            raise ValueError("ReviewScreen needs at least one run")
        self.store = store
        self.runs: list[LoadedRun] = list(runs)
        self.flag_cursor = 0
        # The flag to select when the cursor lands on a segment: (segment, flag).
        self._pending_flag: tuple[int, int] | None = None
        self._jump: tuple[tuple[int, ...], int] | None = None  # names panel cycling

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SummaryBar(id="summary")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(
                    placeholder="search source, pivot, back-translations (Enter: done, Esc: clear)",
                    id="search",
                )
                yield SegmentTable(id="segments")
                yield DetailPanel(id="detail")
            yield NamesPanel(id="names")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._update_table()
        self.table.focus()

    @property
    def table(self) -> SegmentTable:
        return self.query_one(SegmentTable)

    @property
    def primary(self) -> LoadedRun:
        return self.runs[self.primary_index]

    @property
    def second(self) -> LoadedRun | None:
        return None if self.second_index is None else self.runs[self.second_index]

    @property
    def current_segment(self) -> int | None:
        return self.table.current_segment

    # -- state -> widgets -------------------------------------------------------------

    def _update_table(self) -> None:
        primary, second = self.primary, self.second
        others = [second] if second is not None else []
        order = visible_rows(
            primary, kind=self.kind_filter, search=self.search, sort=self.sort, others=others
        )
        keep = self.table.current_segment
        if keep is not None:
            self._pending_flag = (keep, self.flag_cursor)
        self.table.show(
            TableContent(
                primary=primary,
                second=second,
                order=tuple(order),
                document_order=self.sort == "document",
                show_pivot=self.show_pivot,
                bidi=self.bidi,
                search=self.search,
            ),
            keep=keep,
        )
        self._update_summary()
        self._update_detail()

    def _status(self) -> list[str]:
        content = self.table.content
        shown = len(content.order) if content else 0
        total = sum(1 for r in self.primary.view.rows if r.segment.text.strip() or r.back)
        parts = [f"{shown} of {total} segments"]
        if self.kind_filter == ANY_FLAG:
            parts.append("filter: any flag")
        elif self.kind_filter:
            parts.append(f"filter: {look(self.kind_filter).label}")
        if self.search:
            parts.append(f"search: “{safe(self.search)}”")
        parts.append(f"sort: {SORT_LABELS[self.sort]}")
        parts.append("? help")
        parts.append(f"text: {safe(self.primary.view.text.name)}")
        return parts

    def _update_summary(self) -> None:
        self.query_one(SummaryBar).show(self.runs, self.primary, self.second, self._status())

    def _update_detail(self) -> None:
        if not self.show_detail:
            return
        panel = self.query_one(DetailPanel)
        index = self.current_segment
        if index is None:
            empty = Text("No segment matches the filter and search (Esc clears them).", "italic")
            panel.show(lambda _width: empty)
            return
        runs, primary, flag, bidi = list(self.runs), self.primary, self.flag_cursor, self.bidi
        panel.show(lambda width: detail_text(runs, primary, index, flag, bidi=bidi, width=width))

    def _update_names(self) -> None:
        if self.show_names:
            shown = [self.primary] + ([self.second] if self.second else [])
            rest = [r for r in self.runs if r not in shown]
            self.query_one(NamesPanel).show(name_entities([*shown, *rest]))

    # watchers: every piece of state that changes the table redraws it
    def watch_primary_index(self) -> None:
        if self.second_index == self.primary_index:
            self.second_index = None
        self._update_table()
        self._update_names()

    def watch_second_index(self) -> None:
        self._update_table()

    def watch_kind_filter(self) -> None:
        self._update_table()

    def watch_search(self) -> None:
        self._update_table()

    def watch_sort(self) -> None:
        self._update_table()

    def watch_show_pivot(self) -> None:
        self._update_table()

    def watch_bidi(self) -> None:
        self._update_table()

    def watch_show_detail(self, show: bool) -> None:
        self.set_class(not show, "-no-detail")
        self._update_detail()

    def watch_show_names(self, show: bool) -> None:
        self.set_class(show, "-names")
        self._update_names()

    # -- events -----------------------------------------------------------------------

    @on(SegmentHighlighted)
    def _segment_highlighted(self, event: SegmentHighlighted) -> None:
        pending, self._pending_flag = self._pending_flag, None
        flags = len(self.primary.row(event.index).flags)
        if pending is not None and pending[0] == event.index and pending[1] < max(flags, 1):
            self.flag_cursor = pending[1]
        else:
            self.flag_cursor = 0
        self._update_detail()

    @on(SegmentTable.HeaderClicked)
    def _header_clicked(self, event: SegmentTable.HeaderClicked) -> None:
        sort = {"number": "document", "chrf": "chrf", "flags": "flags"}.get(event.key)
        if sort is not None:
            self.sort = sort

    @on(JumpToSegments)
    def _jump_to(self, event: JumpToSegments) -> None:
        segments = event.segments
        if not segments:
            return
        current = self.current_segment
        if self._jump is not None and self._jump[0] == segments:
            target = segments[(self._jump[1] + 1) % len(segments)]
        elif current is not None and current in segments:
            target = segments[(segments.index(current) + 1) % len(segments)]
        else:
            target = segments[0]
        self._jump = (segments, segments.index(target))
        if not self.table.select_segment(target):
            # Hidden by the filter or the search: show everything, then jump.
            self.kind_filter, self.search = ALL, ""
            self.query_one("#search", Input).value = ""
            self.table.select_segment(target)
        self.notify(
            f"{event.label}: segment {target} ({segments.index(target) + 1} of {len(segments)})",
            markup=False,
            timeout=2,
        )

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search = event.value

    @on(Input.Submitted, "#search")
    def _search_done(self, event: Input.Submitted) -> None:
        self.set_class(bool(event.value), "-searching")
        self.table.focus()

    # -- actions ------------------------------------------------------------------------

    def _flagged_positions(self) -> list[tuple[int, list[int]]]:
        """(table position, flag numbers that count) for every shown row with flags."""
        content = self.table.content
        if content is None:
            return []
        out = []
        for pos, index in enumerate(content.order):
            flags = self.primary.row(index).flags
            wanted = [
                n
                for n, f in enumerate(flags)
                if self.kind_filter in (ALL, ANY_FLAG) or f.kind == self.kind_filter
            ]
            if wanted:
                out.append((pos, wanted))
        return out

    def action_next_flag(self) -> None:
        self._step_flag(1)

    def action_previous_flag(self) -> None:
        self._step_flag(-1)

    def _step_flag(self, direction: int) -> None:
        flagged = self._flagged_positions()
        if not flagged:
            self.notify("No flags in the segments shown.", timeout=2)
            return
        here = self.table.cursor
        # Flags in reading order: (position, flag number); find the one after/before ours.
        sequence = [(pos, n) for pos, numbers in flagged for n in numbers]
        current = (here, self.flag_cursor)
        if direction > 0:
            after = [item for item in sequence if item > current]
            target = after[0] if after else sequence[0]
        else:
            before = [item for item in sequence if item < current]
            target = before[-1] if before else sequence[-1]
        pos, number = target
        if pos == here:
            self.flag_cursor = number
            self._update_detail()
        else:
            content = self.table.content
            assert content is not None
            self._pending_flag = (content.order[pos], number)
            self.table.cursor = pos

    def action_worst(self) -> None:
        content = self.table.content
        if content is None:
            return
        worst = worst_segment(self.primary, content.order)
        if worst is None:
            self.notify("No scored segment is shown.", timeout=2)
            return
        self.table.select_segment(worst)

    def action_filter(self) -> None:
        from workbench.tui.screens.filter import FilterScreen

        def chosen(kind: str | None) -> None:
            if kind is not None:
                self.kind_filter = kind

        self.app.push_screen(FilterScreen(self.primary.flag_counts(), self.kind_filter), chosen)

    def action_search(self) -> None:
        self.set_class(True, "-searching")
        self.query_one("#search", Input).focus()

    def action_clear(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        self.set_class(False, "-searching")
        self.search, self.kind_filter = "", ALL
        self.table.focus()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]

    def action_next_model(self) -> None:
        self._switch(1)

    def action_previous_model(self) -> None:
        self._switch(-1)

    def _switch(self, step: int) -> None:
        if len(self.runs) < 2:
            self.notify("Only one run of this text is stored.", timeout=2)
            return
        self.primary_index = (self.primary_index + step) % len(self.runs)

    def action_side_by_side(self) -> None:
        if len(self.runs) < 2:
            self.notify("Only one run of this text is stored.", timeout=2)
            return
        others = [i for i in range(len(self.runs)) if i != self.primary_index]
        if self.second_index is None:
            self.second_index = others[0]
        else:
            later = [i for i in others if i > self.second_index]
            self.second_index = later[0] if later else None

    def action_compare(self) -> None:
        from workbench.tui.screens.compare import CompareScreen

        if len(self.runs) < 2:
            self.notify("Compare needs two models' runs of this text.", timeout=3)
            return
        self.app.push_screen(CompareScreen(self.store, [run.id for run in self.runs]))

    def action_decide(self, decision: str) -> None:
        index = self.current_segment
        if index is None:
            return
        flags = self.primary.row(index).flags
        if not flags:
            self.notify("This segment has no flag to mark.", timeout=2)
            return
        flag = flags[min(self.flag_cursor, len(flags) - 1)]
        self.store.add_decision(self.primary.id, index, flag=flag, decision=decision)
        self._reload_review(self.primary_index)
        label = {CONFIRMED: "confirmed", FALSE_ALARM: "false alarm"}[decision]
        self.notify(f"{flag.kind} in segment {index}: {label} (saved)", markup=False, timeout=2)

    def action_note(self) -> None:
        from workbench.tui.screens.note import NoteScreen

        index = self.current_segment
        if index is None:
            return
        run_id = self.primary.id
        run_index = self.primary_index

        def save(note: str | None) -> None:
            if note and note.strip():
                self.store.add_decision(run_id, index, note=note.strip())
                self._reload_review(run_index)
                self.notify(f"Note added to segment {index} (saved)", timeout=2)

        self.app.push_screen(NoteScreen(index, self.primary.row(index).segment.text), save)

    def _reload_review(self, run_index: int) -> None:
        """Read the run's decisions back from the store and redraw what shows them."""
        run = self.runs[run_index]
        self.runs[run_index] = LoadedRun(
            run.view, ReviewState.from_decisions(self.store.decisions(run.id))
        )
        self._update_table()

    def action_toggle_detail(self) -> None:
        self.show_detail = not self.show_detail

    def action_zoom_detail(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        self.show_detail = True
        self.maximize(self.query_one(DetailPanel), container=False)

    def action_toggle_names(self) -> None:
        self.show_names = not self.show_names
        if self.show_names:
            self.query_one("#names-list").focus()
        else:
            self.table.focus()

    def action_toggle_pivot(self) -> None:
        self.show_pivot = not self.show_pivot

    def action_toggle_bidi(self) -> None:
        self.bidi = not self.bidi
        self.notify(
            "Arabic in visual order (for terminals without bidi)"
            if self.bidi
            else "Arabic in logical order (for terminals that apply bidi themselves)",
            timeout=3,
        )
