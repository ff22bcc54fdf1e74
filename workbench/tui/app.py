"""The review TUI: a Textual app over the results store.

``create_app`` builds it: on stored runs (``run_ids``), or on a text and model
cards, in which case the runs already stored are found and the missing ones
are made first by the round-trip screen (in a worker, with progress and a
cancel key).  Tests pass a fake or tiny-model ``translator_factory``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from workbench.cards import ModelCard
from workbench.roundtrip import TranslatorFactory
from workbench.store import Store
from workbench.tui.model import LoadedRun
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.roundtrip import RoundTripScreen
from workbench.tui.widgets.segment_table import SegmentTable

DARK, LIGHT = "textual-dark", "textual-light"


class ReviewApp(App[None]):
    """Review round-trip runs: segments, flags, names, decisions."""

    CSS_PATH = "app.tcss"
    TITLE = "workbench review"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", tooltip="This help: every key"),
        Binding("f1", "help", "Help", show=False, tooltip="This help: every key"),
        Binding("q", "quit", "Quit", tooltip="Quit (decisions are already saved)"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False, tooltip="Light/dark theme"),
    ]

    def __init__(
        self,
        store: Store,
        *,
        run_ids: Sequence[int] = (),
        text: str | Path | None = None,
        cards: Sequence[ModelCard] = (),
        translator_factory: TranslatorFactory | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.run_ids = list(run_ids)
        self.text = Path(text) if text is not None else None
        self.cards = list(cards)
        self.translator_factory = translator_factory
        if theme is not None:
            self.theme = theme

    def on_mount(self) -> None:
        if self.run_ids:
            self.open_review(self.run_ids)
        elif self.text is not None and self.cards:
            found = stored_runs(self.store, self.text, self.cards)
            if all(card.name in found for card in self.cards):
                self.open_review([found[card.name] for card in self.cards])
            else:
                self.push_screen(
                    RoundTripScreen(
                        self.store,
                        self.text,
                        self.cards,
                        found=found,
                        translator_factory=self.translator_factory,
                    )
                )
        else:
            raise ValueError("create_app needs run_ids, or a text and model cards")

    def open_review(self, run_ids: Sequence[int]) -> None:
        """Show the review screen on these runs (the first one shown first)."""
        runs = [LoadedRun.of(self.store.load_run(i)) for i in dict.fromkeys(run_ids)]
        screen = ReviewScreen(self.store, runs)
        if isinstance(self.screen, RoundTripScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        sections: list[tuple[str, list[BindingType]]] = []
        if isinstance(self.screen, RoundTripScreen):
            sections.append(("Round trip", list(RoundTripScreen.BINDINGS)))
        elif isinstance(self.screen, CompareScreen):
            sections.append(("Compare", list(CompareScreen.BINDINGS)))
        else:
            sections.append(("Review", list(ReviewScreen.BINDINGS)))
            sections.append(("Moving in the table", list(SegmentTable.BINDINGS)))
        sections.append(("Everywhere", list(self.BINDINGS)))
        self.push_screen(HelpScreen(sections))

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        """An SVG of the screen as a terminal without bidi shows it.

        Arabic is painted in visual order already (``workbench.tui.display``);
        an SVG viewer would apply the bidi algorithm to it a second time and
        show it backwards, so every text element is told to keep its order.
        """
        svg = super().export_screenshot(title=title, simplify=simplify)
        return svg.replace(
            "<style>", "<style>\n    text { unicode-bidi: bidi-override; direction: ltr; }", 1
        )

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme != LIGHT else DARK


def stored_runs(store: Store, text: str | Path, cards: Sequence[ModelCard]) -> dict[str, int]:
    """The latest complete run of ``text`` (same content) for each card, by card name."""
    from workbench.texts import read_text

    content = read_text(Path(text))
    sha = hashlib.sha256(content.encode("utf-8")).hexdigest()
    names = {card.name for card in cards}
    matching: dict[int, bool] = {}
    found: dict[str, int] = {}
    for summary in store.list_runs():  # oldest first: a later run wins
        if summary.status != "complete" or summary.kind != "model" or summary.system not in names:
            continue
        if summary.text_id not in matching:
            stored = store.get_text(summary.text_id)
            matching[summary.text_id] = stored.sha256 == sha and stored.segmentation == "sentences"
        if matching[summary.text_id]:
            found[summary.system] = summary.id
    return found


def related_runs(store: Store, run_id: int) -> list[int]:
    """``run_id`` and then every other complete run of the same text, oldest first."""
    summaries = store.list_runs()
    text_id = store.run_summary(run_id).text_id
    others = [
        s.id
        for s in summaries
        if s.text_id == text_id and s.id != run_id and s.status == "complete"
    ]
    return [run_id, *others]


def create_app(
    store: Store,
    *,
    run_ids: Sequence[int] = (),
    text: str | Path | None = None,
    cards: Sequence[ModelCard] = (),
    translator_factory: TranslatorFactory | None = None,
    theme: str | None = None,
) -> ReviewApp:
    """The review app on stored runs, or on a text and model cards (round trip first)."""
    if not run_ids and (text is None or not cards):
        raise ValueError("create_app needs run_ids, or a text and model cards")
    return ReviewApp(
        store,
        run_ids=run_ids,
        text=text,
        cards=cards,
        translator_factory=translator_factory,
        theme=theme,
    )
