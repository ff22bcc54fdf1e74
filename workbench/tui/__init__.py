"""The review TUI (Textual): ``workbench review TEXT|RUN``.

Only the CLI's ``review`` command imports this package; the core never does.
"""

from __future__ import annotations

from workbench.tui.app import ReviewApp, create_app

__all__ = ["ReviewApp", "create_app"]
