"""Typed, frozen results shared by every part of the workbench.

Each value records enough (model id and revision, decoding settings, sacrebleu
signature, detector name) for anyone to say how it was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence (or heading) of a document.

    ``index`` is the 0-based position in the document; ``paragraph`` and
    ``sentence`` (0-based position inside its paragraph) let every view rebuild
    the layout; ``start``/``end`` are character offsets into the original text.
    """

    index: int
    paragraph: int
    sentence: int
    text: str
    start: int
    end: int
    heading: bool = False


@dataclass(frozen=True, slots=True)
class TranslatorInfo:
    """What produced a translation: enough to reproduce it and to key a cache."""

    backend: str  # "transformers", "ctranslate2", "import"
    model: str  # hub id or absolute local folder
    revision: str  # commit sha, "main", or a content hash for local folders
    src_lang: str  # ISO 639-1 code of the input ("en", "ar")
    tgt_lang: str
    settings: tuple[tuple[str, str], ...] = ()  # sorted (key, value) decoding settings

    def settings_dict(self) -> dict[str, str]:
        return dict(self.settings)


@dataclass(frozen=True, slots=True)
class Score:
    """A metric value with the sacrebleu signature that says how it was computed."""

    metric: str  # "bleu", "chrf", "ter"
    value: float
    signature: str


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Span:
    """Character span ``[start, end)`` in one side's text, with the text itself."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Flag:
    """One drift finding in one segment.

    ``source`` is the span in the source text, ``target`` the span in the text
    the detector compared it with (``target_side`` says which: the
    back-translation, the pivot, or the source itself for single-text checks).
    Either span is ``None`` where that side has nothing (an omission has no
    target span, an addition no source span).
    """

    kind: str
    segment: int
    source: Span | None
    target: Span | None
    severity: Severity
    detail: str
    detector: str
    target_side: str = "back"  # "back" | "pivot" | "source"
    suggestion: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())
