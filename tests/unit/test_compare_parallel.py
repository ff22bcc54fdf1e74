"""compare's fast paths give the slow paths' results, and Ctrl-C stops it cleanly.

- Worker processes (statistics in chunks, each detector kind on each system
  as its own task) against one process running ``detect`` per system, on a
  slice of real MT output: the whole ``CompareResult`` must be equal.
- The spawn start method (used when compare runs in a thread, as in the TUI)
  against one process.
- The paired bootstrap (index counts times the statistics matrix, in blocks)
  against sacrebleu's ``PairedTest``, value for value, including its float32
  fallback.
- Ctrl-C during a parallel ``workbench compare``: exit 130, one line, no
  traceback, no process left behind.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import workbench.compare as compare_module
from tests.corpora import SYSTEMS, TESTSETS, require
from workbench.compare import CompareInput, CompareResult, compare, inputs_from_files

REPO = Path(__file__).resolve().parents[2]


def _flores_slice(segments: int, systems: list[str]) -> CompareInput:
    folder, reference = TESTSETS["flores-dev"]
    full = inputs_from_files(
        require(reference),
        [require(folder / f"flores-dev.{s}.en") for s in systems],
        pivot=require(folder / "flores-dev.ar"),
    )
    cut = slice(0, segments)
    assert full.pivots is not None
    return dataclasses.replace(
        full,
        sources=full.sources[:segments],
        pivots=full.pivots[cut],
        systems=tuple(dataclasses.replace(s, outputs=s.outputs[cut]) for s in full.systems),
        legs=tuple(
            dataclasses.replace(
                leg,
                references=leg.references[cut],
                hypotheses=tuple(h[cut] for h in leg.hypotheses),
            )
            for leg in full.legs
        ),
    )


def _without_timings(result: CompareResult) -> CompareResult:
    return dataclasses.replace(result, timings={})


def test_worker_processes_give_exactly_the_one_process_result_on_real_output() -> None:
    inputs = _flores_slice(80, ["google", "nllb", "opusmt", "argos"])
    options = {"tests": ("bs", "ar"), "bs_samples": 200, "ar_samples": 200}
    serial = compare(inputs, jobs=1, **options)  # type: ignore[arg-type]
    parallel = compare(inputs, jobs=2, **options)  # type: ignore[arg-type]
    # The slice must exercise the detectors and the tests, or equality says little.
    assert sum(sum(c.values()) for c in serial.flag_counts.values()) > 20
    assert len({k for c in serial.flag_counts.values() for k, v in c.items() if v}) >= 4
    assert serial.significant_differences()
    assert _without_timings(parallel) == _without_timings(serial)


def test_spawned_workers_from_a_thread_give_the_one_process_result() -> None:
    inputs = _flores_slice(30, ["google", "argos"])
    options = {"kinds": ["number-mismatch", "name-drift"], "bs_samples": 100}
    serial = compare(inputs, jobs=1, **options)  # type: ignore[arg-type]
    found: list[CompareResult] = []
    # A thread is running, so compare may not fork: it spawns its workers.
    worker = threading.Thread(target=lambda: found.append(compare(inputs, jobs=2, **options)))  # type: ignore[arg-type]
    worker.start()
    worker.join(timeout=300)
    assert found, "compare in a thread did not finish"
    assert _without_timings(found[0]) == _without_timings(serial)


def _sacrebleu_bootstrap(
    inputs: CompareInput, samples: int
) -> tuple[dict[str, str], dict[str, list[object]]]:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER
    from sacrebleu.significance import PairedTest

    refs = [list(inputs.legs[0].references)]
    metrics = {
        "BLEU": BLEU(references=refs),
        "chrF2": CHRF(references=refs),
        "TER": TER(references=refs),
    }
    named = [(s.name, list(s.outputs)) for s in inputs.systems]
    signatures, results = PairedTest(named, metrics, None, "bs", samples)()  # type: ignore[arg-type]
    return {k: v.format() for k, v in signatures.items()}, results  # type: ignore[return-value]


@pytest.mark.parametrize("path", ["blocks", "float32 sums"])
def test_paired_bootstrap_equals_sacrebleus_value_for_value(
    path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = _flores_slice(60, ["google", "microsoft", "argos"])
    if path == "blocks":
        # 60 segments x 7 resamples per block: 43 blocks for 300 resamples.
        monkeypatch.setattr(compare_module, "_BOOTSTRAP_BLOCK", 60 * 7)
    else:
        # As if the counts were too large for exact float32 sums.
        monkeypatch.setattr(compare_module, "_FLOAT32_EXACT", 0)
    ours = compare(inputs, tests=("bs",), bs_samples=300, detect=False, jobs=1)
    signatures, theirs = _sacrebleu_bootstrap(inputs, 300)
    leg = ours.legs[0]
    for metric, name in (("bleu", "BLEU"), ("chrf", "chrF2"), ("ter", "TER")):
        for i, system in enumerate(ours.systems):
            expected = theirs[name][i]
            got = leg.system(system).scores[metric].test("bs")
            assert got is not None
            assert (got.p_value, got.mean, got.ci) == (
                expected.p_value,  # type: ignore[attr-defined]
                expected.mean,  # type: ignore[attr-defined]
                expected.ci,  # type: ignore[attr-defined]
            ), (metric, system)
            assert got.signature == signatures[name]


def _group_members(group: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            # pid (comm) state ppid pgrp ...: comm may hold spaces, so split after ')'
            fields = stat.rpartition(")")[2].split()
            if int(fields[2]) == group:
                members.append(int(entry.name))
    return members


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_ctrl_c_during_a_parallel_compare_exits_130_cleanly(tmp_path: Path) -> None:
    folder, reference = TESTSETS["flores-dev"]
    systems = [str(require(folder / f"flores-dev.{s}.en")) for s in SYSTEMS]
    command = [sys.executable, "-m", "workbench.cli", "--store", str(tmp_path / "s.sqlite3")]
    command += ["compare", "--ref", str(require(reference)), *systems, "--jobs", "2"]
    command += ["-f", "json", "-o", str(tmp_path / "out.json")]
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    # Its own process group, as a shell gives a job: Ctrl-C reaches every process in it.
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(_group_members(process.pid)) < 3 and process.poll() is None:
            assert time.monotonic() < deadline, "the worker processes never started"
            time.sleep(0.05)
        time.sleep(0.5)  # well into the work
        assert process.poll() is None, "compare finished before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.strip() == "workbench: error: compare interrupted; nothing was written"
    deadline = time.monotonic() + 5
    while _group_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group_members(process.pid) == []
    assert not (tmp_path / "out.json").exists()
