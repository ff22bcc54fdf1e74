"""The names panel: each name whose spelling drifted, with all its spellings.

One entry per name (Prigozhin), then one per spelling and side: the source or
a run's back-translation (Prezhugin in the source, segments 22; Brigogen ...).
Choosing an entry (Enter or a click) moves the table to the next segment that
holds it; choosing it again goes on to the one after.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.tui.display import safe
from workbench.tui.kinds import look
from workbench.tui.messages import JumpToSegments
from workbench.tui.model import NameEntity

MAX_LISTED_SEGMENTS = 6


def _segments(segments: Sequence[int]) -> str:
    shown = " ".join(str(s) for s in segments[:MAX_LISTED_SEGMENTS])
    if len(segments) > MAX_LISTED_SEGMENTS:
        shown += f" …+{len(segments) - MAX_LISTED_SEGMENTS}"
    return shown


class NamesPanel(Vertical):
    """Names and their spelling variants across source and back-translations."""

    DEFAULT_CSS = """
    NamesPanel > #names-title {
        text-style: bold;
        background: $panel;
        padding: 0 1;
    }
    NamesPanel > OptionList, NamesPanel > OptionList:focus {
        height: 1fr;
        border: none;
        padding: 0;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._entries: list[tuple[tuple[int, ...], str]] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Names"), id="names-title")
        yield OptionList(id="names-list")

    def show(self, entities: Sequence[NameEntity]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        self._entries = []
        title = self.query_one("#names-title", Static)
        spellings = sum(len({v.spelling for v in e.variants}) for e in entities)
        title.update(Text(f"Names · {len(entities)} with drift, {spellings} spellings"))
        if not entities:
            options.add_option(
                Option(Text("No name flags in these runs.", style="italic"), disabled=True)
            )
            return
        drift = look("name-drift")
        items: list[Option] = []
        for e in entities:
            head = Text()
            head.append(safe(e.label), "bold")
            count = len({v.spelling for v in e.variants})
            head.append(f"  {count} spelling{'s' if count != 1 else ''}", "dim")
            items.append(Option(head, id=f"e{len(self._entries)}"))
            self._entries.append((e.segments, e.label))
            for v in e.variants:
                line = Text("  ")
                line.append(safe(v.spelling), drift.style if v.flagged else "")
                line.append(f"  {safe(v.side)}", "italic")
                line.append(f"  {_segments(v.segments)}", "dim")
                items.append(Option(line, id=f"e{len(self._entries)}"))
                self._entries.append((v.segments, v.spelling))
        options.add_options(items)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id is None or not option_id.startswith("e"):
            return
        segments, label = self._entries[int(option_id[1:])]
        self.post_message(JumpToSegments(segments, label))
