"""Translation backends and the registry the pipeline, CLI and TUI read.

``BACKENDS`` maps a backend name to ``"module:Class"``; the module is imported
only when a translator of that backend is created, so importing this package
never loads torch or transformers.
"""

from __future__ import annotations

import importlib

from workbench.errors import ModelUnavailableError
from workbench.translators.base import ModelSpec, ProgressCallback, Translator

#: Backend name -> "module:Class" of its ``Translator`` implementation.
BACKENDS: dict[str, str] = {
    "transformers": "workbench.translators.transformers_backend:TransformersTranslator",
    # Needs the optional extra workbench[fast] (the ctranslate2 package).
    "ctranslate2": "workbench.translators.ctranslate2_backend:CTranslate2Translator",
}


def create_translator(
    spec: ModelSpec, backend: str = "transformers", *, progress_download: bool = True
) -> Translator:
    """Create the ``backend`` translator for ``spec``.

    The model is located (cache lookup, or a download with progress bars when
    ``progress_download`` is true) but its weights load on first use.  Raises
    ``ModelUnavailableError`` for an unknown backend or an unavailable model.
    """
    target = BACKENDS.get(backend)
    if target is None:
        known = ", ".join(sorted(BACKENDS))
        raise ModelUnavailableError(f"unknown translation backend {backend!r}; known: {known}")
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    translator: Translator = cls(spec, progress_download=progress_download)
    return translator


__all__ = ["BACKENDS", "ModelSpec", "ProgressCallback", "Translator", "create_translator"]
