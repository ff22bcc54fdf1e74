"""Compare N systems on the same segments: scores, significance, drift, disagreement.

Systems come from stored runs of one text (``inputs_from_runs``) or from
line-aligned files, like ``sacrebleu REF -i SYS...`` (``inputs_from_files``).
Each *leg* scores the systems' outputs against one reference, named in the
result: a round trip's back-translation against the original source, or a
forward translation (the pivot) against a human reference translation.

How the work is shared (the speed target is ``sacrebleu --paired-bs``):

- sacrebleu's sufficient statistics (BLEU n-gram counts, chrF character
  n-gram counts, TER edits) are computed once per distinct (segment, output)
  pair, in worker processes, against reference statistics computed once per
  leg.  Every number afterwards is a sum of them: corpus scores, per-segment
  scores, length and flag-kind buckets, and the paired tests.  TER, the slow
  metric, is computed once per segment, never per resample, with sacrebleu's
  shift search run faster (``workbench.metrics.fast_ter``: the same edits).
- The paired bootstrap is sacrebleu's ``--paired-bs``, value for value: the
  same seeded resamples (seed 12345 unless ``SACREBLEU_SEED`` says
  otherwise), the same score formulas, the baseline's resampled scores
  computed once instead of once per system (``_paired_bootstrap``).
  Approximate randomization is sacrebleu's own ``PairedTest`` fed the
  precomputed statistics through a thin metric proxy.  p-values, means and
  confidence intervals are the sacrebleu CLI's.
- Drift flags come from the store when the runs have them, or from
  ``workbench.detectors.detect``.  With worker processes each detector kind
  runs on each system as its own task, so that two workers stay busy to the
  end, and each system's flags are merged back into ``detect``'s order: the
  result is the one-process result (``tests/unit/test_compare_parallel.py``).
  The tests run in this process while the workers detect.  The embedding
  model is off by default (``embeddings=True`` turns it on): loading it costs
  more than the whole comparison.
- Ctrl-C stops the workers at once and leaves no process behind.
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.results import Flag
from workbench.store import Store

__all__ = [
    "METRIC_NAMES",
    "Bucket",
    "CompareInput",
    "CompareResult",
    "FlagDifference",
    "Leg",
    "LegResult",
    "MetricScore",
    "PairedResult",
    "SegmentDisagreement",
    "SystemOutputs",
    "SystemScores",
    "compare",
    "inputs_from_files",
    "inputs_from_runs",
    "runs_of_text",
    "system_names",
]

#: metric key -> sacrebleu class name; the order is the display order
METRIC_NAMES: dict[str, str] = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER"}
#: upper edges (source words) of the length buckets; the last bucket is open
LENGTH_EDGES: tuple[int, ...] = (10, 20, 30, 40)
_HIGHER_IS_BETTER = {"bleu": True, "chrf": True, "ter": False}
_TESTS = ("bs", "ar")


# -- inputs --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SystemOutputs:
    """One system's outputs on the shared segments.

    ``flags`` are the stored drift flags of its run; ``None`` means the
    detectors run on it.  ``pivots`` are its own pivot translations, if known.
    """

    name: str
    outputs: tuple[str, ...]
    pivots: tuple[str, ...] | None = None
    flags: tuple[Flag, ...] | None = None
    origin: str = ""  # a file path or "run 3"
    run_id: int | None = None


@dataclass(frozen=True, slots=True)
class Leg:
    """What one set of scores compares: each system's ``hypotheses`` against ``references``."""

    key: str  # "round-trip", "reference", "forward"
    title: str  # one line saying what is scored against what
    reference_name: str  # the file or stored text the references come from
    references: tuple[str, ...]
    hypotheses: tuple[tuple[str, ...], ...]  # one tuple per system, in system order


@dataclass(frozen=True, slots=True)
class CompareInput:
    """Systems on shared segments, and the legs to score them on.

    ``sources`` is the original text the drift detectors compare each output
    with; ``pivots`` the shared pivot (e.g. the human Arabic of FLORES) used
    when a system has none of its own.
    """

    sources: tuple[str, ...]
    source_name: str
    systems: tuple[SystemOutputs, ...]
    legs: tuple[Leg, ...]
    pivots: tuple[str, ...] | None = None
    source_lang: str = "en"
    pivot_lang: str = "ar"


def system_names(paths: Sequence[str | Path], reference: str | Path | None = None) -> list[str]:
    """Short names for system files: the dotted parts they do not share.

    ``flores-dev.google.en`` and ``flores-dev.nllb.en`` (reference
    ``flores-dev.en``) give ``google`` and ``nllb``.
    """
    parts = [Path(p).name.split(".") for p in paths]
    pool = [*parts, Path(reference).name.split(".")] if reference is not None else list(parts)
    if len(pool) < 2:
        return [Path(p).name for p in paths]
    prefix = 0
    while all(len(p) > prefix for p in pool) and len({p[prefix] for p in pool}) == 1:
        prefix += 1
    suffix = 0
    while all(len(p) > prefix + suffix for p in pool) and len({p[-1 - suffix] for p in pool}) == 1:
        suffix += 1
    names = []
    for path, p in zip(paths, parts, strict=True):
        core = p[prefix : len(p) - suffix]
        names.append(".".join(core) if core else Path(path).name)
    return names


def _lines(path: str | Path) -> tuple[str, ...]:
    from workbench.texts import read_lines

    # As the sacrebleu CLI reads files: trailing whitespace is not part of a segment.
    return tuple(line.rstrip() for line in read_lines(path))


def inputs_from_files(
    reference: str | Path,
    systems: Sequence[str | Path],
    *,
    source: str | Path | None = None,
    pivot: str | Path | None = None,
    names: Sequence[str | None] | None = None,
    source_lang: str = "en",
    pivot_lang: str = "ar",
) -> CompareInput:
    """Systems given as line-aligned files, scored against ``reference``.

    ``source`` is the original text of the round trip (what drift is checked
    against); without it the reference is taken as the original, which it is
    when the system outputs are back-translations (FLORES ``ar-en`` outputs
    are English translated back from the human Arabic of the English original).
    When ``source`` differs from ``reference`` the outputs are scored against
    both.  ``names`` overrides the names taken from the file names.
    """
    from workbench.texts import check_aligned

    if not systems:
        raise InputError("compare needs at least one system file")
    refs = _lines(reference)
    outputs = [_lines(p) for p in systems]
    files: dict[str, Sequence[str]] = {str(reference): refs}
    files.update({str(p): o for p, o in zip(systems, outputs, strict=True)})
    srcs = _lines(source) if source is not None else refs
    pivs = _lines(pivot) if pivot is not None else None
    if source is not None:
        files[str(source)] = srcs
    if pivot is not None and pivs is not None:
        files[str(pivot)] = pivs
    check_aligned(files)
    auto = system_names(systems, reference)
    chosen = [
        given
        if (given := (names[i] if names is not None and i < len(names) else None))
        else auto[i]
        for i in range(len(systems))
    ]
    _check_unique(chosen)
    system_list = tuple(
        SystemOutputs(name, out, origin=str(path))
        for name, out, path in zip(chosen, outputs, systems, strict=True)
    )
    ref_name = Path(reference).name
    same = source is None or srcs == refs
    title = (
        f"outputs vs {ref_name} (the original source: round-trip scores)"
        if same
        else f"outputs vs {ref_name} (reference)"
    )
    legs = [Leg("reference", title, ref_name, refs, tuple(outputs))]
    if not same:
        src_name = Path(str(source)).name
        legs.append(
            Leg(
                "round-trip",
                f"outputs vs {src_name} (the original source: round-trip scores)",
                src_name,
                srcs,
                tuple(outputs),
            )
        )
    return CompareInput(
        srcs,
        Path(str(source)).name if source is not None else ref_name,
        system_list,
        tuple(legs),
        pivs,
        source_lang,
        pivot_lang,
    )


def _check_unique(names: Sequence[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InputError(f"two systems are named {name!r}; name them as NAME=FILE")
        seen.add(name)


def runs_of_text(store: Store, text: str) -> list[int]:
    """The complete runs of the stored text named ``text`` (its file name), oldest first."""
    runs = [r for r in store.list_runs() if r.text_name == text and r.status == "complete"]
    if not runs:
        known = sorted({r.text_name for r in store.list_runs()})
        raise InputError(
            f"no complete run of a text named {text!r}; stored texts: {', '.join(known) or 'none'}"
        )
    ids = {r.text_id for r in runs}
    if len(ids) > 1:
        raise InputError(
            f"{len(ids)} different stored texts are named {text!r}; pick runs with --runs"
        )
    return [r.id for r in runs]


def inputs_from_runs(store: Store, run_ids: Sequence[int]) -> CompareInput:
    """Stored runs of one text, compared on their back-translations (and pivots).

    Legs: the round trip (back-translation vs the original source), and, where
    every run has a forward leg stored against the same reference translation
    (``batch`` over a test set), the pivot against that reference.
    """
    if not run_ids:
        raise InputError("compare needs at least one run")
    views = [store.load_run(i) for i in run_ids]
    text_ids = {v.summary.text_id for v in views}
    if len(text_ids) > 1:
        listed = ", ".join(f"run {v.summary.id}: {v.text.name}" for v in views)
        raise InputError(f"runs must be of the same text to be compared ({listed})")
    for v in views:
        if v.summary.status != "complete":
            raise InputError(f"run {v.summary.id} is not complete; finish it first")
    names = _run_names(views)
    text = views[0].text
    sources = tuple(row.segment.text for row in views[0].rows)
    systems = []
    for v, name in zip(views, names, strict=True):
        systems.append(
            SystemOutputs(
                name,
                tuple(row.back or "" for row in v.rows),
                tuple(row.pivot or "" for row in v.rows),
                tuple(f for row in v.rows for f in row.flags),
                f"run {v.summary.id}",
                v.summary.id,
            )
        )
    legs = [
        Leg(
            "round-trip",
            f"back-translation vs the original {text.name} (round trip)",
            text.name,
            sources,
            tuple(s.outputs for s in systems),
        )
    ]
    forward = [store.leg_scores(i).get("forward") for i in run_ids]
    ref_ids = {f.reference_text_id for f in forward if f is not None}
    if all(f is not None for f in forward) and len(ref_ids) == 1:
        ref_id = ref_ids.pop()
        ref_text = store.get_text(ref_id)
        references = tuple(s.text for s in store.segments(ref_id))
        if len(references) == len(sources):
            legs.append(
                Leg(
                    "forward",
                    f"pivot vs the reference translation {ref_text.name}",
                    ref_text.name,
                    references,
                    tuple(s.pivots or () for s in systems),
                )
            )
    config = views[0].config
    return CompareInput(
        sources,
        text.name,
        tuple(systems),
        tuple(legs),
        None,
        text.lang,
        str(config.get("pivot_lang", _pivot_lang(config))),
    )


def _pivot_lang(config: Mapping[str, Any]) -> str:
    forward = config.get("forward")
    if isinstance(forward, Mapping):
        return str(forward.get("tgt_lang", "ar"))
    return "ar"


def _run_names(views: Sequence[Any]) -> list[str]:
    systems = [v.summary.system for v in views]
    return [
        s if systems.count(s) == 1 else f"{s}#{v.summary.id}"
        for s, v in zip(systems, views, strict=True)
    ]


# -- results -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairedResult:
    """One paired test of one system against the baseline, for one metric.

    ``test``: ``"bs"`` (paired bootstrap resampling) or ``"ar"`` (approximate
    randomization).  ``p_value`` is ``None`` for the baseline itself; ``mean``
    and ``ci`` (half-width of the 95% interval) are the bootstrap estimate of the
    true score, as sacrebleu prints ``score (mean ± ci)``.

    Every value is sacrebleu's but one: a system identical to the baseline on
    every segment gets ``p_value`` 1.0 (no difference cannot be significant),
    where sacrebleu's test, which counts only resampled differences larger than
    the observed one, gives its smallest p (0.001 for 1,000 resamples);
    ``note`` says so.
    """

    test: str
    p_value: float | None
    mean: float | None
    ci: float | None
    signature: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class MetricScore:
    metric: str  # "bleu", "chrf", "ter"
    name: str  # sacrebleu's name: "BLEU", "chrF2", "TER"
    value: float
    signature: str  # of the corpus score, as the sacrebleu CLI prints it
    higher_is_better: bool
    paired: tuple[PairedResult, ...] = ()

    def test(self, name: str) -> PairedResult | None:
        return next((p for p in self.paired if p.test == name), None)

    def significant(self, alpha: float = 0.05, test: str | None = None) -> bool | None:
        """Whether the difference from the baseline is significant (``None``: the
        baseline, or no test run).  With ``test=None`` the first test run decides."""
        chosen = self.test(test) if test else (self.paired[0] if self.paired else None)
        if chosen is None or chosen.p_value is None:
            return None
        return chosen.p_value < alpha


@dataclass(frozen=True, slots=True)
class SystemScores:
    system: str
    scores: dict[str, MetricScore]  # metric -> corpus score and tests
    segment_scores: dict[str, tuple[float, ...]]  # metric -> one sentence score per segment


@dataclass(frozen=True, slots=True)
class Bucket:
    """Scores on a subset of segments: a length range, or the segments with a flag kind.

    ``segments`` counts the bucket's segments per system (the same for every
    system in a length bucket); ``scores`` are corpus scores over them.
    """

    label: str
    segments: dict[str, int]
    scores: dict[str, dict[str, float]]  # system -> metric -> corpus score


@dataclass(frozen=True, slots=True)
class LegResult:
    key: str
    title: str
    reference_name: str
    systems: tuple[SystemScores, ...]
    segment_signatures: dict[str, str]  # metric -> signature of the per-segment scores
    length_buckets: tuple[Bucket, ...]
    flag_buckets: tuple[Bucket, ...]

    def system(self, name: str) -> SystemScores:
        return next(s for s in self.systems if s.system == name)


@dataclass(frozen=True, slots=True)
class SegmentDisagreement:
    """A segment the systems score most differently, with every system's text."""

    index: int
    source: str
    reference: str
    metric: str
    spread: float  # best minus worst sentence score
    outputs: tuple[tuple[str, str, float], ...]  # (system, output, sentence score)
    flags: tuple[tuple[str, tuple[str, ...]], ...]  # (system, flag kinds on this segment)


@dataclass(frozen=True, slots=True)
class FlagDifference:
    """A flag kind some systems have on a segment and others do not."""

    index: int
    kind: str
    present: tuple[str, ...]
    absent: tuple[str, ...]
    source: str
    outputs: tuple[tuple[str, str], ...]  # (system, output)
    details: tuple[tuple[str, str], ...]  # (system, flag detail)


@dataclass(frozen=True, slots=True)
class CompareResult:
    """Everything ``compare`` found; the CLI, the reports and the TUI show this."""

    systems: tuple[str, ...]
    origins: tuple[str, ...]
    baseline: str
    segments: int
    source_name: str
    legs: tuple[LegResult, ...]
    metrics: tuple[str, ...]
    tests: tuple[str, ...]
    alpha: float
    flag_kinds: tuple[str, ...]
    flag_counts: dict[str, dict[str, int]]  # system -> kind -> flags
    flags_from: str  # where the flags came from, in words
    disagreements: tuple[SegmentDisagreement, ...]
    flag_differences: tuple[FlagDifference, ...]
    unique_flags: dict[str, int]  # system -> (segment, kind) flags no other system has
    timings: dict[str, float] = field(default_factory=dict)

    def leg(self, key: str) -> LegResult:
        return next(leg for leg in self.legs if leg.key == key)

    def significant_differences(self) -> list[tuple[str, str, str, str]]:
        """(leg, system, metric, test) for every difference from the baseline with p < alpha."""
        found = []
        for leg in self.legs:
            for s in leg.systems:
                for m in s.scores.values():
                    for p in m.paired:
                        if p.p_value is not None and p.p_value < self.alpha:
                            found.append((leg.key, s.system, m.metric, p.test))
        return found


# -- sufficient statistics and drift detection (worker side) -------------------------


class _Scorer:
    """sacrebleu metrics with one leg's references cached, as the CLI builds them."""

    def __init__(self, references: Sequence[str], metrics: Sequence[str]) -> None:
        from sacrebleu.metrics.bleu import BLEU
        from sacrebleu.metrics.chrf import CHRF

        from workbench.metrics.ter import FastTER

        self.references = tuple(references)
        refs = [list(references)]
        # FastTER is sacrebleu's TER with a faster shift search: the same
        # statistics and signature.
        classes: dict[str, Callable[..., Any]] = {"bleu": BLEU, "chrf": CHRF, "ter": FastTER}
        self.corpus = {m: classes[m](references=refs) for m in metrics}
        # Sentence BLEU needs effective order (sacrebleu --sentence-level sets it);
        # its statistics are the corpus metric's, only the final formula differs.
        self.sentence = dict(self.corpus)
        if "bleu" in self.sentence:
            self.sentence["bleu"] = BLEU(effective_order=True)

    def stats(self, metric: str, items: Sequence[tuple[int, str]]) -> list[list[Any]]:
        # The body of sacrebleu's Metric._extract_corpus_statistics, per segment
        # index, so that an output several systems share is counted once.
        m = self.corpus[metric]
        cache = m._ref_cache
        return [m._compute_segment_statistics(m._preprocess_segment(h), cache[i]) for i, h in items]


# What the tasks below work on (compare() builds it):
#   scorers: one _Scorer per leg; metrics: metric keys;
#   items: per leg, the distinct (segment, output) pairs to compute statistics for;
#   pairs: system index -> its SegmentPairs, for the systems the detectors run on;
#   options: the detectors' options.
# Run in this process, a task is handed it; in a worker process the task
# finds it here: a forked worker inherits it (set just before the fork, in a
# process running no other thread), a spawned one gets it from _worker_start.
_WORKER: dict[str, Any] = {}


def _worker_start(state: Mapping[str, Any] | None) -> None:
    # Ctrl-C is for the parent to handle (it stops the pool and exits); a
    # worker interrupted mid-task would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if state is not None:  # a spawned worker: rebuild what a forked one inherits
        _WORKER.update(state)
        _WORKER["scorers"] = [_Scorer(refs, state["metrics"]) for refs in state["references"]]


def _stats_task(
    leg: int, start: int, stop: int, state: Mapping[str, Any] | None = None
) -> dict[str, list[list[Any]]]:
    work = _WORKER if state is None else state
    scorer: _Scorer = work["scorers"][leg]
    items = work["items"][leg][start:stop]
    return {m: scorer.stats(m, items) for m in work["metrics"]}


def _detect_task(
    system: int, kinds: Sequence[str], state: Mapping[str, Any] | None = None
) -> list[Flag]:
    from workbench.detectors import detect

    work = _WORKER if state is None else state
    return detect(work["pairs"][system], kinds, work["options"])


def _flag_order(flag: Flag) -> tuple[int, str, int]:
    # workbench.detectors.detect's order: the flags of one system, detected
    # kind by kind in separate tasks, are merged into the list detect() gives.
    return (flag.segment, flag.kind, flag.source.start if flag.source else -1)


class _InlineExecutor:
    """Runs tasks at once in this process (one job, or tiny inputs)."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as err:  # handed to the caller through the future
            future.set_exception(err)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass


def _executor(jobs: int, state: Mapping[str, Any], warm_up: Callable[[], object] | None) -> Any:
    """An executor for the statistics and detector tasks on ``state``.

    With fork the workers inherit the parent's scorers (references already
    cached) and, after ``warm_up``, its loaded detectors (word lists and
    models load once, not once per worker).  fork is unsafe in a process that
    runs other threads (the TUI's workers), where the slower spawn is used.
    """
    if jobs <= 1:
        return _InlineExecutor()
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        if warm_up is not None:
            warm_up()
        _WORKER.update(state)  # cleared by compare() once the pool is shut down
        forked: Executor = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_worker_start,
            initargs=(None,),
        )
        return forked
    sent = {k: v for k, v in state.items() if k != "scorers"}
    sent["references"] = [s.references for s in state["scorers"]]
    spawned: Executor = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_start,
        initargs=(sent,),
    )
    return spawned


def _terminate(executor: Any) -> None:
    """Stop the worker processes now (on Ctrl-C): what they are computing is
    no longer wanted, and waiting for it would delay the exit."""
    stop = getattr(executor, "terminate_workers", None)  # Python 3.14+
    if stop is not None:
        stop()
        return
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.terminate()


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ctrl-C ignored while worker processes are started, so that they start
    ignoring it (a worker sets that itself, but only once it runs)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# -- significance (parent side) ------------------------------------------------------


class _StatsProxy:
    """A sacrebleu metric whose statistics are already known.

    ``sacrebleu.significance`` asks the metric to extract statistics for every
    system (and computes TER again each time); this hands back the ones
    computed once, and delegates everything else (the score formulas,
    signatures) to the real metric.
    """

    def __init__(self, metric: Any, stats: Mapping[tuple[str, ...], list[list[Any]]]) -> None:
        self._metric = metric
        self._stats = stats

    def _extract_corpus_statistics(
        self, hypotheses: Sequence[str], references: Any
    ) -> list[list[Any]]:
        return self._stats[tuple(hypotheses)]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._metric, name)


def _sacrebleu_seed() -> int | None:
    # As sacrebleu.significance reads it: SACREBLEU_SEED, "none" for no seed.
    seed = os.environ.get("SACREBLEU_SEED", "12345")
    return None if seed.lower() == "none" else int(seed)


def _paired_tests(
    names: Sequence[str],
    hypotheses: Sequence[tuple[str, ...]],
    scorer: _Scorer,
    stats: Mapping[str, Sequence[list[list[Any]]]],
    metrics: Sequence[str],
    tests: Sequence[str],
    bs_samples: int,
    ar_samples: int,
) -> dict[str, dict[str, list[PairedResult]]]:
    """metric -> test -> one PairedResult per system (baseline first)."""
    from sacrebleu.significance import PairedTest

    out: dict[str, dict[str, list[PairedResult]]] = {m: {} for m in metrics}
    if len(names) < 2:
        return out
    proxies = {
        m: _StatsProxy(
            scorer.corpus[m],
            {tuple(h): s for h, s in zip(hypotheses, stats[m], strict=True)},
        )
        for m in metrics
    }
    seed = _sacrebleu_seed()
    for test in tests:
        if test == "bs" and seed:
            found = _paired_bootstrap(
                scorer, stats, metrics, bs_samples if bs_samples > 0 else 1000, seed
            )
            for metric in metrics:
                out[metric][test] = _with_identity_note(found[metric], stats[metric])
            continue
        paired = PairedTest(
            list(zip(names, [list(h) for h in hypotheses], strict=True)),
            proxies,  # type: ignore[arg-type]  # duck-typed: a Metric with known stats
            references=None,
            test_type=test,
            n_samples=bs_samples if test == "bs" else ar_samples,
        )
        signatures, results = paired()
        score_names = [k for k in results if k != "System"]
        for metric, score_name in zip(metrics, score_names, strict=True):
            sig = signatures[score_name].format()
            rows = [r for r in results[score_name] if not isinstance(r, str)]
            found_rows = [
                PairedResult(
                    test,
                    None if r.p_value is None else float(r.p_value),
                    None if r.mean is None else float(r.mean),
                    None if r.ci is None else float(r.ci),
                    sig,
                )
                for r in rows
            ]
            out[metric][test] = _with_identity_note(found_rows, stats[metric])
    return out


def _with_identity_note(
    results: list[PairedResult], stats: Sequence[list[list[Any]]]
) -> list[PairedResult]:
    out = list(results)
    for si in range(1, len(out)):
        r = out[si]
        if stats[si] == stats[0] and r.p_value is not None:
            out[si] = PairedResult(
                r.test,
                1.0,
                r.mean,
                r.ci,
                r.signature,
                f"identical to the baseline on every segment: p set to 1 "
                f"(sacrebleu gives {r.p_value:.4f})",
            )
    return out


#: resamples x segments per block of the bootstrap's count matrix (memory bound)
_BOOTSTRAP_BLOCK = 4_000_000
#: integers up to this are exact in float32 (a 24-bit significand)
_FLOAT32_EXACT = 2**24


def _paired_bootstrap(
    scorer: _Scorer,
    stats: Mapping[str, Sequence[list[list[Any]]]],
    metrics: Sequence[str],
    n_samples: int,
    seed: int,
) -> dict[str, list[PairedResult]]:
    """sacrebleu's paired bootstrap test (``--paired-bs``), value for value.

    sacrebleu draws one matrix of resampled segment indices per system from
    ``default_rng(seed)``: with a seed, the same matrix each time, which is
    the baseline's too.  So the baseline's resampled scores are computed once
    here, not once per system, and a resample's statistics are a product of
    the index counts with the statistics matrix rather than a sum over a
    gathered copy of it.  sacrebleu sums the statistics as float32; they are
    integer counts, exact in float32 while every sum stays below 2**24, which
    is checked (otherwise sacrebleu's own float32 sums are taken), so each
    score sacrebleu's formula computes from them is the same number.
    """
    import numpy as np
    from sacrebleu.significance import _compute_p_value, estimate_ci

    n = len(stats[metrics[0]][0])
    idxs = np.random.default_rng(seed).choice(n, size=(n_samples, n), replace=True)
    block = max(1, _BOOTSTRAP_BLOCK // max(1, n))
    # metric -> system -> the score of each resample, in resample order
    scores: dict[str, list[list[float]]] = {m: [[] for _ in stats[m]] for m in metrics}
    matrices = {m: [np.array(s, dtype=np.float64) for s in stats[m]] for m in metrics}
    exact = {
        m: all(
            not s.size or (np.all(s == np.round(s)) and n * float(np.abs(s).max()) < _FLOAT32_EXACT)
            for s in matrices[m]
        )
        for m in metrics
    }
    # The statistics as sacrebleu sums them, where the sums may not be exact.
    float32s = {m: [s.astype(np.float32) for s in matrices[m]] for m in metrics if not exact[m]}
    for start in range(0, n_samples, block):
        rows = idxs[start : start + block]
        counts: Any = None
        if any(exact.values()):
            flat = rows + (np.arange(len(rows))[:, None] * n)
            counts = np.bincount(flat.ravel(), minlength=len(rows) * n).reshape(len(rows), n)
            counts = counts.astype(np.float64)
        for m in metrics:
            metric = scorer.corpus[m]
            for si, matrix in enumerate(matrices[m]):
                if exact[m]:
                    sums = (counts @ matrix).astype(np.float32)
                else:
                    sums = np.array([float32s[m][si][r].sum(0) for r in rows])
                scores[m][si].extend(metric._compute_score_from_stats(s).score for s in sums)
    out: dict[str, list[PairedResult]] = {}
    for m in metrics:
        metric = scorer.corpus[m]
        signature = metric.get_signature()
        signature.update("seed", str(seed).lower())
        signature.update("bs", n_samples)
        sig = str(signature.format())
        baseline_score = metric._aggregate_and_compute(stats[m][0]).score
        baseline = np.array(scores[m][0])
        mean, ci = estimate_ci(baseline)
        found = [PairedResult("bs", None, float(mean), float(ci), sig)]
        for si in range(1, len(stats[m])):
            system = np.array(scores[m][si])
            diff = abs(baseline_score - metric._aggregate_and_compute(stats[m][si]).score)
            mean, ci = estimate_ci(system)
            sample_diffs = np.abs(system - baseline)
            p = _compute_p_value(sample_diffs - sample_diffs.mean(), diff)
            found.append(PairedResult("bs", float(p), float(mean), float(ci), sig))
        out[m] = found
    return out


# -- compare -------------------------------------------------------------------------


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def compare(
    inputs: CompareInput,
    *,
    baseline: str | None = None,
    metrics: Sequence[str] = ("bleu", "chrf", "ter"),
    tests: Sequence[str] = ("bs",),
    bs_samples: int = 1000,
    ar_samples: int = 10000,
    alpha: float = 0.05,
    detect: bool = True,
    redetect: bool = False,
    embeddings: bool = False,
    kinds: Sequence[str] | None = None,
    top: int = 10,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> CompareResult:
    """Compare the systems of ``inputs`` against the baseline (default: the first).

    ``tests`` picks the paired tests: ``"bs"`` (bootstrap, ``bs_samples``
    resamples) and/or ``"ar"`` (approximate randomization, ``ar_samples``
    trials).  Flags: stored flags when every system has them (unless
    ``redetect``), else the detectors for ``kinds`` (all by default), with the
    embedding model only if ``embeddings``; ``detect=False`` gives no flags.
    ``jobs`` worker processes share the statistics and the detectors (default:
    the CPUs this process may use).  ``progress`` is told each phase's name.
    The result is the same whatever ``jobs`` is.
    """
    from workbench.detectors import DETECTORS, SegmentPair

    started = time.perf_counter()
    timings: dict[str, float] = {}
    say = progress or (lambda _msg: None)
    metrics = [m for m in METRIC_NAMES if m in metrics]
    bad = sorted(set(tests) - set(_TESTS))
    if bad:
        raise InputError(f"unknown paired test {', '.join(bad)}; choose from bs, ar")
    if not metrics:
        raise InputError(f"choose metrics from {', '.join(METRIC_NAMES)}")
    names = [s.name for s in inputs.systems]
    _check_unique(names)
    base = baseline or names[0]
    if base not in names:
        raise InputError(f"--baseline {base}: no such system; systems: {', '.join(names)}")
    order = [names.index(base)] + [i for i in range(len(names)) if names[i] != base]
    systems = [inputs.systems[i] for i in order]
    names = [s.name for s in systems]
    legs = [
        Leg(
            leg.key,
            leg.title,
            leg.reference_name,
            leg.references,
            tuple(leg.hypotheses[i] for i in order),
        )
        for leg in inputs.legs
    ]
    n = len(inputs.sources)
    for leg in legs:
        for name, hyps in zip(names, leg.hypotheses, strict=True):
            if len(hyps) != n or len(leg.references) != n:
                raise InputError(
                    f"{name}: {len(hyps)} segments against {len(leg.references)} references "
                    f"and {n} sources; systems must share the same segments"
                )
    if n == 0:
        raise InputError("no segments to compare")

    # Which systems need the detectors.
    chosen_kinds = list(kinds) if kinds is not None else list(DETECTORS)
    unknown = sorted(set(chosen_kinds) - set(DETECTORS))
    if unknown:
        raise InputError(f"unknown flag kind {', '.join(unknown)}; known: {', '.join(DETECTORS)}")
    stored = detect and not redetect and all(s.flags is not None for s in systems)
    to_detect = [] if (not detect or stored) else list(range(len(systems)))

    # Distinct (segment, output) pairs per leg: shared outputs are scored once.
    unique = [
        list(dict.fromkeys((i, h) for hyps in leg.hypotheses for i, h in enumerate(hyps)))
        for leg in legs
    ]
    total_pairs = sum(len(u) for u in unique)
    if jobs is None:
        # Starting processes costs more than a small comparison's work.
        jobs = _default_jobs() if total_pairs + len(to_detect) * n >= 2000 else 1
    say("computing statistics")
    t0 = time.perf_counter()
    options: dict[str, dict[str, Any]] = {"meaning-drift": {"use_embeddings": embeddings}}
    state: dict[str, Any] = dict(
        scorers=[_Scorer(leg.references, metrics) for leg in legs],
        metrics=tuple(metrics),
        items=unique,
        options=options,
        pairs={
            si: [
                SegmentPair(
                    i,
                    inputs.sources[i],
                    systems[si].outputs[i],
                    _pivot(systems[si], inputs, i),
                    inputs.source_lang,
                    inputs.pivot_lang,
                )
                for i in range(n)
            ]
            for si in to_detect
        },
    )
    scorers: list[_Scorer] = state["scorers"]

    def warm_up() -> object:
        # A few segments load what the detectors load lazily (word lists, models).
        from workbench.detectors import detect as run_detectors

        return run_detectors(state["pairs"][to_detect[0]][:5], chosen_kinds, options)

    try:
        executor = _executor(jobs, state, warm_up if to_detect else None)
        # Tasks run in this process are handed the state; workers have it.
        inline = (state,) if isinstance(executor, _InlineExecutor) else ()
        try:
            timings["start"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            # Statistics first: the tests here need them while the workers
            # go on to the detectors.  Small tasks keep both workers busy to
            # the end; a detector task is one kind on one system (each kind's
            # flags for a system are merged back into detect()'s order).
            size = max(50, math.ceil(total_pairs / (8 * jobs)))
            split = jobs > 1
            with _sigint_ignored() if split else nullcontext():
                stat_futures = [
                    (li, executor.submit(_stats_task, li, start, start + size, *inline))
                    for li, items in enumerate(unique)
                    for start in range(0, len(items), size)
                ]
                detect_futures: dict[int, list[Future[list[Flag]]]] = {si: [] for si in to_detect}
                for group in [[k] for k in chosen_kinds] if split else [chosen_kinds]:
                    for si in to_detect:
                        detect_futures[si].append(executor.submit(_detect_task, si, group, *inline))
            leg_stats: list[dict[str, list[list[list[Any]]]]] = []
            for li, leg in enumerate(legs):
                found: dict[str, list[list[Any]]] = {m: [] for m in metrics}
                for _, future in (f for f in stat_futures if f[0] == li):
                    for m, rows in future.result().items():
                        found[m].extend(rows)
                by_pair = {m: dict(zip(unique[li], found[m], strict=True)) for m in metrics}
                leg_stats.append(
                    {
                        m: [
                            [by_pair[m][(i, h)] for i, h in enumerate(hyps)]
                            for hyps in leg.hypotheses
                        ]
                        for m in metrics
                    }
                )
            timings["statistics"] = time.perf_counter() - t0

            # The tests run here while the workers detect drift.
            t0 = time.perf_counter()
            say("scoring and significance")
            leg_paired = [
                _paired_tests(
                    names,
                    leg.hypotheses,
                    scorers[li],
                    leg_stats[li],
                    metrics,
                    tests,
                    bs_samples,
                    ar_samples,
                )
                for li, leg in enumerate(legs)
            ]
            timings["significance"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            say("detecting drift" if to_detect else "reading flags")
            flags: list[list[Flag]] = []
            for si, s in enumerate(systems):
                if si in detect_futures:
                    parts = [f for future in detect_futures[si] for f in future.result()]
                    flags.append(sorted(parts, key=_flag_order))
                elif detect and s.flags is not None:
                    flags.append([f for f in s.flags if f.kind in chosen_kinds])
                else:
                    flags.append([])
            timings["drift"] = time.perf_counter() - t0
        except KeyboardInterrupt:
            _terminate(executor)
            raise
        finally:
            # Drop the queued tasks and wait for the workers to end: no
            # process is left behind, on success, error or Ctrl-C.
            executor.shutdown(wait=True, cancel_futures=True)
    finally:
        _WORKER.clear()

    t0 = time.perf_counter()
    flag_kinds = tuple(chosen_kinds) if detect else ()
    flagged: list[dict[str, set[int]]] = [_flagged_segments(f) for f in flags]
    flag_counts = {
        name: {k: sum(1 for f in fl if f.kind == k) for k in flag_kinds}
        for name, fl in zip(names, flags, strict=True)
    }
    leg_results = tuple(
        _leg_result(
            leg,
            names,
            scorers[li],
            leg_stats[li],
            leg_paired[li],
            metrics,
            inputs.sources,
            flagged,
            flag_kinds,
        )
        for li, leg in enumerate(legs)
    )
    first = leg_results[0]
    metric = "chrf" if "chrf" in metrics else metrics[0]
    disagreements = _disagreements(first, legs[0], inputs.sources, flags, metric, top)
    differences, unique_flags = _flag_differences(names, systems, inputs.sources, flags, top)
    if not detect:
        flags_from = "no drift detection (--no-detect)"
    elif stored:
        flags_from = "flags stored with the runs"
    else:
        flags_from = "detectors run now" + ("" if embeddings else " (embedding model off)")
    timings["results"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - started
    return CompareResult(
        tuple(names),
        tuple(s.origin for s in systems),
        base,
        n,
        inputs.source_name,
        leg_results,
        tuple(metrics),
        tuple(tests),
        alpha,
        flag_kinds,
        flag_counts,
        flags_from,
        disagreements,
        differences,
        unique_flags,
        timings,
    )


def _pivot(system: SystemOutputs, inputs: CompareInput, i: int) -> str | None:
    if system.pivots is not None and system.pivots[i]:
        return system.pivots[i]
    return inputs.pivots[i] if inputs.pivots is not None else None


def _flagged_segments(flags: Iterable[Flag]) -> dict[str, set[int]]:
    by_kind: dict[str, set[int]] = {}
    for f in flags:
        by_kind.setdefault(f.kind, set()).add(f.segment)
    return by_kind


def _leg_result(
    leg: Leg,
    names: Sequence[str],
    scorer: _Scorer,
    stats: Mapping[str, Sequence[list[list[Any]]]],
    paired: Mapping[str, Mapping[str, Sequence[PairedResult]]],
    metrics: Sequence[str],
    sources: Sequence[str],
    flagged: Sequence[Mapping[str, set[int]]],
    flag_kinds: Sequence[str],
) -> LegResult:
    systems = []
    for si, name in enumerate(names):
        scores: dict[str, MetricScore] = {}
        segment_scores: dict[str, tuple[float, ...]] = {}
        for m in metrics:
            corpus = scorer.corpus[m]
            rows = stats[m][si]
            score = corpus._aggregate_and_compute(rows)
            tests = tuple(paired[m][t][si] for t in paired[m])
            scores[m] = MetricScore(
                m,
                str(score.name),
                float(score.score),
                str(corpus.get_signature().format()),
                _HIGHER_IS_BETTER[m],
                tests,
            )
            sentence = scorer.sentence[m]
            segment_scores[m] = tuple(
                float(sentence._aggregate_and_compute([row]).score) for row in rows
            )
        systems.append(SystemScores(name, scores, segment_scores))
    sentence_sigs = {m: _sentence_signature(scorer, m) for m in metrics}

    def bucket(label: str, members: Sequence[Sequence[int]]) -> Bucket:
        counts = {name: len(members[si]) for si, name in enumerate(names)}
        scores = {
            name: {
                m: float(
                    scorer.corpus[m]
                    ._aggregate_and_compute([stats[m][si][i] for i in members[si]])
                    .score
                )
                for m in metrics
            }
            if members[si]
            else {}
            for si, name in enumerate(names)
        }
        return Bucket(label, counts, scores)

    lengths = [len(s.split()) for s in sources]
    length_buckets = []
    for low, high in zip((0, *LENGTH_EDGES), (*LENGTH_EDGES, None), strict=True):
        idx = [
            i
            for i, words in enumerate(lengths)
            if (words > low or low == 0) and (high is None or words <= high)
        ]
        if high is None:
            label = f"over {low} words"
        else:
            label = f"up to {high} words" if low == 0 else f"{low + 1}-{high} words"
        if idx:
            length_buckets.append(bucket(label, [idx] * len(names)))
    flag_buckets = [
        bucket(kind, [sorted(f.get(kind, ())) for f in flagged])
        for kind in flag_kinds
        if any(f.get(kind) for f in flagged)
    ]
    return LegResult(
        leg.key,
        leg.title,
        leg.reference_name,
        tuple(systems),
        sentence_sigs,
        tuple(length_buckets),
        tuple(flag_buckets),
    )


def _sentence_signature(scorer: _Scorer, metric: str) -> str:
    sentence = scorer.sentence[metric]
    if not hasattr(sentence, "num_refs"):
        # sacrebleu learns the number of references while scoring; one pair will do.
        sentence.corpus_score(["a"], [["a"]])
    return str(sentence.get_signature().format())


def _disagreements(
    leg: LegResult,
    inputs: Leg,
    sources: Sequence[str],
    flags: Sequence[Sequence[Flag]],
    metric: str,
    top: int,
) -> tuple[SegmentDisagreement, ...]:
    if len(leg.systems) < 2 or top <= 0:
        return ()
    per_system = [s.segment_scores[metric] for s in leg.systems]
    kinds_at: list[dict[int, list[str]]] = []
    for fl in flags:
        at: dict[int, list[str]] = {}
        for f in fl:
            if f.kind not in at.setdefault(f.segment, []):
                at[f.segment].append(f.kind)
        kinds_at.append(at)
    spreads = []
    for i in range(len(sources)):
        values = [scores[i] for scores in per_system]
        spreads.append((max(values) - min(values), i))
    spreads.sort(key=lambda t: (-t[0], t[1]))
    found = []
    for spread, i in spreads[:top]:
        found.append(
            SegmentDisagreement(
                i,
                sources[i],
                inputs.references[i],
                metric,
                spread,
                tuple(
                    (s.system, inputs.hypotheses[si][i], per_system[si][i])
                    for si, s in enumerate(leg.systems)
                ),
                tuple(
                    (s.system, tuple(kinds_at[si].get(i, ()))) for si, s in enumerate(leg.systems)
                ),
            )
        )
    return tuple(found)


def _flag_differences(
    names: Sequence[str],
    systems: Sequence[SystemOutputs],
    sources: Sequence[str],
    flags: Sequence[Sequence[Flag]],
    top: int,
) -> tuple[tuple[FlagDifference, ...], dict[str, int]]:
    holders: dict[tuple[int, str], list[int]] = {}
    details: dict[tuple[int, str, int], str] = {}
    for si, fl in enumerate(flags):
        for f in fl:
            key = (f.segment, f.kind)
            if si not in holders.setdefault(key, []):
                holders[key].append(si)
            details.setdefault((f.segment, f.kind, si), f.detail)
    unique = {name: 0 for name in names}
    differing = []
    for (i, kind), who in holders.items():
        if len(who) == 1 and len(names) > 1:
            unique[names[who[0]]] += 1
        if len(who) < len(names):
            differing.append((i, kind, who))
    # Most telling first: a flag only one system has (or only one lacks).
    differing.sort(key=lambda d: (min(len(d[2]), len(names) - len(d[2])), d[0], d[1]))
    result = []
    for i, kind, who in differing[: max(0, top)]:
        result.append(
            FlagDifference(
                i,
                kind,
                tuple(names[si] for si in who),
                tuple(name for si, name in enumerate(names) if si not in who),
                sources[i],
                tuple((s.name, s.outputs[i]) for s in systems),
                tuple((names[si], details[(i, kind, si)]) for si in who),
            )
        )
    return tuple(result), unique
