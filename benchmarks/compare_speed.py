"""Time `workbench compare` against `sacrebleu --paired-bs` (and compare-mt) on the same files.

On FLORES dev Arabic -> English (seven systems, 997 segments), in one run:

- sacrebleu: ``python -m sacrebleu REF -i SYS... -m bleu chrf ter --paired-bs``
  (1,000 bootstrap resamples, its defaults);
- ours: ``workbench compare --ref REF --pivot AR SYS... -f json`` with the same
  metrics and test, which also runs the drift detectors on every system
  (embedding model off, the default);
- compare-mt, for reference only: BLEU with 1,000 bootstrap resamples and
  chrF, plus its default analyses.  It has no TER, and its chrF bootstrap
  recomputes chrF from the text on every resample (it ran past 15 minutes
  here), so chrF goes without resampling.  If compare-mt is not installed or
  fails, the reason is printed instead of a time.

Each command runs as its own process (interpreter start and imports counted),
alternating, ``--repeat`` times; medians are compared, and so are the ratios
measured within each round (the commands of a round run under about the same
load).  The machine is shared: the load average is printed with every round,
and a ratio means little when the load is above the number of CPUs.

``--also PATH`` times ``workbench compare`` from another checkout too (e.g. a
``git worktree`` of an older commit), in the same rounds: a before/after
comparison under the same load.

Usage::

    python benchmarks/compare_speed.py [--corpora PATH] [--testset flores-dev]
        [--repeat 3] [--jobs N] [--also PATH] [--compare-mt-timeout 600]
        [--skip-compare-mt]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
SYSTEMS = (
    "google",
    "microsoft",
    "nllb",
    "opusmt",
    "argos",
    "bergamot-base",
    "bergamot-base-memory",
)
# `workbench compare` through the real CLI; registers the command if the CLI
# does not list it yet, so the benchmark runs on any checkout of this branch.
OURS = """
import sys
from workbench.cli import cli
from workbench.cli.compare import COMMANDS
for command in COMMANDS:
    if command.name not in cli.commands:
        cli.add_command(command)
if __name__ == "__main__":
    cli(sys.argv[1:], prog_name="workbench")
"""


def timed(
    command: list[str], *, timeout: float | None = None, repo: Path = REPO
) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (the process and every worker it waited for), stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=repo,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "NO_COLOR": "1", "PYTHONPATH": str(repo)},
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if out.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[:4])}... exited {out.returncode}: {out.stderr.strip()[-800:]}"
        )
    return seconds, cpu, out.stdout


def compare_mt_command(reference: Path, systems: list[Path], source: Path) -> list[str] | None:
    exe = shutil.which("compare-mt") or str(Path(sys.executable).with_name("compare-mt"))
    if not Path(exe).exists():
        return None
    return [
        exe,
        str(reference),
        *map(str, systems),
        "--src_file",
        str(source),
        "--compare_scores",
        "score_type=bleu,bootstrap=1000",
        "score_type=chrf",
    ]


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (1 min), {five:.2f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--testset", default="flores-dev")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--jobs", type=int, default=None, help="compare's worker processes")
    parser.add_argument(
        "--also", type=Path, default=None, help="time workbench compare from this checkout too"
    )
    parser.add_argument("--compare-mt-timeout", type=float, default=600.0)
    parser.add_argument("--skip-compare-mt", action="store_true")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    folder = args.corpora / args.testset / "ar-en"
    reference = folder / f"{args.testset}.en"
    pivot = folder / f"{args.testset}.ar"
    systems = [folder / f"{args.testset}.{name}.en" for name in SYSTEMS]
    missing = [p for p in (reference, pivot, *systems) if not p.exists()]
    if missing:
        sys.exit(f"corpus files missing (looked in {folder}): {', '.join(map(str, missing))}")

    sacrebleu = [sys.executable, "-m", "sacrebleu", str(reference), "-i", *map(str, systems)]
    sacrebleu += ["-m", "bleu", "chrf", "ter", "--paired-bs", "-f", "text"]
    cpus_available = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:

        def ours_command(report: Path, *extra: str) -> list[str]:
            command = [sys.executable, "-c", OURS, "--store", str(Path(tmp) / "unused.sqlite3")]
            command += ["compare", "--ref", str(reference), "--pivot", str(pivot)]
            command += [*map(str, systems), "--metrics", "bleu,chrf,ter"]
            command += ["--paired", "bs", "--paired-bs-n", "1000", *extra]
            if args.jobs is not None:
                command += ["--jobs", str(args.jobs)]
            return [*command, "-f", "json", "-o", str(report)]

        report = Path(tmp) / "compare.json"
        # name -> (command, checkout it runs from, its JSON report or None)
        runs: dict[str, tuple[list[str], Path, Path | None]] = {
            "sacrebleu": (sacrebleu, REPO, None),
            "ours": (ours_command(report), REPO, report),
            # Ours without the detectors too: how the scoring alone compares.
            "ours, no drift": (ours_command(Path(tmp) / "plain.json", "--no-detect"), REPO, None),
        }
        if args.also is not None:
            other = Path(tmp) / "also.json"
            runs[f"ours from {args.also}"] = (ours_command(other), args.also.resolve(), other)

        print(f"{args.testset} ar-en: {len(systems)} systems, reference {reference.name}")
        print(f"cpus available: {cpus_available}; before: {_load()}")
        times: dict[str, list[float]] = {name: [] for name in runs}
        cpus: dict[str, list[float]] = {name: [] for name in runs}
        phases: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
        for round_ in range(args.repeat):
            for name, (command, repo, json_report) in runs.items():
                seconds, cpu, _ = timed(command, repo=repo)
                times[name].append(seconds)
                cpus[name].append(cpu)
                if json_report is not None:
                    data = json.loads(json_report.read_text(encoding="utf-8"))
                    phases[name].append(data["timings"])
            print(
                f"  round {round_ + 1}: "
                + ", ".join(
                    f"{name} {times[name][-1]:.2f} s (cpu {cpus[name][-1]:.2f} s)" for name in runs
                )
                + f"; ratio {times['ours'][-1] / times['sacrebleu'][-1]:.2f}; {_load()}"
            )
        data = json.loads(report.read_text(encoding="utf-8"))

    theirs = statistics.median(times["sacrebleu"])
    mine = statistics.median(times["ours"])
    ratios = [o / t for o, t in zip(times["ours"], times["sacrebleu"], strict=True)]
    print()
    print(
        f"sacrebleu --paired-bs (bleu chrf ter): median {theirs:.2f} s  "
        f"{_spread(times['sacrebleu'])}"
    )
    print(f"workbench compare (same + drift):     median {mine:.2f} s  {_spread(times['ours'])}")
    print(
        f"ratio ours / sacrebleu: {mine / theirs:.2f} (of the medians); per round "
        f"{_spread(ratios)}, median {statistics.median(ratios):.2f}  (target: <= 1.00)"
    )
    bare = statistics.median(times["ours, no drift"])
    print(
        f"workbench compare --no-detect:         median {bare:.2f} s  "
        f"{_spread(times['ours, no drift'])}; ratio {bare / theirs:.2f}"
    )
    for name in runs:
        if name.startswith("ours from "):
            also = statistics.median(times[name])
            print(
                f"workbench compare from {args.also}: median {also:.2f} s  "
                f"{_spread(times[name])}; ratio {also / theirs:.2f}"
            )
    cpu_theirs = statistics.median(cpus["sacrebleu"])
    cpu_mine = statistics.median(cpus["ours"])
    print(
        f"CPU seconds (all processes): sacrebleu {cpu_theirs:.2f}, ours {cpu_mine:.2f} "
        f"(ratio {cpu_mine / cpu_theirs:.2f}); with {cpus_available} idle CPUs "
        f"ours could take no less than {cpu_mine / cpus_available:.2f} s"
    )
    for name in runs:
        if phases[name]:
            keys = list(phases[name][-1])
            medians = {k: statistics.median(p.get(k, 0.0) for p in phases[name]) for k in keys}
            print(
                f"  {name}, phases inside the process (medians): "
                + ", ".join(f"{k} {v:.2f} s" for k, v in medians.items())
            )
    flags = {name: sum(counts.values()) for name, counts in data["drift"]["counts"].items()}
    print(
        f"  drift flags ({data['drift']['flags_from']}): "
        + ", ".join(f"{k} {v}" for k, v in flags.items())
    )
    leg = data["legs"][0]["systems"]
    print("  BLEU: " + ", ".join(f"{k} {v['bleu']['score']:.1f}" for k, v in leg.items()))
    print(f"after: {_load()}")

    if args.skip_compare_mt:
        print("compare-mt: skipped (--skip-compare-mt)")
        return
    cmt = compare_mt_command(reference, systems, pivot)
    if cmt is None:
        print("compare-mt: not installed (pip install compare-mt six); no reference time")
        return
    try:
        seconds, _, _ = timed(cmt, timeout=args.compare_mt_timeout)
    except subprocess.TimeoutExpired:
        print(f"compare-mt: did not finish within {args.compare_mt_timeout:.0f} s")
    except RuntimeError as err:
        print(f"compare-mt: failed on Python {sys.version.split()[0]}: {err}")
    else:
        print(
            f"compare-mt (BLEU with 1,000 bootstrap resamples, chrF, default analyses; "
            f"no TER): {seconds:.2f} s, {seconds / theirs:.2f}x sacrebleu; {_load()}"
        )


def _spread(values: list[float]) -> str:
    return "(runs: " + ", ".join(f"{v:.2f}" for v in values) + ")"


if __name__ == "__main__":
    main()
