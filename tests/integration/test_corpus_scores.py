"""Corpus scores on real Arabic -> English MT output reproduce published numbers.

Mozilla's ``SCORES.txt`` beside each system output holds the sacreBLEU (default
settings) that they reported; a correct BLEU reproduces every one of them to the
printed precision. chrF and TER have no published figures there, so they are
checked against the sacrebleu CLI on full files instead.

The corpora live outside the repository (``../shared/corpora``); every test
skips, saying where it looked, when they are absent.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpora import SYSTEMS, TESTSETS, require
from workbench.metrics import get_metric

pytestmark = pytest.mark.corpora


def _read_lines(path: Path) -> list[str]:
    # As the sacrebleu CLI reads files: split on "\n" only, strip trailing whitespace.
    with require(path).open(encoding="utf-8", newline="\n") as f:
        return [line.rstrip() for line in f]


def _published_bleu(folder: Path) -> dict[str, str]:
    """``{output file name: BLEU as printed}`` from SCORES.txt.

    Lines read ``<file>.bleu <value>`` (and ``<file>.comet <value>``).
    """
    published: dict[str, str] = {}
    for line in require(folder / "SCORES.txt").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(" ")
        if key.endswith(".bleu"):
            published[key.removesuffix(".bleu")] = value.strip()
    return published


@pytest.mark.parametrize("testset", sorted(TESTSETS))
def test_scores_txt_lists_exactly_the_known_systems(testset: str) -> None:
    # Guards the parametrisation below: a new or renamed system must not go unchecked.
    folder, _ = TESTSETS[testset]
    assert sorted(_published_bleu(folder)) == sorted(f"{testset}.{s}.en" for s in SYSTEMS)


@pytest.mark.parametrize("system", SYSTEMS)
@pytest.mark.parametrize("testset", sorted(TESTSETS))
def test_corpus_bleu_reproduces_published_score(testset: str, system: str) -> None:
    folder, reference = TESTSETS[testset]
    name = f"{testset}.{system}.en"
    expected = _published_bleu(folder)[name]
    hyps, refs = _read_lines(folder / name), _read_lines(reference)
    score = get_metric("bleu").corpus_score(hyps, refs)
    assert f"{score.value:.1f}" == expected, f"{name}: {score.value:.4f} vs published {expected}"
    assert abs(score.value - float(expected)) <= 0.05 + 1e-9
    assert "tok:13a" in score.signature and "eff:no" in score.signature


def _sacrebleu_cli(ref: Path, hyp: Path, *metrics: str) -> list[str]:
    cmd = [sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-m", *metrics]
    out = subprocess.run(
        [*cmd, "-b", "-w", "4"], capture_output=True, text=True, encoding="utf-8", check=True
    )
    return re.findall(r"-?\d+\.\d+", out.stdout)


@pytest.mark.parametrize(
    ("testset", "system"),
    # google's output carries HTML entities (&#39; &quot;), which each metric must
    # treat exactly as the CLI does
    [("flores-dev", "google"), ("iwslt17", "opusmt")],
)
def test_all_metrics_equal_the_sacrebleu_cli_on_full_files(testset: str, system: str) -> None:
    folder, reference = TESTSETS[testset]
    hyp_path = require(folder / f"{testset}.{system}.en")
    hyps, refs = _read_lines(hyp_path), _read_lines(reference)
    cli = _sacrebleu_cli(require(reference), hyp_path, "bleu", "chrf", "ter")
    ours = [get_metric(m).corpus_score(hyps, refs).value for m in ("bleu", "chrf", "ter")]
    assert [f"{v:.4f}" for v in ours] == cli
