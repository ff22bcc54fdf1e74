"""Write a note on a segment; it is stored as a review decision at once."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from workbench.tui.display import safe


class NoteScreen(ModalScreen[str | None]):
    """One line of text for segment ``index``: Enter saves, Escape cancels."""

    CSS_PATH = "note.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel"),
    ]

    def __init__(self, index: int, source: str) -> None:
        super().__init__()
        self.index = index
        self.source = source

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(Text(f"Note on segment {self.index}", style="bold"))
            yield Static(Text(safe(self.source), style="italic"), id="note-source")
            yield Input(placeholder="your note (Enter saves, Esc cancels)", id="note-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
