"""Drift detectors: one module per kind, one registry.

``DETECTORS`` maps a flag kind to ``"module:Class"``; classes are imported only
when asked for, so listing kinds (for --help, the TUI's filters) is cheap and a
detector that needs torch costs nothing until it runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from workbench.detectors.base import Detector, SegmentPair
from workbench.results import Flag

DETECTORS: dict[str, str] = {
    "name-drift": "workbench.detectors.names:NameDriftDetector",
    "name-inconsistency": "workbench.detectors.names:NameInconsistencyDetector",
    "garbled-term": "workbench.detectors.garbled:GarbledTermDetector",
    "number-mismatch": "workbench.detectors.numbers:NumberMismatchDetector",
    "meaning-drift": "workbench.detectors.meaning:MeaningDriftDetector",
    "omission": "workbench.detectors.coverage:OmissionDetector",
    "addition": "workbench.detectors.coverage:AdditionDetector",
    "repetition": "workbench.detectors.repetition:RepetitionDetector",
    "untranslated": "workbench.detectors.untranslated:UntranslatedDetector",
    "encoding": "workbench.detectors.encoding:EncodingDetector",
}


def detector_class(kind: str) -> type[Detector]:
    """The detector class registered for ``kind`` (KeyError if unknown)."""
    module_name, _, class_name = DETECTORS[kind].partition(":")
    cls: type[Detector] = getattr(importlib.import_module(module_name), class_name)
    return cls


def detect(
    pairs: Sequence[SegmentPair],
    kinds: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Flag]:
    """Run the detectors for ``kinds`` (all by default) and return their flags,
    ordered by segment then kind.  ``options`` maps a kind to keyword arguments
    for its detector (``{"meaning-drift": {"use_embeddings": False}}``)."""
    flags: list[Flag] = []
    for kind in kinds if kinds is not None else DETECTORS:
        kwargs = dict((options or {}).get(kind, {}))
        flags.extend(detector_class(kind)(**kwargs).detect(pairs))
    return sorted(flags, key=lambda f: (f.segment, f.kind, f.source.start if f.source else -1))


__all__ = ["DETECTORS", "Detector", "SegmentPair", "detect", "detector_class"]
