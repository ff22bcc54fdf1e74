"""End to end with real (tiny, random-weight) transformer models.

The same commands a user types, loading the models through the same
``from_pretrained`` path as hub models: a full round trip of the article, a
re-run served from the cache, a process killed half-way that resumes with
nothing lost, Ctrl-C, and M2M100/NLLB-style models named by folder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.tiny_models import write_tiny_card
from workbench.cli import cli
from workbench.errors import ExitCode
from workbench.store import Store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "texts" / "haftar-russia.en.txt"


def run(args: list[str], store: Path) -> Result:
    return CliRunner().invoke(cli, ["--store", str(store), *args], catch_exceptions=False)


def write_card(folder: Path, en_ar: Path, ar_en: Path, batch_size: int) -> Path:
    return write_tiny_card(folder, en_ar, ar_en, batch_size=batch_size)


def test_round_trip_of_the_article_then_cache(
    tmp_path: Path, tiny_marian_en_ar: Path, tiny_marian_ar_en: Path
) -> None:
    store = tmp_path / "s.sqlite3"
    model = f"{tiny_marian_en_ar},{tiny_marian_ar_en}"
    first = run(["roundtrip", str(ARTICLE), "-m", model], store)
    assert first.exit_code == 0, first.output
    assert "Run 1" in first.output and "chrf" in first.output
    with Store(store) as s:
        view = s.load_run(1)
        n = len(view.rows)
        assert n == 35 and view.summary.status == "complete"
        assert all(r.pivot and r.back is not None for r in view.rows)
        assert view.config["forward"]["revision"].startswith("sha256:")
        assert view.config["forward"]["settings"]  # decoding settings recorded
        cached = s.count_cached()

    second = run(["roundtrip", str(ARTICLE), "-m", model, "--quiet"], store)
    assert second.exit_code == 0, second.output
    assert "model calls 0 forward / 0 backward" in second.output
    with Store(store) as s:
        assert s.count_cached() == cached
        assert [(r.pivot, r.back) for r in s.load_run(2).rows] == [
            (r.pivot, r.back) for r in view.rows
        ]

    exported = json.loads(run(["export", "2"], store).output)
    assert len(exported["segments"]) == n


def _big_text(tmp_path: Path) -> Path:
    lines = [line for line in ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    text = tmp_path / "long.txt"
    text.write_text(
        "\n\n".join(f"Part {i}. {line}" for i in range(6) for line in lines), encoding="utf-8"
    )
    return text


def _start(args: list[str], store: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--store", str(store), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for_cache(store: Path, at_least: int, proc: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if store.exists():
            with Store(store) as s:
                n = s.count_cached()
            if n >= at_least:
                return n
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("the run never got going")


@pytest.mark.parametrize("how", ["kill", "ctrl-c"])
def test_interrupted_run_resumes_with_nothing_lost(
    tmp_path: Path, tiny_marian_en_ar: Path, tiny_marian_ar_en: Path, how: str
) -> None:
    store = tmp_path / "s.sqlite3"
    card = write_card(tmp_path, tiny_marian_en_ar, tiny_marian_ar_en, batch_size=2)
    text = _big_text(tmp_path)
    proc = _start(["roundtrip", str(text), "-m", str(card), "--quiet", "--no-detect"], store)
    _wait_for_cache(store, 6, proc)
    if how == "kill":
        proc.kill()
        proc.wait(timeout=30)
    else:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == ExitCode.INTERRUPTED
        assert b"run the same command again to resume" in err
    with Store(store) as s:
        saved = s.count_cached()
        assert s.integrity_ok()
        [run_row] = s.list_runs()
        assert run_row.status == "running"
    assert saved >= 6

    resumed = run(["roundtrip", str(text), "-m", str(card), "--quiet", "--no-detect"], store)
    assert resumed.exit_code == 0, resumed.output
    assert "run 1 resumed" in resumed.output
    with Store(store) as s:
        view = s.load_run(1)
        total = len(view.rows)
        assert view.summary.status == "complete"
        assert all(r.back is not None for r in view.rows)
        # every segment translated exactly once per direction, across both processes
        assert s.count_cached() <= 2 * total
        assert s.count_cached() >= saved


def test_many_to_many_models_by_folder(tmp_path: Path, tiny_m2m100: Path, tiny_nllb: Path) -> None:
    store = tmp_path / "s.sqlite3"
    for model in (tiny_m2m100, tiny_nllb):
        result = run(["roundtrip", str(ARTICLE), "-m", str(model), "--quiet", "--no-detect"], store)
        assert result.exit_code == 0, result.output
    with Store(store) as s:
        m2m, nllb = (s.load_run(r).config for r in (1, 2))
    assert (m2m["forward"]["src_lang"], m2m["forward"]["tgt_lang"]) == ("en", "ar")
    assert dict(map(tuple, nllb["forward"]["settings"]))["tgt_code"] == "arb_Arab"
    assert dict(map(tuple, m2m["backward"]["settings"]))["tgt_code"] == "en"
