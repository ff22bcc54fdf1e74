"""The round trip: source -> pivot -> back, cached, resumable, scored, stored.

``round_trip`` segments a text, translates every segment into the pivot
language and back with one model card, and stores each step as it goes: every
finished batch of translations is committed to the store's cache before the
next one starts, so a run killed half-way resumes where it stopped, and a
re-run of the same text and model calls no model at all.

Where the model calls and the scoring run is an engine's business
(``workbench.engines``): this process by default, or a Ray cluster.  Whatever
the engine, this module decides what is missing, and this process alone
writes the results to the store, so runs made by either are the same runs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from workbench.cards import ModelCard
from workbench.errors import WorkbenchError
from workbench.results import Flag, Score, TranslatorInfo
from workbench.store import Store
from workbench.translators.base import ModelSpec, Translator

if TYPE_CHECKING:
    from workbench.engines import Engine, MakeTranslator

TranslatorFactory = Callable[[ModelSpec, str], Translator]

#: (segment index, why) for each segment that could not be translated.
SegmentFailures = tuple[tuple[int, str], ...]


class Progress(Protocol):
    """What the pipeline tells a progress display (CLI bar, TUI worker)."""

    def stage(self, name: str, total: int) -> None: ...

    def advance(self, n: int) -> None: ...


class _NoProgress:
    def stage(self, name: str, total: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass


class Cancelled(Exception):
    """The caller asked to stop; everything finished so far is stored."""


@dataclass(frozen=True, slots=True)
class LegStats:
    segments: int
    cached: int
    translated: int  # segments the model was asked for
    #: Indices (into the leg's inputs) of the inputs a model translated in this call.
    fresh: tuple[int, ...] = ()
    #: Inputs that failed after the engine's retries: (index, why).
    failed: SegmentFailures = ()


@dataclass(frozen=True, slots=True)
class SegmentCounts:
    """What became of every segment of a round trip: ``translated + cached + failed == total``.

    ``translated``: a model translated it (one leg or both) in this call;
    ``cached``: both legs came from the store; ``failed``: a leg failed.
    """

    total: int
    translated: int
    cached: int
    failed: SegmentFailures = ()


class SegmentsFailedError(WorkbenchError):
    """Some segments could not be translated, even after retries; the rest are stored.

    The run stays unfinished: once the cause is fixed, the same command
    resumes it and translates only the failed segments.
    """

    def __init__(self, run_id: int, counts: SegmentCounts, model_calls: int = 0) -> None:
        shown = ", ".join(f"#{i} ({why})" for i, why in counts.failed[:3])
        more = f" and {len(counts.failed) - 3} more" if len(counts.failed) > 3 else ""
        super().__init__(f"{len(counts.failed)} of {counts.total} segments failed: {shown}{more}")
        self.run_id = run_id
        self.counts = counts
        self.model_calls = model_calls  # segments sent to a model, failed ones included


@dataclass(frozen=True, slots=True)
class RoundTripResult:
    run_id: int
    resumed: bool
    forward: LegStats
    backward: LegStats
    scores: dict[str, Score]
    flags: int
    reused: bool = False  # an already complete run was returned, nothing was run
    counts: SegmentCounts | None = None


def _default_factory(spec: ModelSpec, backend: str) -> Translator:
    from workbench.translators import create_translator

    return create_translator(spec, backend)


def translate_cached(
    store: Store,
    translator: Translator,
    texts: Sequence[str],
    *,
    batch_size: int,
    progress: Progress,
    cancel: Callable[[], bool] | None = None,
    engine: Engine | None = None,
    make: MakeTranslator | None = None,
) -> tuple[list[str], LegStats]:
    """Translate ``texts`` through the store's cache, committing each batch.

    The missing texts are cut into the same batches whatever the engine
    (longest first, ``batch_size`` each), so outputs do not depend on it.
    ``engine`` (default: this process) translates them; ``make`` builds the
    translator again where the engine needs one of its own.  Each batch is
    committed as it arrives.  Inputs that failed (``LegStats.failed``) come
    back as ``""``; only an engine that reports failures produces any.
    """
    from workbench.engines import LOCAL

    engine = engine or LOCAL
    info = translator.info
    unique = list(dict.fromkeys(texts))
    done = store.cached_translations(info, unique)
    cached = set(done)
    missing = [t for t in unique if t not in done]
    # How many segments each missing text stands for (a repeated line is one call).
    counts = Counter(t for t in texts if t not in done)
    progress.advance(len(texts) - sum(counts.values()))
    # Longest first: similar lengths share a batch (less padding), and the slowest
    # batch comes while the user is still watching.
    missing.sort(key=len, reverse=True)
    chunks = [missing[start : start + batch_size] for start in range(0, len(missing), batch_size)]
    failures: dict[str, str] = {}
    left = len(chunks)
    results = engine.translate_chunks(translator, make, chunks)
    try:
        while left:
            if cancel is not None and cancel():
                raise Cancelled()
            arrived = next(results, None)
            if arrived is None:
                break
            pairs: list[tuple[str, str]] = []
            for result in arrived:
                batch = chunks[result.index]
                if len(result.outputs) != len(batch):
                    raise RuntimeError(
                        f"engine {engine.name}: a batch of {len(batch)} gave "
                        f"{len(result.outputs)} outputs"
                    )
                for i, (text, output) in enumerate(zip(batch, result.outputs, strict=True)):
                    if output is None:
                        failures[text] = result.error(i) or "no output"
                    else:
                        pairs.append((text, output))
                left -= 1
            # One transaction for whatever arrived together: a stop loses none of it.
            store.cache_translations(info, pairs)
            done.update(pairs)
            progress.advance(sum(counts[t] for t, _ in pairs))
    finally:
        results.close()
    lost = [t for t in missing if t not in done and t not in failures]
    if lost:
        # An engine must account for every chunk; never drop a segment silently.
        raise RuntimeError(f"engine {engine.name} returned no result for {len(lost)} segments")
    stats = LegStats(
        len(texts),
        len(texts) - sum(counts.values()),
        len(missing),
        fresh=tuple(i for i, t in enumerate(texts) if t not in cached and t not in failures),
        failed=tuple((i, failures[t]) for i, t in enumerate(texts) if t in failures),
    )
    return [done.get(t, "") for t in texts], stats


def run_config(
    card: ModelCard, forward: TranslatorInfo, backward: TranslatorInfo
) -> dict[str, object]:
    return {
        "card": card.name,
        "card_path": card.path,
        "backend": card.backend,
        "license": card.license,
        "forward": asdict(forward),
        "backward": asdict(backward),
    }


#: Per-segment scores, corpus scores, and the sentence-level signatures.
ScoreSet = tuple[list[dict[str, float]], dict[str, Score], dict[str, str]]


def score_against(hypotheses: Sequence[str], references: Sequence[str]) -> ScoreSet:
    """The default metrics of ``hypotheses`` against ``references``: pure, runs anywhere."""
    from workbench.metrics import DEFAULT_METRICS, get_metric, score_corpus, score_segments

    metrics = [get_metric(name) for name in DEFAULT_METRICS]
    segment_scores = score_segments(hypotheses, references, metrics)
    corpus = score_corpus(hypotheses, references, metrics)
    return segment_scores, corpus, {m.name: m.sentence_signature() for m in metrics}


def detect_drift(
    sources: Sequence[str],
    backs: Sequence[str],
    pivots: Sequence[str | None] | None,
    source_lang: str,
    pivot_lang: str,
) -> list[Flag]:
    """Every detector over a whole document (some compare segments): pure, runs anywhere."""
    from workbench.detectors import SegmentPair
    from workbench.detectors import detect as run_detectors

    pairs = [
        SegmentPair(i, src, back, pivots[i] if pivots else None, source_lang, pivot_lang)
        for i, (src, back) in enumerate(zip(sources, backs, strict=True))
    ]
    return run_detectors(pairs)


def analyse(
    store: Store,
    run_id: int,
    sources: Sequence[str],
    backs: Sequence[str],
    pivots: Sequence[str | None] | None,
    *,
    detect: bool = True,
    progress: Progress | None = None,
    source_lang: str = "en",
    pivot_lang: str = "ar",
    engine: Engine | None = None,
) -> tuple[dict[str, Score], list[Flag]]:
    """Score back-translations against their sources, detect drift, store both.

    ``engine`` runs the scoring and the detectors (side by side on Ray); this
    process stores what they return.
    """
    from workbench.engines import LOCAL

    engine = engine or LOCAL
    progress = progress or _NoProgress()
    progress.stage("scoring", len(sources))
    scoring = engine.submit(score_against, list(backs), list(sources))
    detecting = (
        engine.submit(
            detect_drift,
            list(sources),
            list(backs),
            list(pivots) if pivots else None,
            source_lang,
            pivot_lang,
        )
        if detect
        else None
    )
    seg_scores, corpus, signatures = scoring.result()
    store.save_scores(run_id, seg_scores, corpus, signatures)
    progress.advance(len(sources))
    flags: list[Flag] = []
    if detecting is not None:
        progress.stage("detecting drift", len(sources))
        flags = detecting.result()
        store.save_flags(run_id, flags)
        progress.advance(len(sources))
    return corpus, flags


def round_trip(
    store: Store,
    text_path: str | Path,
    card: ModelCard,
    *,
    translator_factory: TranslatorFactory | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    detect: bool = True,
    engine: Engine | None = None,
) -> RoundTripResult:
    """Run (or resume) the round trip of one text file with one model card."""
    from workbench.segment import segment_text
    from workbench.texts import read_text

    path = Path(text_path)
    content = read_text(path)
    segments = segment_text(content, card.source_lang)
    text_id = store.add_text(
        path.name, str(path.resolve()), content, segments, lang=card.source_lang
    )
    return round_trip_segments(
        store,
        text_id,
        [s.text for s in segments],
        card,
        translator_factory=translator_factory,
        progress=progress,
        cancel=cancel,
        detect=detect,
        engine=engine,
    )


def round_trip_segments(
    store: Store,
    text_id: int,
    sources: Sequence[str],
    card: ModelCard,
    *,
    translator_factory: TranslatorFactory | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    detect: bool = True,
    reuse_complete: bool = False,
    before_finish: Callable[[int, list[str]], None] | None = None,
    engine: Engine | None = None,
) -> RoundTripResult:
    """The round trip of a stored text's segments (sentences or lines).

    ``reuse_complete`` returns an already complete run of the same text and
    configuration (``reused=True``) instead of starting a new one;
    ``before_finish(run_id, pivots)`` stores extra results (a batch's forward-leg
    scores) before the run is marked complete, so a complete run has them all.
    ``engine`` runs the model calls and the analysis (default: this process).
    Raises ``SegmentsFailedError`` when segments failed even after the engine's
    retries: everything else is stored, and the run stays open to resume.
    """
    progress = progress or _NoProgress()
    factory = translator_factory or _default_factory
    n = len(sources)
    forward = factory(card.forward, card.backend)
    backward = factory(card.backward, card.backend)
    try:
        config = run_config(card, forward.info, backward.info)
        if reuse_complete:
            done = store.find_complete_run(text_id, card.name, "model", config)
            if done is not None:
                summary = store.run_summary(done)
                cached = LegStats(n, n, 0)
                scores = store.load_run(done).corpus_scores
                return RoundTripResult(
                    done,
                    False,
                    cached,
                    cached,
                    scores,
                    summary.flags,
                    True,
                    SegmentCounts(n, 0, n),
                )
        run_id, resumed = store.start_run(text_id, card.name, "model", config)

        progress.stage(f"{card.source_lang}→{card.pivot_lang} ({card.forward.model})", n)
        pivots, fstats = translate_cached(
            store,
            forward,
            sources,
            batch_size=card.forward.batch_size,
            progress=progress,
            cancel=cancel,
            engine=engine,
            make=partial(factory, card.forward, card.backend),
        )
        forward.close()
        # Segments whose pivot failed have nothing to translate back.
        forward_failed = {i for i, _ in fstats.failed}
        kept = [i for i in range(n) if i not in forward_failed]
        progress.stage(f"{card.pivot_lang}→{card.source_lang} ({card.backward.model})", n)
        progress.advance(len(forward_failed))
        kept_backs, bstats = translate_cached(
            store,
            backward,
            [pivots[i] for i in kept],
            batch_size=card.backward.batch_size,
            progress=progress,
            cancel=cancel,
            engine=engine,
            make=partial(factory, card.backward, card.backend),
        )
    finally:
        forward.close()
        backward.close()
    backs = [""] * n
    for i, back in zip(kept, kept_backs, strict=True):
        backs[i] = back
    counts = segment_counts(n, fstats, bstats, kept)
    if counts.failed:
        raise SegmentsFailedError(run_id, counts, fstats.translated + bstats.translated)
    store.save_run_segments(run_id, zip(range(n), pivots, backs, strict=True))
    corpus, flags = analyse(
        store,
        run_id,
        sources,
        backs,
        pivots,
        detect=detect,
        progress=progress,
        source_lang=card.source_lang,
        pivot_lang=card.pivot_lang,
        engine=engine,
    )
    if before_finish is not None:
        before_finish(run_id, pivots)
    store.finish_run(run_id)
    return RoundTripResult(run_id, resumed, fstats, bstats, corpus, len(flags), counts=counts)


def segment_counts(
    n: int, forward: LegStats, backward: LegStats, kept: Sequence[int]
) -> SegmentCounts:
    """Per segment: failed (either leg), translated (a model ran for either leg) or cached.

    ``kept`` maps the backward leg's inputs to segment indices (the segments
    whose pivot did not fail).
    """
    reasons = dict(forward.failed)
    for i, why in backward.failed:
        reasons.setdefault(kept[i], why)
    fresh = set(forward.fresh) | {kept[i] for i in backward.fresh}
    translated = len(fresh - set(reasons))
    failed = tuple(sorted(reasons.items()))
    return SegmentCounts(n, translated, n - translated - len(failed), failed)


def describe_config(config: dict[str, object]) -> str:
    """One line naming the models and revisions of a stored run."""
    parts = []
    for leg in ("forward", "backward"):
        info = config.get(leg)
        if isinstance(info, dict):
            parts.append(f"{info.get('model')}@{str(info.get('revision'))[:12]}")
    return " / ".join(parts) if parts else json.dumps(config)
