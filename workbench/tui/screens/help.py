"""The help screen: every key binding of the review TUI, read from the bindings.

The list is built from the ``BINDINGS`` of the app, the review screen and the
segment table, so it cannot fall out of date with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui.kinds import KIND_LOOKS

MOUSE = [
    ("click a row", "select the segment"),
    ("click a column title", "sort by #, chrF or flags"),
    ("wheel / scrollbar", "scroll the table, the detail or the names panel"),
    ("click a name", "jump to its next segment"),
]
OTHER_KEYS = [
    ("tab / shift+tab", "move between table, detail panel and names panel"),
    ("enter", "names panel and filter list: choose the entry"),
    ("ctrl+p", "command palette (themes, quit, ...)"),
]


def grouped(
    bindings: Iterable[BindingType], display: Callable[[Binding], str]
) -> list[tuple[str, str, str]]:
    """(keys, action, description) per action, keys joined in declaration order."""
    order: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for binding in Binding.make_bindings(bindings):
        if binding.system:
            continue
        order.setdefault(binding.action, []).append(display(binding))
        descriptions.setdefault(binding.action, binding.tooltip or binding.description)
    return [(" / ".join(keys), action, descriptions[action]) for action, keys in order.items()]


class HelpScreen(ModalScreen[None]):
    """All key bindings, the mouse, and what the flag markers mean."""

    CSS_PATH = "help.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close help"),
    ]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for title, bindings in self.sections:
            table.add_row(Text(title, style="bold underline"), "")
            for keys, _action, description in grouped(bindings, self.app.get_key_display):
                table.add_row(Text(keys), Text(description))
            table.add_row("", "")
        table.add_row(Text("Other keys", style="bold underline"), "")
        for keys, description in OTHER_KEYS:
            table.add_row(Text(keys), Text(description))
        table.add_row("", "")
        table.add_row(Text("Mouse", style="bold underline"), "")
        for what, description in MOUSE:
            table.add_row(Text(what), Text(description))
        table.add_row("", "")
        table.add_row(Text("Flag markers", style="bold underline"), "")
        for kind, look in KIND_LOOKS.items():
            table.add_row(Text(f" {look.letter} ", style=look.style), Text(f"{kind}: {look.label}"))
        table.add_row(
            Text("underlined"), Text("back-translation word that differs from the source")
        )
        table.add_row(Text("bold marker"), Text("flag reviewed as confirmed"))
        table.add_row(Text("struck marker"), Text("flag reviewed as a false alarm"))
        table.add_row(Text("✎"), Text("the segment has a note"))
        table.add_row(Text("§ / blank line"), Text("heading / paragraph boundary"))
        with VerticalScroll(id="help-box"):
            yield Static(Text("Keys — Esc closes", style="bold"), id="help-title")
            yield Static(table, id="help-body")

    def action_close(self) -> None:
        self.dismiss(None)
