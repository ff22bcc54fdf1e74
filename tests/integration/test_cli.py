"""The CLI as a user meets it: commands, output formats, and one-line errors.

Runs through click's test runner against a temporary store; model runs with
real (tiny) transformer models are in test_cli_tiny.py.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from workbench.cli import cli
from workbench.errors import ExitCode
from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "texts" / "haftar-russia.en.txt"

SOURCE = ["Prigozhin met Haftar in Moscow in 2018.", "The talks lasted two days.", ""]
PIVOT = ["التقى بريغوجين بحفتر في موسكو عام 2018.", "استمرت المحادثات يومين.", ""]
BACK = ["Prezhugin met Hifter in Moscow in 2018.", "The talks lasted for two days.", ""]


def run(args: list[str], store: Path) -> Result:
    return CliRunner().invoke(cli, ["--store", str(store), *args], catch_exceptions=False)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, lines in (("src.en", SOURCE), ("sys.ar", PIVOT), ("sys.en", BACK)):
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out[name] = path
    return out


@pytest.fixture
def imported(tmp_path: Path, files: dict[str, Path]) -> Path:
    store = tmp_path / "store.sqlite3"
    result = run(
        [
            "import",
            "--system",
            "human",
            "--source",
            str(files["src.en"]),
            "--pivot",
            str(files["sys.ar"]),
            "--back",
            str(files["sys.en"]),
        ],
        store,
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("run 1: human, 3 segments")
    return store


def test_help_teaches_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in (
        "roundtrip",
        "review",
        "batch",
        "compare",
        "import",
        "runs",
        "show",
        "export",
        "models",
        "check",
    ):
        assert command in result.output
        sub = CliRunner().invoke(cli, [command, "--help"])
        assert sub.exit_code == 0 and "Usage:" in sub.output


def test_import_then_runs_show_and_export(imported: Path) -> None:
    runs = run(["runs", "--json"], imported)
    [summary] = json.loads(runs.output)
    assert summary["system"] == "human" and summary["status"] == "complete"
    assert set(summary["scores"]) == {"chrf", "bleu", "ter"}

    show = run(["show", "1"], imported)
    assert show.exit_code == 0 and "Prezhugin" in show.output and "chrf" in show.output

    data = json.loads(run(["export", "1", "--format", "json"], imported).output)
    assert [s["back"] for s in data["segments"]] == BACK
    assert [s["pivot"] for s in data["segments"]] == PIVOT
    assert data["scores"]["bleu"]["signature"].startswith("nrefs:1|case:mixed|eff:no")
    assert "eff:yes" in data["segment_score_signatures"]["bleu"]
    assert data["segments"][0]["scores"]["chrf"] < 100 < data["segments"][2]["scores"]["chrf"] + 101

    rows = list(csv.reader(io.StringIO(run(["export", "1", "-f", "csv"], imported).output)))
    assert rows[0][:6] == ["index", "paragraph", "heading", "source", "pivot", "back"]
    assert len(rows) == 1 + len(SOURCE)
    tsv = run(["export", "1", "-f", "tsv"], imported).output
    assert tsv.splitlines()[1].split("\t")[5] == BACK[0]
    md = run(["export", "1", "-f", "md"], imported).output
    assert md.startswith("# Run 1: human") and "| 0 |" in md


def test_export_to_a_file(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "run.md"
    result = run(["export", "1", "-f", "md", "-o", str(out)], imported)
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Run 1")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"   \n\n", "whitespace"),
        (b"\x00\x01\x02binary\x00data", "binary"),
        ("caf\xe9 au lait\n".encode("latin-1"), "UTF-8"),
    ],
    ids=["missing", "empty", "whitespace", "binary", "latin-1"],
)
def test_bad_text_is_one_clear_line(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    store = tmp_path / "store.sqlite3"
    for args in (
        ["roundtrip", str(path), "-m", "opus-mt"],
        ["import", "-s", "x", "--source", str(path), "--back", str(path)],
        ["check", str(path)],
    ):
        result = run(args, store)
        assert result.exit_code == ExitCode.BAD_INPUT, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("workbench: error:"), result.output
        assert str(path) in lines[0] and message in lines[0], lines[0]


def test_bad_import_leaves_stored_runs_intact(
    imported: Path, tmp_path: Path, files: dict[str, Path]
) -> None:
    short = tmp_path / "short.en"
    short.write_text("one line only\n", encoding="utf-8")
    result = run(
        ["import", "-s", "broken", "--source", str(files["src.en"]), "--back", str(short)], imported
    )
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "short.en" in result.output and "lines" in result.output
    with Store(imported) as store:
        assert [r.system for r in store.list_runs()] == ["human"]
        assert store.integrity_ok()


def test_unknown_model_is_one_clear_line(tmp_path: Path) -> None:
    result = run(["roundtrip", str(ARTICLE), "-m", "no-such-model"], tmp_path / "s.sqlite3")
    assert result.exit_code == ExitCode.MODEL_UNAVAILABLE
    assert (
        result.output.strip().splitlines() == [result.output.strip()]
        and "unknown model 'no-such-model'" in result.output
    )


def test_offline_without_cache_fails_fast_and_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-hf-home"))
    start = time.monotonic()
    result = run(["roundtrip", str(ARTICLE)], tmp_path / "s.sqlite3")
    elapsed = time.monotonic() - start
    assert result.exit_code == ExitCode.MODEL_UNAVAILABLE, result.output
    [line] = result.output.strip().splitlines()
    assert "Helsinki-NLP/opus-mt-en-ar" in line and "cache" in line
    assert elapsed < 10


def test_unknown_run_and_empty_store(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    assert "No runs stored yet" in run(["runs"], store).output
    result = run(["show", "7"], store)
    assert result.exit_code == ExitCode.STORE and "no run 7" in result.output


def test_models_lists_the_shipped_cards() -> None:
    result = CliRunner().invoke(cli, ["models"])
    assert result.exit_code == 0
    for name in ("opus-mt", "opus-mt-big", "nllb-600m", "m2m100-418m"):
        assert name in result.output
