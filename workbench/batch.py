"""Batch runs: many texts and test sets through many models and imported systems.

``plan_batch`` turns the user's inputs into items, one per (input, system):

- a text file (sentence-segmented) or every ``*.txt`` in a folder, or a glob,
  with each model card: a ``round_trip``;
- a line-aligned test set (``<name>.en`` with the human ``<name>.ar``, as in
  FLORES) with each model card: a round trip of its lines, whose forward leg
  (the pivot) is also scored against the human reference translation and
  stored with ``Store.save_leg_scores``;
- a test set with each imported system output (``--system NAME=FILE``): an
  ``import_run``.

``run_batch`` runs the items in order and stores every result.  It is
resumable: an item whose run is already complete in the store is skipped, and
an item a killed batch left half-done resumes from the store's translation
cache (``round_trip`` commits every translated batch), so re-running the same
command finishes only what is missing.  Progress goes to a ``BatchObserver``:
one call per item, and a per-item ``Progress`` for its segments.

An ``engine`` (``workbench.engines``) says where model calls and scoring run:
this process (the default) or a Ray cluster (``RayEngine``).  Either way this
process alone writes the store, and the runs are the same runs: a batch made
by one engine is found complete, or resumed from the cache, by the other.
Each outcome counts its segments (translated + cached + failed = segments),
so nothing an engine could not translate goes unreported.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from workbench.cards import ModelCard
from workbench.errors import InputError, WorkbenchError
from workbench.results import Score
from workbench.roundtrip import Progress, RoundTripResult, TranslatorFactory
from workbench.store import Store

if TYPE_CHECKING:
    from workbench.engines import Engine

__all__ = [
    "BatchItem",
    "BatchObserver",
    "BatchResult",
    "ImportedSystem",
    "ItemOutcome",
    "TestSet",
    "discover_texts",
    "parse_system",
    "parse_testset",
    "plan_batch",
    "run_batch",
]

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class TestSet:
    """A line-aligned test set: the source lines and, if any, the human translation."""

    __test__ = False  # not a pytest test class, whatever its name

    name: str
    source: Path  # <name>.<source_lang>, one segment per line
    reference: Path | None  # <name>.<pivot_lang>, the human reference translation
    source_lang: str = "en"
    pivot_lang: str = "ar"


@dataclass(frozen=True, slots=True)
class ImportedSystem:
    """Outputs made elsewhere: the back-translation, and the system's own pivot if known.

    Without ``pivot`` the test set's human reference is taken as the pivot (as
    for FLORES ``ar-en`` outputs, translated from the human Arabic).
    """

    name: str
    back: Path
    pivot: Path | None = None
    testset: str | None = None  # which test set, when the batch has several


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One unit of work: one input through one system."""

    input_name: str
    path: Path  # the text file, or the test set's source file
    system: str
    card: ModelCard | None = None
    imported: ImportedSystem | None = None
    testset: TestSet | None = None

    @property
    def label(self) -> str:
        return f"{self.input_name} × {self.system}"

    @property
    def kind(self) -> str:
        """``"text"`` (sentence-segmented), ``"testset"`` (model on lines) or ``"import"``."""
        if self.imported is not None:
            return "import"
        return "testset" if self.testset is not None else "text"


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """What happened to one item.

    ``status``: ``"done"`` (run now), ``"resumed"`` (a killed run finished),
    ``"skipped"`` (already complete in the store) or ``"failed"`` (``message``
    says why).  ``scores`` are the round trip's (back-translation against the
    original); ``forward_scores`` the pivot's against the reference translation.

    ``segments`` = ``translated`` + ``cached`` + ``len(failed_segments)``:
    ``translated`` went to a model now, ``cached`` came from the store (or,
    for an import, from the system's files), ``failed_segments`` are
    ``(index, why)`` of those that could not be translated.  An item that
    failed as a whole (a model not available) counts all its segments failed
    where they can be counted.
    """

    item: BatchItem
    status: str
    run_id: int | None
    scores: dict[str, Score] = field(default_factory=dict)
    forward_scores: dict[str, Score] = field(default_factory=dict)
    flags: int = 0
    model_calls: int = 0  # segments a model was asked to translate
    message: str = ""
    seconds: float = 0.0
    segments: int = 0
    translated: int = 0
    cached: int = 0
    failed_segments: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class BatchResult:
    outcomes: tuple[ItemOutcome, ...]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        return counts

    @property
    def failed(self) -> tuple[ItemOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "failed")

    def segment_counts(self) -> dict[str, int]:
        """Segments of every item: ``total == translated + cached + failed``."""
        return {
            "total": sum(o.segments for o in self.outcomes),
            "translated": sum(o.translated for o in self.outcomes),
            "cached": sum(o.cached for o in self.outcomes),
            "failed": sum(len(o.failed_segments) for o in self.outcomes),
        }


class BatchObserver(Protocol):
    """What ``run_batch`` tells a display (the CLI's bars, a TUI worker)."""

    def batch_started(self, items: Sequence[BatchItem]) -> None: ...

    def item_started(self, index: int, item: BatchItem) -> Progress:
        """Called before item ``index`` runs; returns the Progress for its segments."""
        ...

    def item_finished(self, index: int, outcome: ItemOutcome) -> None: ...


class _Quiet:
    def stage(self, name: str, total: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass


class _NoObserver:
    def batch_started(self, items: Sequence[BatchItem]) -> None:
        pass

    def item_started(self, index: int, item: BatchItem) -> Progress:
        return _Quiet()

    def item_finished(self, index: int, outcome: ItemOutcome) -> None:
        pass


# -- inputs ---------------------------------------------------------------------------


def discover_texts(paths: Sequence[str | Path]) -> list[Path]:
    """Text files named by ``paths``: files, folders (their ``*.txt``) and globs.

    Raises ``InputError`` for a path that names nothing; each file appears once.
    """
    found: dict[Path, Path] = {}
    for arg in paths:
        text = str(arg)
        path = Path(text).expanduser()
        if path.is_dir():
            matches = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not matches:
                raise InputError(f"{text}: folder has no *.txt files")
        elif path.exists():
            matches = [path]
        elif _GLOB_CHARS & set(text):
            matches = sorted(
                Path(p) for p in glob.glob(str(path), recursive=True) if Path(p).is_file()
            )
            if not matches:
                raise InputError(f"{text}: no file matches this pattern")
        else:
            raise InputError(f"{text}: no such file or folder")
        for m in matches:
            found.setdefault(m.resolve(), m)
    return list(found.values())


def parse_testset(arg: str, *, source_lang: str = "en", pivot_lang: str = "ar") -> TestSet:
    """``[NAME=]FOLDER``: a folder with ``NAME.<src>`` and ``NAME.<pivot>``.

    The files may sit in the folder itself or in its ``<src>-<pivot>`` /
    ``<pivot>-<src>`` subfolders (the layout of ``shared/corpora/flores-dev``).
    NAME defaults to the folder's name.  The reference translation is optional.
    """
    name, sep, folder_text = arg.partition("=")
    if not sep:
        name, folder_text = "", arg
    folder = Path(folder_text).expanduser()
    if not folder.is_dir():
        raise InputError(f"--testset {arg}: {folder_text} is not a folder")
    name = name.strip() or folder.name
    places = [
        folder,
        folder / f"{source_lang}-{pivot_lang}",
        folder / f"{pivot_lang}-{source_lang}",
    ]

    def find(lang: str) -> Path | None:
        return next(
            (p / f"{name}.{lang}" for p in places if (p / f"{name}.{lang}").is_file()), None
        )

    source = find(source_lang)
    if source is None:
        raise InputError(
            f"--testset {arg}: no {name}.{source_lang} in {folder_text} "
            f"or its {source_lang}-{pivot_lang}/ subfolder"
        )
    return TestSet(name, source, find(pivot_lang), source_lang, pivot_lang)


def parse_system(arg: str) -> ImportedSystem:
    """``[TESTSET:]NAME=BACK[,PIVOT]``: outputs of a system made elsewhere."""
    left, sep, files = arg.partition("=")
    if not sep or not left.strip() or not files.strip():
        raise InputError(f"--system {arg}: write NAME=FILE (e.g. google=flores-dev.google.en)")
    testset, colon, name = left.rpartition(":")
    back_text, _, pivot_text = files.partition(",")
    back = Path(back_text.strip()).expanduser()
    pivot = Path(pivot_text.strip()).expanduser() if pivot_text.strip() else None
    for p in (back, pivot):
        if p is not None and not p.is_file():
            raise InputError(f"--system {arg}: {p} is not a file")
    return ImportedSystem(name.strip(), back, pivot, testset.strip() if colon else None)


def plan_batch(
    texts: Sequence[Path],
    cards: Sequence[ModelCard],
    *,
    testsets: Sequence[TestSet] = (),
    systems: Sequence[ImportedSystem] = (),
) -> list[BatchItem]:
    """One item per (text, card), (test set, card) and imported system, in that order."""
    names = [t.name for t in testsets]
    if len(set(names)) != len(names):
        raise InputError(f"two --testset share a name: {', '.join(names)}")
    items = [BatchItem(path.name, path, card.name, card=card) for path in texts for card in cards]
    items += [
        BatchItem(t.name, t.source, card.name, card=card, testset=t)
        for t in testsets
        for card in cards
    ]
    by_name = {t.name: t for t in testsets}
    for system in systems:
        if system.testset is not None:
            testset = by_name.get(system.testset)
            if testset is None:
                raise InputError(
                    f"--system {system.testset}:{system.name}: no --testset named {system.testset}"
                )
        elif len(testsets) == 1:
            testset = testsets[0]
        else:
            raise InputError(
                f"--system {system.name}: imported outputs are line-aligned with a test set; "
                + (
                    "give one with --testset"
                    if not testsets
                    else f"name it, as --system TESTSET:{system.name}=FILE"
                )
            )
        items.append(
            BatchItem(testset.name, testset.source, system.name, imported=system, testset=testset)
        )
    return items


# -- running ------------------------------------------------------------------------


def run_batch(
    store: Store,
    items: Sequence[BatchItem],
    *,
    translator_factory: TranslatorFactory | None = None,
    observer: BatchObserver | None = None,
    cancel: Callable[[], bool] | None = None,
    detect: bool = True,
    stop_on_error: bool = False,
    engine: Engine | None = None,
) -> BatchResult:
    """Run every item not yet complete in ``store``; skip (and report) the rest.

    A ``WorkbenchError`` in one item (a model that is not available, a file
    that is not aligned, segments that failed even after the engine's retries)
    marks that item failed and the batch goes on, unless ``stop_on_error``.
    ``Cancelled``, ``KeyboardInterrupt`` and bugs stop it: everything finished
    so far is stored, and the same call resumes.  ``engine`` runs the model
    calls and the scoring (default: this process).
    """
    from workbench.engines import LOCAL
    from workbench.roundtrip import SegmentsFailedError

    engine = engine or LOCAL
    observer = observer or _NoObserver()
    observer.batch_started(items)
    outcomes: list[ItemOutcome] = []
    for index, item in enumerate(items):
        progress = observer.item_started(index, item)
        started = time.perf_counter()
        try:
            outcome = _run_item(store, item, translator_factory, progress, cancel, detect, engine)
        except SegmentsFailedError as err:
            if stop_on_error:
                raise
            counts = err.counts
            outcome = ItemOutcome(
                item,
                "failed",
                err.run_id,
                model_calls=err.model_calls,
                message=str(err),
                segments=counts.total,
                translated=counts.translated,
                cached=counts.cached,
                failed_segments=counts.failed,
            )
        except WorkbenchError as err:
            if stop_on_error:
                raise
            n = _count_segments(item)
            outcome = ItemOutcome(
                item,
                "failed",
                None,
                message=str(err),
                segments=n,
                failed_segments=tuple((i, str(err)) for i in range(n)),
            )
        outcome = _with_seconds(outcome, time.perf_counter() - started)
        outcomes.append(outcome)
        observer.item_finished(index, outcome)
    return BatchResult(tuple(outcomes))


def _with_seconds(outcome: ItemOutcome, seconds: float) -> ItemOutcome:
    from dataclasses import replace

    return replace(outcome, seconds=seconds)


def _count_segments(item: BatchItem) -> int:
    """Segments of an item that failed as a whole; 0 if its input cannot be read either."""
    try:
        if item.testset is not None:
            return len(_testset_lines(item.testset)[0])
        from workbench.segment import segment_text
        from workbench.texts import read_text

        lang = item.card.source_lang if item.card is not None else "en"
        return len(segment_text(read_text(item.path), lang))
    except WorkbenchError:
        return 0


def _factory(translator_factory: TranslatorFactory | None) -> TranslatorFactory:
    if translator_factory is not None:
        return translator_factory
    from workbench.translators import create_translator

    return create_translator


def _run_item(
    store: Store,
    item: BatchItem,
    translator_factory: TranslatorFactory | None,
    progress: Progress,
    cancel: Callable[[], bool] | None,
    detect: bool,
    engine: Engine,
) -> ItemOutcome:
    if item.imported is not None:
        assert item.testset is not None
        return _run_import(store, item, item.imported, item.testset, progress, detect, engine)
    assert item.card is not None
    factory = _factory(translator_factory)
    if item.testset is not None:
        return _run_testset(
            store, item, item.testset, item.card, factory, progress, cancel, detect, engine
        )
    return _run_text(store, item, item.card, factory, progress, cancel, detect, engine)


def _model_config(card: ModelCard, factory: TranslatorFactory) -> dict[str, object]:
    """The configuration ``round_trip`` stores for ``card``: no model is loaded for it."""
    from workbench.roundtrip import run_config

    forward = factory(card.forward, card.backend)
    backward = factory(card.backward, card.backend)
    try:
        return run_config(card, forward.info, backward.info)
    finally:
        forward.close()
        backward.close()


def _stored_outcome(
    store: Store,
    item: BatchItem,
    run_id: int,
    status: str,
    model_calls: int = 0,
    translated: int = 0,
) -> ItemOutcome:
    """The outcome of a finished run; segments not ``translated`` now came from the store."""
    summary = store.run_summary(run_id)
    view = store.load_run(run_id)
    legs = store.leg_scores(run_id)
    forward = legs["forward"].corpus if "forward" in legs else {}
    n = len(view.rows)
    return ItemOutcome(
        item,
        status,
        run_id,
        dict(view.corpus_scores),
        dict(forward),
        summary.flags,
        model_calls,
        segments=n,
        translated=translated,
        cached=n - translated,
    )


def _run_text(
    store: Store,
    item: BatchItem,
    card: ModelCard,
    factory: TranslatorFactory,
    progress: Progress,
    cancel: Callable[[], bool] | None,
    detect: bool,
    engine: Engine,
) -> ItemOutcome:
    from workbench.roundtrip import round_trip
    from workbench.segment import segment_text
    from workbench.texts import read_text

    content = read_text(item.path)
    segments = segment_text(content, card.source_lang)
    text_id = store.add_text(
        item.path.name, str(item.path.resolve()), content, segments, lang=card.source_lang
    )
    done = store.find_complete_run(text_id, card.name, "model", _model_config(card, factory))
    if done is not None:
        return _stored_outcome(store, item, done, "skipped")
    result = round_trip(
        store,
        item.path,
        card,
        translator_factory=factory,
        progress=progress,
        cancel=cancel,
        detect=detect,
        engine=engine,
    )
    return _finished(store, item, result)


def _finished(store: Store, item: BatchItem, result: RoundTripResult) -> ItemOutcome:
    calls = result.forward.translated + result.backward.translated
    translated = result.counts.translated if result.counts is not None else 0
    status = "resumed" if result.resumed else "done"
    return _stored_outcome(store, item, result.run_id, status, calls, translated)


def _testset_lines(testset: TestSet) -> tuple[list[str], list[str] | None]:
    from workbench.texts import check_aligned, read_lines

    sources = read_lines(testset.source)
    if testset.reference is None:
        return sources, None
    references = read_lines(testset.reference)
    check_aligned({str(testset.source): sources, str(testset.reference): references})
    return sources, references


def _add_lines(store: Store, path: Path, lines: Sequence[str], lang: str) -> int:
    """Store line-aligned ``lines`` as a text, exactly as ``import_run`` stores a source."""
    from workbench.segment import segment_lines

    return store.add_text(
        path.name,
        str(path.resolve()),
        "\n".join(lines) + "\n",
        segment_lines(lines),
        lang=lang,
        segmentation="lines",
    )


def _score_forward(
    store: Store,
    run_id: int,
    testset: TestSet,
    pivots: Sequence[str],
    references: Sequence[str],
    engine: Engine,
) -> dict[str, Score]:
    """Score the pivot against the human reference translation and store it."""
    from workbench.roundtrip import score_against

    assert testset.reference is not None
    segment_scores, corpus, signatures = engine.submit(
        score_against, list(pivots), list(references)
    ).result()
    ref_id = _add_lines(store, testset.reference, references, testset.pivot_lang)
    store.save_leg_scores(run_id, "forward", ref_id, segment_scores, corpus, signatures)
    return corpus


def _run_testset(
    store: Store,
    item: BatchItem,
    testset: TestSet,
    card: ModelCard,
    factory: TranslatorFactory,
    progress: Progress,
    cancel: Callable[[], bool] | None,
    detect: bool,
    engine: Engine,
) -> ItemOutcome:
    """``round_trip`` for a line-aligned test set (one segment per line), plus the
    forward leg scored against the reference translation."""
    from workbench.roundtrip import round_trip_segments

    if (card.source_lang, card.pivot_lang) != (testset.source_lang, testset.pivot_lang):
        raise InputError(
            f"{card.name} goes {card.source_lang}->{card.pivot_lang}, test set "
            f"{testset.name} is {testset.source_lang}->{testset.pivot_lang}"
        )
    sources, references = _testset_lines(testset)
    text_id = _add_lines(store, testset.source, sources, testset.source_lang)

    def score_forward(run_id: int, pivots: list[str]) -> None:
        if references is not None:
            _score_forward(store, run_id, testset, pivots, references, engine)

    result = round_trip_segments(
        store,
        text_id,
        sources,
        card,
        translator_factory=factory,
        progress=progress,
        cancel=cancel,
        detect=detect,
        reuse_complete=True,
        before_finish=score_forward,
        engine=engine,
    )
    if result.reused:
        if references is not None and "forward" not in store.leg_scores(result.run_id):
            # Killed between finishing the run and storing the forward leg.
            pivots = [row.pivot or "" for row in store.load_run(result.run_id).rows]
            _score_forward(store, result.run_id, testset, pivots, references, engine)
        return _stored_outcome(store, item, result.run_id, "skipped")
    return _finished(store, item, result)


def _run_import(
    store: Store,
    item: BatchItem,
    system: ImportedSystem,
    testset: TestSet,
    progress: Progress,
    detect: bool,
    engine: Engine,
) -> ItemOutcome:
    # Imports translate nothing; their scoring runs here (workbench.importer's
    # own analyse), only the forward leg's goes through the engine.
    from workbench.importer import import_run
    from workbench.texts import check_aligned, read_lines

    sources, references = _testset_lines(testset)
    backs = read_lines(system.back)
    pivot_path = system.pivot or testset.reference
    pivots = read_lines(pivot_path) if pivot_path is not None else None
    files = {str(testset.source): sources, str(system.back): backs}
    if pivots is not None and pivot_path is not None:
        files[str(pivot_path)] = pivots
    check_aligned(files)
    text_id = _add_lines(store, testset.source, sources, testset.source_lang)
    # An import is complete when a complete run of this system holds exactly these
    # lines: a changed output file is imported again, an unchanged one is not.
    for summary in reversed(store.list_runs()):
        if (
            summary.text_id == text_id
            and summary.system == system.name
            and summary.kind == "import"
            and summary.status == "complete"
        ):
            rows = store.load_run(summary.id).rows
            if [r.back for r in rows] == backs and (
                pivots is None or [r.pivot for r in rows] == pivots
            ):
                if _own_pivot_scorable(system, references, pivots) and "forward" not in (
                    store.leg_scores(summary.id)
                ):
                    # Killed between the import and storing its forward leg.
                    assert references is not None and pivots is not None
                    _score_forward(store, summary.id, testset, pivots, references, engine)
                return _stored_outcome(store, item, summary.id, "skipped")
    progress.stage("import", len(sources))
    run_id = import_run(
        store,
        system.name,
        testset.source,
        system.back,
        pivot_path,
        source_lang=testset.source_lang,
        pivot_lang=testset.pivot_lang,
        detect=detect,
        progress=progress,
    )
    if _own_pivot_scorable(system, references, pivots):
        assert references is not None and pivots is not None
        _score_forward(store, run_id, testset, pivots, references, engine)
    return _stored_outcome(store, item, run_id, "done")


def _own_pivot_scorable(
    system: ImportedSystem, references: list[str] | None, pivots: list[str] | None
) -> bool:
    # Only the system's own pivot is scored against the human reference: a pivot
    # that IS the reference would score 100 and say nothing.
    return system.pivot is not None and references is not None and pivots is not None
