"""Screenshots of the review TUI compared with the committed SVGs.

Update them with ``pytest tests/tui/test_snapshots.py --snapshot-update`` after
a deliberate change, and look at the new SVGs before committing them: they are
what a reviewer sees.  The store is the scripted two-model run of
``tests/tui/data.py``; sizes and themes are fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.tui.conftest import Stored
from workbench.store import Store
from workbench.tui import create_app

SnapCompare = Callable[..., bool]


def _app(store: Store, stored: Stored, theme: str = "textual-dark") -> Any:
    return create_app(store, run_ids=stored.run_ids, theme=theme)


def test_main_screen_120x40(snap_compare: SnapCompare, store: Store, stored: Stored) -> None:
    assert snap_compare(_app(store, stored), terminal_size=(120, 40))


def test_main_screen_80x24_light(snap_compare: SnapCompare, store: Store, stored: Stored) -> None:
    assert snap_compare(
        _app(store, stored, "textual-light"), terminal_size=(80, 24), press=["n", "n"]
    )


def test_detail_panel(snap_compare: SnapCompare, store: Store, stored: Stored) -> None:
    # Segment 6: two flags, the second selected, shown full screen.
    assert snap_compare(
        _app(store, stored), terminal_size=(120, 40), press=["n", "n", "n", "n", "n", "z"]
    )


def test_names_panel(snap_compare: SnapCompare, store: Store, stored: Stored) -> None:
    assert snap_compare(_app(store, stored), terminal_size=(120, 40), press=["e", "down", "down"])


def test_side_by_side(snap_compare: SnapCompare, store: Store, stored: Stored) -> None:
    assert snap_compare(_app(store, stored), terminal_size=(120, 40), press=["v", "n", "n"])


def test_help_screen(snap_compare: SnapCompare, store: Store, stored: Stored) -> None:
    assert snap_compare(_app(store, stored), terminal_size=(120, 40), press=["question_mark"])
