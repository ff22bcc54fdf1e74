"""Messages between the review TUI's workers, widgets and screens.

Workers run in threads and report only through these (``post_message`` is
thread-safe); widgets tell their screen what the user picked.
"""

from __future__ import annotations

from textual.message import Message


class StageStarted(Message):
    """A round-trip stage began (translation one way, scoring, detection)."""

    def __init__(self, model: str, stage: str, total: int) -> None:
        super().__init__()
        self.model = model
        self.stage = stage
        self.total = total


class StageAdvanced(Message):
    """``done`` more segments of the current stage are finished."""

    def __init__(self, done: int) -> None:
        super().__init__()
        self.done = done


class RoundTripFinished(Message):
    """Every model's run of the text is stored; ``run_ids`` in the order asked."""

    def __init__(self, run_ids: list[int]) -> None:
        super().__init__()
        self.run_ids = run_ids


class RoundTripStopped(Message):
    """The round trip ended early: cancelled by the user, or failed.

    ``run_ids`` are the runs finished before it stopped; ``error`` is the
    one-line reason of a failure, ``None`` for a cancellation.
    """

    def __init__(self, run_ids: list[int], error: str | None) -> None:
        super().__init__()
        self.run_ids = run_ids
        self.error = error


class SegmentHighlighted(Message):
    """The cursor of the segment table moved to segment ``index``."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class JumpToSegments(Message):
    """Show the next of these segments (a name panel entry was chosen)."""

    def __init__(self, segments: tuple[int, ...], label: str) -> None:
        super().__init__()
        self.segments = segments
        self.label = label
