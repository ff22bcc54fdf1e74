"""The one interface every drift detector implements.

A detector sees a whole document at once (a list of aligned ``SegmentPair``)
so that document-level checks (one name spelled several ways) and batched work
(sentence embeddings) fit the same shape as per-segment checks.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.results import Flag, Severity, Span


@dataclass(frozen=True, slots=True)
class SegmentPair:
    """One aligned segment: the source, and what came back.

    ``target`` is the back-translation (same language as ``source``) or
    ``None`` when only the source is checked; ``pivot`` is the intermediate
    translation (Arabic by default) when known.
    """

    index: int
    source: str
    target: str | None = None
    pivot: str | None = None
    source_lang: str = "en"
    pivot_lang: str = "ar"


class Detector(ABC):
    """Find one kind of drift."""

    #: the flag kind this detector raises, e.g. "name-drift"; registry key
    kind: str = ""
    #: one line for --help and the TUI's filter list
    description: str = ""

    @abstractmethod
    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        """Return the flags for these segments (any order)."""

    def flag(
        self,
        segment: int,
        source: Span | None,
        target: Span | None,
        severity: Severity,
        detail: str,
        *,
        side: str = "back",
        suggestion: str | None = None,
        extra: tuple[tuple[str, str], ...] = (),
    ) -> Flag:
        """A flag of this detector's kind on ``segment``, naming this detector.

        ``side`` is what ``target`` is a span of: "back" (the back-translation),
        "pivot", or "source" for single-text checks."""
        return Flag(
            kind=self.kind,
            segment=segment,
            source=source,
            target=target,
            severity=severity,
            detail=detail,
            detector=type(self).__name__,
            target_side=side,
            suggestion=suggestion,
            extra=extra,
        )
