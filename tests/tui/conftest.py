"""Fixtures for the review TUI tests: a stored two-model run, and no randomness.

The store is built once per session (a scripted round trip, see ``data.py``)
and copied for each test, since tests write review decisions into it.
Autouse fixtures pin everything that could make two runs of a test differ:
no user model cards or store from the environment, no animations, no cursor
blinking, no sentence-embedding model.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.tui.data import build_store
from workbench.store import Store


def _pin_environment(patch: pytest.MonkeyPatch, home: Path) -> None:
    for name in ("WORKBENCH_STORE", "WORKBENCH_MODELS", "TEXTUAL_THEME", "NO_COLOR"):
        patch.delenv(name, raising=False)
    # platformdirs looks for user model cards here: an empty folder.
    patch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    patch.setenv("XDG_DATA_HOME", str(home / "data"))
    patch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user cards, store or theme; no animations.  Per test, so nothing leaks
    into tests outside this folder."""
    _pin_environment(monkeypatch, tmp_path / "home")


@pytest.fixture(autouse=True)
def _no_embedding_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Round trips in these tests detect drift without the sentence-embedding
    model: loading it takes seconds and its scores are not what is tested here.
    (Patched where the meaning detector looks it up, so the model loaded for
    other tests of the session stays loaded.)"""
    monkeypatch.setattr("workbench.detectors.meaning.get_embedder", lambda: None, raising=False)


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import Input

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@dataclass
class Stored:
    """A copy of the session's store, with the text file the runs were made from."""

    path: Path
    text: Path
    run_ids: list[int]

    def open(self) -> Store:
        return Store(self.path)


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[int]]:
    folder = tmp_path_factory.mktemp("review-template")
    with pytest.MonkeyPatch.context() as patch:
        _pin_environment(patch, folder / "home")
        return build_store(folder)


@pytest.fixture
def stored(_template: tuple[Path, Path, list[int]], tmp_path: Path) -> Stored:
    path, text, run_ids = _template
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    text_copy = tmp_path / text.name
    shutil.copyfile(text, text_copy)
    return Stored(copy, text_copy, list(run_ids))


@pytest.fixture
def store(stored: Stored) -> Iterator[Store]:
    with stored.open() as s:
        yield s
