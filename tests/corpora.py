"""Where the shared real-MT corpora are, for the tests that read them.

The corpora live outside the repository (``../shared/corpora``, beside the
checkout); a test asks for a file with ``require`` and is skipped, saying where
it looked, when the folder is absent (as on a user's machine).
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"

#: The seven MT systems whose outputs the corpora carry (google is the usual baseline).
SYSTEMS = [
    "google",
    "microsoft",
    "nllb",
    "opusmt",
    "argos",
    "bergamot-base",
    "bergamot-base-memory",
]

#: test set -> (folder with the ar-en outputs and SCORES.txt, English reference);
#: iwslt17/ar-en has no English reference of its own (see the corpora README).
TESTSETS: dict[str, tuple[Path, Path]] = {
    "flores-dev": (CORPORA / "flores-dev/ar-en", CORPORA / "flores-dev/ar-en/flores-dev.en"),
    "iwslt17": (CORPORA / "iwslt17/ar-en", CORPORA / "iwslt17/en-ar/iwslt17.en"),
}


def require(path: Path) -> Path:
    """``path``, or skip the test with the reason when the corpora are absent."""
    if not path.exists():
        pytest.skip(f"../shared/corpora not found at {CORPORA}: {path} is missing")
    return path
