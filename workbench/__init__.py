"""workbench: round-trip machine translation review.

Sends a text into a pivot language (Arabic by default) and back with neural MT
models, aligns source, pivot and back-translation sentence by sentence, scores
them with sacrebleu and flags drift.  Importing this package is cheap: torch,
transformers, textual and rich load only when a feature that needs them runs.
"""

from __future__ import annotations

__version__ = "0.1.0"
