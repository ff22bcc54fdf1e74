"""Shared test setup: no network, and tiny locally built translation models.

``HF_HUB_OFFLINE`` is set when this file is imported, before anything imports
huggingface_hub (which reads it once, at import), and kept set for the whole
session, so no test can touch the network.  The tiny models are built once per
session into pytest's temporary folder (see ``tests/tiny_models.py``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"


@pytest.fixture(scope="session", autouse=True)
def _hub_offline() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        yield


@pytest.fixture(scope="session")
def tiny_marian_en_ar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An opus-mt-en-ar-like Marian model; inputs need the ">>ara<<" prefix."""
    from tests.tiny_models import build_tiny_marian

    folder = tmp_path_factory.mktemp("tiny-marian-en-ar")
    return build_tiny_marian(folder, "en", "ar", target_tokens=(">>ara<<", ">>arz<<"))


@pytest.fixture(scope="session")
def tiny_marian_ar_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An opus-mt-ar-en-like Marian model (single target, no prefix)."""
    from tests.tiny_models import build_tiny_marian

    folder = tmp_path_factory.mktemp("tiny-marian-ar-en")
    return build_tiny_marian(folder, "ar", "en", seed=1)


@pytest.fixture(scope="session")
def tiny_m2m100(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An M2M100-like model for both directions (codes "en", "ar")."""
    from tests.tiny_models import build_tiny_m2m100

    return build_tiny_m2m100(tmp_path_factory.mktemp("tiny-m2m100"))


@pytest.fixture(scope="session")
def tiny_nllb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An NLLB-like model for both directions (codes "eng_Latn", "arb_Arab")."""
    from tests.tiny_models import build_tiny_nllb

    return build_tiny_nllb(tmp_path_factory.mktemp("tiny-nllb"))
