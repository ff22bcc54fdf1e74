"""Pick the flag kind the table shows: all segments, any flag, or one kind."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.tui.kinds import all_kinds, look
from workbench.tui.model import ALL, ANY_FLAG


class FilterScreen(ModalScreen[str | None]):
    """A list of flag kinds with their counts in the run shown; Enter picks one."""

    CSS_PATH = "filter.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss_none", "Cancel"),
    ]

    def __init__(self, counts: dict[str, int], current: str) -> None:
        super().__init__()
        self.counts = counts
        self.current = current

    def compose(self) -> ComposeResult:
        total = sum(self.counts.values())
        options = [
            Option(Text("   all segments"), id="k:" + ALL),
            Option(Text(f"   any flag ({total})"), id="k:" + ANY_FLAG),
        ]
        kinds = all_kinds()
        kinds += [k for k in self.counts if k not in kinds]
        for kind in kinds:
            n = self.counts.get(kind, 0)
            prompt = Text()
            prompt.append(f" {look(kind).letter} ", look(kind).style)
            prompt.append(f" {kind} ({n})", "" if n else "dim")
            options.append(Option(prompt, id="k:" + kind, disabled=not n))
        with Vertical(id="filter-box"):
            yield Static(Text("Show segments with flags of kind…", style="bold"))
            yield OptionList(*options, id="filter-list")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        try:
            option_list.highlighted = option_list.get_option_index("k:" + self.current)
        except Exception:  # an unknown kind: start at the top
            option_list.highlighted = 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert event.option.id is not None
        self.dismiss(event.option.id[2:])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
