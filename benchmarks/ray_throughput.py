"""Batch throughput: the local engine against a local Ray instance, same batch.

One line-aligned test set of ``--segments`` distinct English lines (the
article's sentences, numbered) goes through a full round trip (en->ar->en,
scoring, and drift detection with ``--detect``) with a pair of tiny
random-weight Marian models that this script builds into its work folder
(``tests/tiny_models.py``).  Every output has exactly ``--out-tokens`` tokens:
the models' generation config gets ``min_new_tokens`` equal to the card's
``max_new_tokens``, so both engines do the same work whatever the weights say.

Engines: ``local`` (the default local engine: torch uses every CPU),
``local:N`` (the local engine with ``OMP_NUM_THREADS=N``, which the
transformers backend honours) and ``ray`` (a local Ray instance with
``--workers`` single-threaded actors).  Each engine gets a fresh store, so the
second one cannot take anything from the first one's cache.  Ray's start-up
(local instance) is timed on its own and not counted in its throughput; the
actors' start-up (process, imports, model load, per leg) is, as a user would
see it.

It also measures what bounds a cluster run from the driver's side: the rate
at which this process commits translations to the SQLite store (one
transaction per batch, as both engines do), and how long scoring (whole test
set) and drift detection (first ``--detect-sample`` segments) take.

Usage::

    PYTHONPATH=. python benchmarks/ray_throughput.py [--segments 20000] [--out-tokens 8]
        [--batch-size 16] [--workers 2] [--engines local,local:1,ray] [--detect]
        [--detect-sample 1000] [--work DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def build_models(work: Path, out_tokens: int) -> tuple[Path, Path]:
    """The tiny en->ar / ar->en pair, every output exactly ``out_tokens`` tokens long."""
    from tests.tiny_models import build_tiny_marian

    en_ar = build_tiny_marian(work / "en-ar", "en", "ar", target_tokens=(">>ara<<",))
    ar_en = build_tiny_marian(work / "ar-en", "ar", "en", seed=1)
    for folder in (en_ar, ar_en):
        path = folder / "generation_config.json"
        config = json.loads(path.read_text(encoding="utf-8"))
        config["min_new_tokens"] = out_tokens
        path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    return en_ar, ar_en


def write_card(work: Path, en_ar: Path, ar_en: Path, out_tokens: int, batch_size: int) -> Path:
    from tests.tiny_models import write_tiny_card

    return write_tiny_card(
        work,
        en_ar,
        ar_en,
        name="bench",
        max_new_tokens=out_tokens,
        batch_size=batch_size,
        device="cpu",
    )


def write_testset(work: Path, n: int) -> Path:
    from tests.tiny_models import english_lines

    sentences = [line for line in english_lines() if len(line.split()) >= 3]
    folder = work / "bench-set"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"{sentences[i % len(sentences)]} ({i})" for i in range(n)]
    (folder / "bench-set.en").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run_engine(
    name: str, work: Path, card_path: Path, testset: Path, workers: int, detect: bool
) -> dict[str, Any]:
    from workbench.batch import parse_testset, plan_batch, run_batch
    from workbench.cards import load_card
    from workbench.engines import LOCAL, Engine
    from workbench.store import Store

    items = plan_batch([], [load_card(card_path)], testsets=[parse_testset(str(testset))])
    store = Store(work / f"{name}.sqlite3")
    engine: Engine = LOCAL
    startup = 0.0
    close = None
    threads_before = os.environ.get("OMP_NUM_THREADS")
    if name.startswith("local:"):
        os.environ["OMP_NUM_THREADS"] = name.partition(":")[2]
    if name == "ray":
        from workbench.engines.ray_engine import RayEngine

        ray_engine = RayEngine(workers=workers, num_cpus=workers)
        started = time.perf_counter()
        ray_engine.start()
        startup = time.perf_counter() - started
        engine, close = ray_engine, ray_engine.close
    started = time.perf_counter()
    result = run_batch(store, items, engine=engine, detect=detect, stop_on_error=True)
    seconds = time.perf_counter() - started
    if close is not None:
        close()
    if threads_before is None:
        os.environ.pop("OMP_NUM_THREADS", None)
    else:
        os.environ["OMP_NUM_THREADS"] = threads_before
    (outcome,) = result.outcomes
    rows = store.load_run(outcome.run_id or 0).rows
    return {
        "engine": name,
        "segments": outcome.segments,
        "model_calls": outcome.model_calls,
        "failed": len(outcome.failed_segments),
        "seconds": seconds,
        "segments_per_s": outcome.segments / seconds,
        "startup_s": startup,
        "pivots": [r.pivot for r in rows],
        "backs": [r.back for r in rows],
    }


def driver_write_rate(work: Path, n: int, batch_size: int) -> float:
    """Translations per second this process commits, one transaction per batch."""
    from workbench.results import TranslatorInfo
    from workbench.store import Store

    store = Store(work / "writes.sqlite3")
    info = TranslatorInfo("transformers", "bench", "rev", "en", "ar", (("num_beams", "1"),))
    pairs = [(f"source segment number {i} of the batch", f"مقطع مترجم رقم {i}") for i in range(n)]
    started = time.perf_counter()
    for start in range(0, n, batch_size):
        store.cache_translations(info, pairs[start : start + batch_size])
    return n / (time.perf_counter() - started)


def analysis_seconds(testset: Path, detect_sample: int) -> dict[str, float]:
    from workbench.roundtrip import detect_drift, score_against

    sources = (testset / "bench-set.en").read_text(encoding="utf-8").splitlines()
    # A stand-in back-translation with some drift, so detectors have work to do.
    backs = [s.replace("Haftar", "Hifter").replace("Russia", "Rusia") for s in sources]
    started = time.perf_counter()
    score_against(backs, sources)
    scoring = time.perf_counter() - started
    sample = min(detect_sample, len(sources))
    started = time.perf_counter()
    detect_drift(sources[:sample], backs[:sample], None, "en", "ar")
    detecting = time.perf_counter() - started
    return {"scoring_s": scoring, "detect_sample": sample, "detecting_s": detecting}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--segments", type=int, default=20_000, help="lines in the test set (default: 20000)"
    )
    parser.add_argument(
        "--out-tokens", type=int, default=8, help="tokens in every model output (default: 8)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=16, help="segments per model call (default: 16)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="Ray translator actors per model (default: 2)"
    )
    parser.add_argument(
        "--engines",
        default="local,local:1,ray",
        help="comma-separated engines to time, in order: local (torch uses every CPU), "
        "local:N (OMP_NUM_THREADS=N), ray (default: local,local:1,ray)",
    )
    parser.add_argument("--detect", action="store_true", help="run drift detection in the batch")
    parser.add_argument(
        "--detect-sample",
        type=int,
        default=1000,
        help="segments whose drift detection is timed for the driver-bound figures (default: 1000)",
    )
    parser.add_argument(
        "--work", type=Path, default=None, help="folder for models and stores (default: a temp one)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args(argv)
    detect = args.detect

    work = args.work or Path(tempfile.mkdtemp(prefix="ray-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    en_ar, ar_en = build_models(work / "models", args.out_tokens)
    card = write_card(work, en_ar, ar_en, args.out_tokens, args.batch_size)
    testset = write_testset(work, args.segments)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"{args.segments} segments, round trip en->ar->en, {args.out_tokens} tokens out, "
        f"batches of {args.batch_size}, detection {'on' if detect else 'off'}, {cpus} CPUs",
        file=sys.stderr,
    )

    results = []
    for name in args.engines.split(","):
        result = run_engine(name, work, card, testset, args.workers, detect)
        results.append(result)
        print(
            f"{name:>7}: {result['segments_per_s']:8.1f} segments/s "
            f"({result['seconds']:.1f} s, {result['model_calls']} model calls, "
            f"{result['failed']} failed"
            + (f", Ray start {result['startup_s']:.1f} s not counted" if name == "ray" else "")
            + ")",
            file=sys.stderr,
        )
    summary: dict[str, Any] = {
        "segments": args.segments,
        "out_tokens": args.out_tokens,
        "batch_size": args.batch_size,
        "workers": args.workers,
        "detect": detect,
        "cpus": cpus,
        "engines": {
            r["engine"]: {k: v for k, v in r.items() if k not in ("pivots", "backs")}
            for r in results
        },
    }
    by_name = {r["engine"]: r for r in results}
    if "ray" in by_name:
        ray = by_name["ray"]
        summary["ratios_ray_to"] = {}
        summary["identical_outputs"] = {}
        for name, local in by_name.items():
            if name == "ray":
                continue
            ratio = ray["segments_per_s"] / local["segments_per_s"]
            same = (local["pivots"], local["backs"]) == (ray["pivots"], ray["backs"])
            summary["ratios_ray_to"][name] = ratio
            summary["identical_outputs"][name] = same
            print(
                f" ratio: ray / {name} = {ratio:.2f}; outputs identical: {same}",
                file=sys.stderr,
            )
    summary["driver_writes_per_s"] = driver_write_rate(work, 40_000, args.batch_size)
    summary.update(analysis_seconds(testset, args.detect_sample))
    print(
        f"driver: {summary['driver_writes_per_s']:.0f} translations/s committed "
        f"(batches of {args.batch_size}); scoring {summary['scoring_s']:.1f} s for "
        f"{args.segments} segments; drift detection {summary['detecting_s']:.1f} s for "
        f"{summary['detect_sample']}",
        file=sys.stderr,
    )
    if args.json:
        print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
