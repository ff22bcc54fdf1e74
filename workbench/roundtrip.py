"""The round trip: source -> pivot -> back, cached, resumable, scored, stored.

``round_trip`` segments a text, translates every segment into the pivot
language and back with one model card, and stores each step as it goes: every
finished batch of translations is committed to the store's cache before the
next one starts, so a run killed half-way resumes where it stopped, and a
re-run of the same text and model calls no model at all.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from workbench.cards import ModelCard
from workbench.results import Flag, Score, TranslatorInfo
from workbench.store import Store
from workbench.translators.base import ModelSpec, Translator

TranslatorFactory = Callable[[ModelSpec, str], Translator]


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


@dataclass(frozen=True, slots=True)
class RoundTripResult:
    run_id: int
    resumed: bool
    forward: LegStats
    backward: LegStats
    scores: dict[str, Score]
    flags: int
    reused: bool = False  # an already complete run was returned, nothing was run


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
) -> tuple[list[str], LegStats]:
    """Translate ``texts`` through the store's cache, committing each batch."""
    info = translator.info
    unique = list(dict.fromkeys(texts))
    done = store.cached_translations(info, unique)
    missing = [t for t in unique if t not in done]
    # How many segments each missing text stands for (a repeated line is one call).
    counts = Counter(t for t in texts if t not in done)
    progress.advance(len(texts) - sum(counts.values()))
    # Longest first: similar lengths share a batch (less padding), and the slowest
    # batch comes while the user is still watching.
    missing.sort(key=len, reverse=True)
    for start in range(0, len(missing), batch_size):
        if cancel is not None and cancel():
            raise Cancelled()
        batch = missing[start : start + batch_size]
        outputs = translator.translate(batch)
        store.cache_translations(info, zip(batch, outputs, strict=True))
        done.update(zip(batch, outputs, strict=True))
        progress.advance(sum(counts[t] for t in batch))
    stats = LegStats(len(texts), len(texts) - sum(counts.values()), len(missing))
    return [done[t] for t in texts], stats


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
) -> tuple[dict[str, Score], list[Flag]]:
    """Score back-translations against their sources, detect drift, store both."""
    from workbench.metrics import DEFAULT_METRICS, get_metric, score_corpus, score_segments

    progress = progress or _NoProgress()
    progress.stage("scoring", len(sources))
    metrics = [get_metric(name) for name in DEFAULT_METRICS]
    seg_scores = score_segments(backs, sources, metrics)
    corpus = score_corpus(backs, sources, metrics)
    store.save_scores(run_id, seg_scores, corpus, {m.name: m.sentence_signature() for m in metrics})
    progress.advance(len(sources))
    flags: list[Flag] = []
    if detect:
        from workbench.detectors import SegmentPair
        from workbench.detectors import detect as run_detectors

        progress.stage("detecting drift", len(sources))
        pairs = [
            SegmentPair(i, src, back, pivots[i] if pivots else None, source_lang, pivot_lang)
            for i, (src, back) in enumerate(zip(sources, backs, strict=True))
        ]
        flags = run_detectors(pairs)
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
) -> RoundTripResult:
    """The round trip of a stored text's segments (sentences or lines).

    ``reuse_complete`` returns an already complete run of the same text and
    configuration (``reused=True``) instead of starting a new one;
    ``before_finish(run_id, pivots)`` stores extra results (a batch's forward-leg
    scores) before the run is marked complete, so a complete run has them all.
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
                return RoundTripResult(done, False, cached, cached, scores, summary.flags, True)
        run_id, resumed = store.start_run(text_id, card.name, "model", config)

        progress.stage(f"{card.source_lang}→{card.pivot_lang} ({card.forward.model})", n)
        pivots, fstats = translate_cached(
            store,
            forward,
            sources,
            batch_size=card.forward.batch_size,
            progress=progress,
            cancel=cancel,
        )
        forward.close()
        progress.stage(f"{card.pivot_lang}→{card.source_lang} ({card.backward.model})", n)
        backs, bstats = translate_cached(
            store,
            backward,
            pivots,
            batch_size=card.backward.batch_size,
            progress=progress,
            cancel=cancel,
        )
    finally:
        forward.close()
        backward.close()
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
    )
    if before_finish is not None:
        before_finish(run_id, pivots)
    store.finish_run(run_id)
    return RoundTripResult(run_id, resumed, fstats, bstats, corpus, len(flags))


def describe_config(config: dict[str, object]) -> str:
    """One line naming the models and revisions of a stored run."""
    parts = []
    for leg in ("forward", "backward"):
        info = config.get(leg)
        if isinstance(info, dict):
            parts.append(f"{info.get('model')}@{str(info.get('revision'))[:12]}")
    return " / ".join(parts) if parts else json.dumps(config)
