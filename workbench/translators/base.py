"""The one interface every translation backend implements.

A ``Translator`` translates a list of segments in one direction.  It owns
batching, length handling and decoding; caching and storing are the pipeline's
job (``workbench.roundtrip``), so a backend never touches the store.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from workbench.results import TranslatorInfo

#: Called with the number of segments just finished (not a running total).
ProgressCallback = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """One direction of a model card, resolved: what a backend needs to load it.

    ``model`` is a hub id ("Helsinki-NLP/opus-mt-en-ar") or a local folder.
    ``src_code``/``tgt_code`` are the model family's own language codes
    (NLLB "eng_Latn", M2M100 "en"); ``prefix`` is text put before every input
    (Marian multi-target models need ">>ara<<").
    """

    model: str
    revision: str
    src_lang: str
    tgt_lang: str
    src_code: str | None = None
    tgt_code: str | None = None
    prefix: str = ""
    num_beams: int = 4
    max_new_tokens: int = 256
    max_input_tokens: int = 512
    batch_size: int = 16
    device: str = "auto"  # "auto" | "cpu" | "cuda" | "cuda:N"


class Translator(ABC):
    """Translate segments in one direction."""

    #: registry key, e.g. "transformers"
    backend: str = ""

    @property
    @abstractmethod
    def info(self) -> TranslatorInfo:
        """Model id, revision and settings; part of every cache key."""

    @abstractmethod
    def translate(
        self, texts: Sequence[str], *, progress: ProgressCallback | None = None
    ) -> list[str]:
        """Return one translation per input, in input order.

        Must not crash on over-long input (truncate or split instead), must be
        deterministic for the same input and settings, and should call
        ``progress(n)`` after each batch of ``n`` segments.
        """

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release model memory; the default does nothing."""
