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
alternating, ``--repeat`` times; medians are compared.  The machine is shared,
so look at the spread too.

Usage::

    python benchmarks/compare_speed.py [--corpora PATH] [--testset flores-dev]
        [--repeat 3] [--jobs N] [--compare-mt-timeout 600] [--skip-compare-mt]
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


def timed(command: list[str], *, timeout: float | None = None) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (the process and every worker it waited for), stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "NO_COLOR": "1", "PYTHONPATH": str(REPO)},
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--testset", default="flores-dev")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="compare's worker processes")
    parser.add_argument("--compare-mt-timeout", type=float, default=600.0)
    parser.add_argument("--skip-compare-mt", action="store_true")
    args = parser.parse_args()

    folder = args.corpora / args.testset / "ar-en"
    reference = folder / f"{args.testset}.en"
    pivot = folder / f"{args.testset}.ar"
    systems = [folder / f"{args.testset}.{name}.en" for name in SYSTEMS]
    missing = [p for p in (reference, pivot, *systems) if not p.exists()]
    if missing:
        sys.exit(f"corpus files missing (looked in {folder}): {', '.join(map(str, missing))}")

    sacrebleu = [sys.executable, "-m", "sacrebleu", str(reference), "-i", *map(str, systems)]
    sacrebleu += ["-m", "bleu", "chrf", "ter", "--paired-bs", "-f", "text"]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "compare.json"
        ours = [sys.executable, "-c", OURS, "--store", str(Path(tmp) / "unused.sqlite3")]
        ours += ["compare", "--ref", str(reference), "--pivot", str(pivot), *map(str, systems)]
        ours += ["--metrics", "bleu,chrf,ter", "--paired", "bs", "--paired-bs-n", "1000"]
        if args.jobs is not None:
            ours += ["--jobs", str(args.jobs)]
        ours += ["-f", "json", "-o", str(report)]

        print(f"{args.testset} ar-en: {len(systems)} systems, reference {reference.name}")
        print(f"cpus available: {len(os.sched_getaffinity(0))}")
        # Ours without the detectors too: how the scoring alone compares.
        plain = [*ours[: ours.index("-f")], "--no-detect", "-f", "json", "-o", str(report) + ".x"]
        runs = [("sacrebleu", sacrebleu), ("ours", ours), ("ours, no drift", plain)]
        times: dict[str, list[float]] = {name: [] for name, _ in runs}
        cpus: dict[str, list[float]] = {name: [] for name, _ in runs}
        phases: list[dict[str, float]] = []
        for round_ in range(args.repeat):
            for name, command in runs:
                seconds, cpu, _ = timed(command)
                times[name].append(seconds)
                cpus[name].append(cpu)
                if name == "ours":
                    phases.append(json.loads(report.read_text(encoding="utf-8"))["timings"])
            print(
                f"  round {round_ + 1}: "
                + ", ".join(
                    f"{name} {times[name][-1]:.2f} s (cpu {cpus[name][-1]:.2f} s)"
                    for name, _ in runs
                )
            )
        data = json.loads(report.read_text(encoding="utf-8"))

    theirs = statistics.median(times["sacrebleu"])
    mine = statistics.median(times["ours"])
    print()
    spread = _spread(times["sacrebleu"])
    print(f"sacrebleu --paired-bs (bleu chrf ter): median {theirs:.2f} s  {spread}")
    print(f"workbench compare (same + drift):     median {mine:.2f} s  {_spread(times['ours'])}")
    print(f"ratio ours / sacrebleu: {mine / theirs:.2f}  (target: <= 1.00)")
    bare = statistics.median(times["ours, no drift"])
    print(
        f"workbench compare --no-detect:         median {bare:.2f} s  "
        f"{_spread(times['ours, no drift'])}; ratio {bare / theirs:.2f}"
    )
    cpu_theirs = statistics.median(cpus["sacrebleu"])
    cpu_mine = statistics.median(cpus["ours"])
    print(
        f"CPU seconds (all processes): sacrebleu {cpu_theirs:.2f}, ours {cpu_mine:.2f} "
        f"(ratio {cpu_mine / cpu_theirs:.2f}); with {len(os.sched_getaffinity(0))} idle CPUs "
        f"ours could take no less than {cpu_mine / len(os.sched_getaffinity(0)):.2f} s"
    )
    last = phases[-1]
    print("  ours, inside the last run: " + ", ".join(f"{k} {v:.2f} s" for k, v in last.items()))
    flags = {name: sum(counts.values()) for name, counts in data["drift"]["counts"].items()}
    print(
        f"  drift flags ({data['drift']['flags_from']}): "
        + ", ".join(f"{k} {v}" for k, v in flags.items())
    )
    leg = data["legs"][0]["systems"]
    print("  BLEU: " + ", ".join(f"{k} {v['bleu']['score']:.1f}" for k, v in leg.items()))

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
            f"no TER): {seconds:.2f} s, {seconds / theirs:.2f}x sacrebleu"
        )


def _spread(values: list[float]) -> str:
    return "(runs: " + ", ".join(f"{v:.2f}" for v in values) + ")"


if __name__ == "__main__":
    main()
