"""The round-trip screen: translate a text with each model in a worker, showing progress.

The round trip (``workbench.roundtrip.round_trip``) runs in a thread worker
and reports through messages; the screen never waits on it.  Esc (or ``c``)
cancels: the worker stops after the batch in flight, which is already stored,
so running the same review again resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static
from textual.worker import Worker, get_current_worker

from workbench.cards import ModelCard
from workbench.errors import WorkbenchError
from workbench.roundtrip import Cancelled, TranslatorFactory, round_trip
from workbench.store import Store
from workbench.tui.display import safe
from workbench.tui.messages import (
    RoundTripFinished,
    RoundTripStopped,
    StageAdvanced,
    StageStarted,
)


class _Reporter:
    """The core's ``Progress`` protocol, turned into messages to the screen."""

    def __init__(self, screen: RoundTripScreen, model: str) -> None:
        self.screen = screen
        self.model = model

    def stage(self, name: str, total: int) -> None:
        self.screen.post_message(StageStarted(self.model, name, total))

    def advance(self, n: int) -> None:
        if n:
            self.screen.post_message(StageAdvanced(n))


class RoundTripScreen(Screen[None]):
    """Progress of the round trip of one text with one or more models."""

    CSS_PATH = "roundtrip.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,c",
            "cancel",
            "Cancel",
            tooltip="Cancel: the batch in flight finishes and is stored, then it stops",
        ),
        Binding(
            "enter",
            "open",
            "Review",
            show=False,
            tooltip="After a cancel or failure: review the runs that finished",
        ),
        Binding(
            "r",
            "resume",
            "Resume",
            show=False,
            tooltip="After a cancel or failure: resume from what is stored",
        ),
    ]

    def __init__(
        self,
        store: Store,
        text: str | Path,
        cards: Sequence[ModelCard],
        *,
        found: dict[str, int] | None = None,
        translator_factory: TranslatorFactory | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.text = Path(text)
        self.cards = list(cards)
        self.found = dict(found or {})
        self.translator_factory = translator_factory
        self.finished: list[int] = []
        self.state = "running"  # running, cancelling, cancelled, failed, done
        self.worker: Worker[None] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="roundtrip-box"):
            names = ", ".join(safe(c.name) for c in self.cards)
            yield Static(
                Text.assemble(
                    ("Round trip ", "bold"),
                    safe(self.text.name),
                    " → ",
                    (self.cards[0].pivot_lang if self.cards else "?", "bold"),
                    " → back, with ",
                    (names, "bold"),
                ),
                id="roundtrip-title",
            )
            yield Static(Text("starting…"), id="roundtrip-stage")
            yield ProgressBar(id="roundtrip-progress", show_eta=False)
            yield Static(Text(""), id="roundtrip-status")
        yield Footer()

    def on_mount(self) -> None:
        self.worker = self.run_models()

    # -- the worker -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="roundtrip", exit_on_error=False)
    def run_models(self) -> None:
        worker = get_current_worker()
        done: list[int] = []
        for card in self.cards:
            if card.name in self.found:
                done.append(self.found[card.name])
                continue
            try:
                result = round_trip(
                    self.store,
                    self.text,
                    card,
                    translator_factory=self.translator_factory,
                    progress=_Reporter(self, card.name),
                    cancel=lambda: worker.is_cancelled,
                )
            except Cancelled:
                self.post_message(RoundTripStopped(done, None))
                return
            except WorkbenchError as err:
                self.post_message(RoundTripStopped(done, str(err)))
                return
            except Exception as err:  # a bug: say what it was, keep the UI alive
                self.post_message(RoundTripStopped(done, f"{type(err).__name__}: {err}"))
                return
            done.append(result.run_id)
            self.found[card.name] = result.run_id
        self.post_message(RoundTripFinished(done))

    # -- messages from the worker -------------------------------------------------------------

    @on(StageStarted)
    def _stage(self, event: StageStarted) -> None:
        if self.state == "running":
            self.query_one("#roundtrip-stage", Static).update(
                Text.assemble((safe(event.model), "bold"), ": ", safe(event.stage))
            )
        self.query_one(ProgressBar).update(total=max(event.total, 1), progress=0)

    @on(StageAdvanced)
    def _advance(self, event: StageAdvanced) -> None:
        self.query_one(ProgressBar).advance(event.done)

    @on(RoundTripFinished)
    def _finished(self, event: RoundTripFinished) -> None:
        self.state = "done"
        self.finished = event.run_ids
        from workbench.tui.app import ReviewApp

        app = self.app
        assert isinstance(app, ReviewApp)
        app.open_review(event.run_ids)

    @on(RoundTripStopped)
    def _stopped(self, event: RoundTripStopped) -> None:
        self.finished = event.run_ids
        self.state = "failed" if event.error else "cancelled"
        status = self.query_one("#roundtrip-status", Static)
        lines = Text()
        if event.error:
            lines.append("The round trip failed: ", "bold")
            lines.append(safe(event.error) + "\n")
        else:
            lines.append("Cancelled. ", "bold")
            lines.append("Every finished batch is stored; r resumes from there.\n")
        if self.finished:
            lines.append(f"Enter reviews the {len(self.finished)} finished run(s); ")
        lines.append("q quits.")
        status.update(lines)
        self.query_one("#roundtrip-stage", Static).update(
            Text("failed" if event.error else "cancelled", style="bold")
        )

    # -- actions ------------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if self.state != "running" or self.worker is None:
            return
        self.state = "cancelling"
        self.worker.cancel()
        self.query_one("#roundtrip-status", Static).update(
            Text("Cancelling: the batch in flight finishes and is stored first…", style="italic")
        )

    def action_open(self) -> None:
        if self.state in ("cancelled", "failed") and self.finished:
            from workbench.tui.app import ReviewApp

            app = self.app
            assert isinstance(app, ReviewApp)
            app.open_review(self.finished)

    def action_resume(self) -> None:
        if self.state in ("cancelled", "failed"):
            self.state = "running"
            self.query_one("#roundtrip-status", Static).update(Text(""))
            self.worker = self.run_models()
