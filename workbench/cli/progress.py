"""A rich progress display implementing the core's ``Progress`` protocol."""

from __future__ import annotations

from types import TracebackType
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


def make_bars(console: Console, enabled: bool = True) -> Progress:
    """The bar layout every command uses: label, bar, done/total, elapsed, left."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
    )


_B = TypeVar("_B", bound="Bars")


class Bars:
    """A context that shows ``make_bars`` while it is open."""

    def __init__(self, console: Console, enabled: bool = True) -> None:
        self._progress = make_bars(console, enabled)

    def __enter__(self: _B) -> _B:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()


class RichProgress(Bars):
    """One bar per pipeline stage, on stderr (stdout stays clean for data)."""

    def __init__(self, enabled: bool = True) -> None:
        super().__init__(Console(stderr=True), enabled)
        self._task: TaskID | None = None

    def stage(self, name: str, total: int) -> None:
        self._task = self._progress.add_task(name, total=total)

    def advance(self, n: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, n)
