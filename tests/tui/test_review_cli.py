"""`workbench review`: which runs and models the app is opened on, and plain errors.

The command object is invoked directly (the lead registers it in
``workbench.cli``); ``ReviewApp.run`` is replaced so no terminal is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.tui.conftest import Stored
from workbench.cli.review import review_cmd
from workbench.errors import ExitCode
from workbench.tui.app import ReviewApp


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[ReviewApp]:
    apps: list[ReviewApp] = []

    def fake_run(self: ReviewApp, *args: Any, **kwargs: Any) -> None:
        apps.append(self)

    monkeypatch.setattr(ReviewApp, "run", fake_run)
    return apps


def review(args: list[str], store: Path) -> Result:
    from workbench.cli import _Group

    # The command inside a group like the real CLI's, for its error handling.
    group = _Group(commands={"review": review_cmd})
    return CliRunner().invoke(group, ["review", *args], obj={"store_path": str(store)})


def test_review_a_run_opens_it_with_the_other_runs_of_its_text(
    stored: Stored, opened: list[ReviewApp]
) -> None:
    result = review(["2"], stored.path)
    assert result.exit_code == 0, result.output
    [app] = opened
    assert app.run_ids == [2, 1]


def test_review_a_text_finds_the_stored_runs_of_each_model(
    stored: Stored, opened: list[ReviewApp]
) -> None:
    result = review([str(stored.text), "-m", "nllb-600m", "-m", "opus-mt"], stored.path)
    assert result.exit_code == 0, result.output
    [app] = opened
    assert [c.name for c in app.cards] == ["nllb-600m", "opus-mt"]
    assert app.text == stored.text and app.run_ids == []
    from workbench.store import Store
    from workbench.tui.app import stored_runs

    with Store(stored.path) as store:
        assert stored_runs(store, stored.text, app.cards) == {"opus-mt": 1, "nllb-600m": 2}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["7"], ExitCode.STORE, "no run 7"),
        (["missing.txt"], ExitCode.BAD_INPUT, "missing.txt"),
        (["{text}", "-m", "no-such-model"], ExitCode.MODEL_UNAVAILABLE, "no-such-model"),
    ],
    ids=["unknown-run", "missing-text", "unknown-model"],
)
def test_errors_are_one_line(
    stored: Stored,
    opened: list[ReviewApp],
    args: list[str],
    code: ExitCode,
    message: str,
) -> None:
    args = [a.replace("{text}", str(stored.text)) for a in args]
    result = review(args, stored.path)
    assert result.exit_code == code, result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith("workbench: error:") and message in line
    assert opened == []
