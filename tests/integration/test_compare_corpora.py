"""compare on real MT output: published BLEU, and the sacrebleu CLI's scores and tests.

The seven systems of FLORES dev and IWSLT 2017 (Arabic -> English) go through
``inputs_from_files`` + ``compare``, the path `workbench compare --ref REF
SYS...` takes.  Corpus BLEU must equal Mozilla's ``SCORES.txt`` to 0.1; BLEU,
chrF and TER, and the paired bootstrap / approximate randomization results
(p-values, bootstrap means and 95% intervals, sacrebleu's default seed 12345)
must equal what ``python -m sacrebleu`` prints for the same files.

The corpora live outside the repository (``../shared/corpora``); every test
skips, saying where it looked, when they are absent.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpora import SYSTEMS, TESTSETS, require
from workbench.compare import CompareResult, compare, inputs_from_files

pytestmark = pytest.mark.corpora


def _files(testset: str, systems: list[str]) -> tuple[Path, list[Path]]:
    folder, reference = TESTSETS[testset]
    return require(reference), [require(folder / f"{testset}.{s}.en") for s in systems]


def _sacrebleu(*args: str | Path) -> str:
    env = {**os.environ, "SACREBLEU_SEED": "12345", "NO_COLOR": "1"}
    env.pop("SACREBLEU_FORMAT", None)
    out = subprocess.run(
        [sys.executable, "-m", "sacrebleu", *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return out.stdout


@pytest.mark.parametrize("testset", sorted(TESTSETS))
def test_corpus_bleu_of_all_seven_systems_equals_scores_txt(testset: str) -> None:
    folder, _ = TESTSETS[testset]
    reference, files = _files(testset, SYSTEMS)
    published = {}
    for line in require(folder / "SCORES.txt").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(" ")
        if key.endswith(".en.bleu"):
            published[key.split(".")[1]] = float(value)
    assert sorted(published) == sorted(SYSTEMS)
    result = compare(inputs_from_files(reference, files), metrics=("bleu",), tests=(), detect=False)
    assert result.systems == tuple(SYSTEMS)  # names come from the file names
    for system in SYSTEMS:
        bleu = result.legs[0].system(system).scores["bleu"].value
        assert round(bleu, 1) == published[system], (system, bleu)


@pytest.fixture(scope="module")
def flores_pair() -> CompareResult:
    reference, files = _files("flores-dev", ["google", "nllb"])
    return compare(
        inputs_from_files(reference, files),
        tests=("bs", "ar"),
        ar_samples=10000,
        detect=False,
    )


@pytest.mark.parametrize("system", ["google", "nllb"])
def test_bleu_chrf_ter_equal_the_sacrebleu_cli(flores_pair: CompareResult, system: str) -> None:
    reference, [hypothesis] = _files("flores-dev", [system])
    printed = json.loads(
        _sacrebleu(reference, "-i", hypothesis, "-m", "bleu", "chrf", "ter", "-w", "4")
    )
    ours = flores_pair.legs[0].system(system).scores
    for metric, entry in zip(("bleu", "chrf", "ter"), printed, strict=True):
        assert round(ours[metric].value, 4) == pytest.approx(entry["score"], abs=1e-9), metric
        assert ours[metric].signature == entry["signature"]
        assert ours[metric].name == entry["name"]


def _table_cells(text: str) -> list[list[str]]:
    """The data rows of sacrebleu's text table, cell by cell."""
    rows = []
    for line in text.splitlines():
        if line.startswith("│"):
            rows.append([cell.strip() for cell in line.strip("│").split("│")])
    return rows


def test_paired_bootstrap_equals_the_sacrebleu_cli(flores_pair: CompareResult) -> None:
    reference, files = _files("flores-dev", ["google", "nllb"])
    out = _sacrebleu(
        reference, "-i", *files, "-m", "bleu", "chrf", "ter", "--paired-bs", "-f", "text", "-w", "4"
    )
    rows = _table_cells(out)
    # header, baseline, system, system's p-values
    baseline, system, p_row = rows[1], rows[2], rows[3]
    leg = flores_pair.legs[0]
    for column, metric in enumerate(("bleu", "chrf", "ter"), start=1):
        for name, row in (("google", baseline), ("nllb", system)):
            score = leg.system(name).scores[metric]
            bs = score.test("bs")
            assert bs is not None and bs.mean is not None and bs.ci is not None
            assert row[column] == f"{score.value:.4f} ({bs.mean:.4f} ± {bs.ci:.4f})", (name, metric)
        p_value = leg.system("nllb").scores[metric].test("bs")
        assert p_value is not None and p_value.p_value is not None
        assert p_row[column].startswith(f"(p = {p_value.p_value:.4f})")
    signature = leg.system("google").scores["bleu"].test("bs")
    assert signature is not None and signature.signature in out


def test_approximate_randomization_equals_the_sacrebleu_cli(flores_pair: CompareResult) -> None:
    reference, files = _files("flores-dev", ["google", "nllb"])
    out = _sacrebleu(
        reference, "-i", *files, "-m", "bleu", "chrf", "--paired-ar", "-f", "text", "-w", "4"
    )
    rows = _table_cells(out)
    p_row = rows[3]
    leg = flores_pair.legs[0]
    for column, metric in enumerate(("bleu", "chrf"), start=1):
        ar = leg.system("nllb").scores[metric].test("ar")
        assert ar is not None and ar.p_value is not None
        assert p_row[column].startswith(f"(p = {ar.p_value:.4f})"), (metric, p_row)
        assert re.search(r"ar:10000\|seed:12345", ar.signature)


def test_flores_drift_counts_come_with_the_scores() -> None:
    reference, files = _files("flores-dev", ["google", "opusmt"])
    pivot = require(TESTSETS["flores-dev"][0] / "flores-dev.ar")
    result = compare(
        inputs_from_files(reference, files, pivot=pivot),
        metrics=("chrf",),
        tests=(),
        kinds=["encoding", "name-drift"],
    )
    # Google's output carries HTML entities (&#39;, &quot;): the encoding detector sees them.
    assert result.flag_counts["google"]["encoding"] > 50
    assert result.flag_counts["opusmt"]["name-drift"] > result.flag_counts["google"]["name-drift"]
    assert any(d.kind == "encoding" and d.present == ("google",) for d in result.flag_differences)
