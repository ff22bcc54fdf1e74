"""`workbench batch`: texts and test sets through models and imported systems, resumably."""

from __future__ import annotations

from collections.abc import Sequence

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    Progress,
    TaskID,
)
from rich.table import Table

from workbench.batch import BatchItem, ItemOutcome
from workbench.cli import open_store
from workbench.cli.progress import Bars
from workbench.errors import ExitCode

_STATUS_STYLE = {"done": "green", "resumed": "cyan", "skipped": "dim", "failed": "bold red"}


class _ItemBar:
    """The per-item bar: one stage at a time (forward, backward, scoring, drift)."""

    def __init__(self, progress: Progress, task: TaskID, label: str) -> None:
        self._progress = progress
        self._task = task
        self._label = label

    def stage(self, name: str, total: int) -> None:
        self._progress.reset(
            self._task, total=total, completed=0, description=f"  {self._label}: {name}"
        )

    def advance(self, n: int) -> None:
        self._progress.advance(self._task, n)


class BatchBars(Bars):
    """Two rich bars on stderr: items overall, and segments of the current item."""

    def __init__(self, console: Console, enabled: bool = True) -> None:
        super().__init__(console, enabled)
        self._console = console
        self._overall: TaskID | None = None
        self._item: TaskID | None = None

    def batch_started(self, items: Sequence[BatchItem]) -> None:
        self._overall = self._progress.add_task("items", total=len(items))
        self._item = self._progress.add_task("", total=1)

    def item_started(self, index: int, item: BatchItem) -> _ItemBar:
        assert self._overall is not None and self._item is not None
        self._progress.update(self._overall, description=f"items ({escape(item.label)})")
        return _ItemBar(self._progress, self._item, escape(item.label))

    def item_finished(self, index: int, outcome: ItemOutcome) -> None:
        assert self._overall is not None
        self._progress.advance(self._overall, 1)
        style = _STATUS_STYLE.get(outcome.status, "")
        where = f"run {outcome.run_id}" if outcome.run_id is not None else escape(outcome.message)
        self._progress.console.print(
            f"[{style}]{outcome.status:>7}[/] {escape(outcome.item.label)}: {where}"
        )


def _scores(scores: dict[str, object]) -> str:
    parts = []
    for key in ("bleu", "chrf", "ter"):
        score = scores.get(key)
        value = getattr(score, "value", None)
        if value is not None:
            parts.append(f"{value:.1f}")
    return " / ".join(parts) if parts else "–"


@click.command("batch")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--model",
    "-m",
    "models",
    multiple=True,
    help="Model card, card file, hub id, local folder or FORWARD,BACKWARD. Repeatable. "
    "Default: opus-mt, when no --system is given.",
)
@click.option(
    "--testset",
    "-t",
    "testsets",
    multiple=True,
    help="[NAME=]FOLDER with NAME.en and NAME.ar (line-aligned, e.g. FLORES); the files may "
    "sit in its en-ar/ subfolder. Repeatable.",
)
@click.option(
    "--system",
    "-s",
    "systems",
    multiple=True,
    help="[TESTSET:]NAME=BACK[,PIVOT]: outputs made elsewhere, line-aligned with the test set. "
    "Without PIVOT the test set's human translation is the pivot. Repeatable.",
)
@click.option("--pivot", default="ar", show_default=True, help="Pivot language.")
@click.option("--source-lang", default="en", show_default=True, help="Source language.")
@click.option(
    "--device", default="auto", show_default=True, type=click.Choice(["auto", "cpu", "cuda"])
)
@click.option("--backend", default=None, help="Override the cards' backend.")
@click.option("--no-detect", is_flag=True, help="Skip drift detection (scores only).")
@click.option("--stop-on-error", is_flag=True, help="Stop at the first item that fails.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where model calls and scoring run: this process, or a Ray cluster (translator "
    "actors, one model load each; needs pip install 'workbench[ray]'). Results and "
    "store are the same either way.",
)
@click.option(
    "--address",
    default=None,
    metavar="ADDR",
    help="With --engine ray: join this cluster (auto, HOST:6379, ray://HOST:10001) "
    "instead of starting a local Ray instance.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="With --engine ray: translator actors per model. Default: one per GPU of the "
    "cluster, or per CPU where it has none.",
)
@click.pass_context
def batch_cmd(
    ctx: click.Context,
    paths: tuple[str, ...],
    models: tuple[str, ...],
    testsets: tuple[str, ...],
    systems: tuple[str, ...],
    pivot: str,
    source_lang: str,
    device: str,
    backend: str | None,
    no_detect: bool,
    stop_on_error: bool,
    engine: str,
    address: str | None,
    workers: int | None,
) -> None:
    """Run texts and test sets through models and imported outputs; store everything.

    PATHS are text files, folders (their *.txt) or globs; each is split into
    sentences. A test set's lines are its segments: with a model, the forward
    translation is scored against the test set's human translation and the
    back-translation against the original; an imported system's output enters
    as a run of that test set.

    Resumable: items already complete in the store are skipped, and an item a
    killed batch left half-done resumes from the translation cache. Run the same
    command again to finish what is missing.

    With --engine ray, segments flow through Ray Data to a pool of translator
    actors, and scoring and drift detection run as Ray tasks; this process
    writes every result to the store, so a run made by either engine is the
    same run, and the cache is shared. Segments that fail even after retries
    are listed, counted and make the command exit non-zero.

    \b
    Examples:
      workbench batch texts/ -m opus-mt -m nllb-600m
      workbench batch -t flores-dev=../shared/corpora/flores-dev -m opus-mt
      workbench batch -t ../shared/corpora/flores-dev \\
          -s google=../shared/corpora/flores-dev/ar-en/flores-dev.google.en
      workbench batch corpus/ -m opus-mt --engine ray --workers 8
      workbench batch corpus/ -m opus-mt --engine ray --address auto   # on a cluster node
    """
    from workbench.batch import (
        discover_texts,
        parse_system,
        parse_testset,
        plan_batch,
        run_batch,
    )
    from workbench.cards import resolve_model_arg
    from workbench.engines import create_engine

    if engine != "ray" and (address is not None or workers is not None):
        raise click.UsageError("--address and --workers go with --engine ray")
    if not paths and not testsets:
        raise click.UsageError("name texts (files, folders, globs) or --testset folders")
    if not models and not systems:
        models = ("opus-mt",)
    cards = [
        resolve_model_arg(
            m, source_lang=source_lang, pivot_lang=pivot, backend=backend
        ).with_device(device)
        for m in models
    ]
    texts = discover_texts(paths)
    sets = [parse_testset(t, source_lang=source_lang, pivot_lang=pivot) for t in testsets]
    imported = [parse_system(s) for s in systems]
    items = plan_batch(texts, cards, testsets=sets, systems=imported)
    err = Console(stderr=True)
    runner = create_engine(engine, address=address, workers=workers)
    start = getattr(runner, "start", None)
    if start is not None:
        with err.status(f"starting {engine}…" if address is None else f"joining {address}…"):
            start()  # joining the cluster fails here, before any bar is drawn
    try:
        with open_store(ctx) as store, BatchBars(err, enabled=err.is_terminal) as bars:
            result = run_batch(
                store,
                items,
                observer=bars,
                detect=not no_detect,
                stop_on_error=stop_on_error,
                engine=runner,
            )
    finally:
        close = getattr(runner, "close", None)
        if close is not None:
            close()
    table = Table(title="batch")
    for name, justify in (
        ("input", "left"),
        ("system", "left"),
        ("status", "left"),
        ("run", "right"),
        ("round trip BLEU / chrF / TER", "right"),
        ("forward vs reference", "right"),
        ("flags", "right"),
        ("model calls", "right"),
        ("seconds", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for o in result.outcomes:
        style = _STATUS_STYLE.get(o.status, "")
        table.add_row(
            escape(o.item.input_name),
            escape(o.item.system),
            f"[{style}]{o.status}[/]",
            "" if o.run_id is None else str(o.run_id),
            _scores(dict(o.scores)) if o.status != "failed" else escape(o.message),
            _scores(dict(o.forward_scores)),
            str(o.flags),
            str(o.model_calls),
            f"{o.seconds:.1f}",
        )
    Console().print(table)
    counts = result.counts()
    err.print(", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    seg = result.segment_counts()
    err.print(
        f"segments: {seg['total']} = {seg['translated']} translated + {seg['cached']} "
        f"from the store + {seg['failed']} failed"
    )
    failures = [(o, i, why) for o in result.outcomes for i, why in o.failed_segments]
    for o, i, why in failures[:10]:
        err.print(f"[red]failed[/] {escape(o.item.label)} segment {i}: {escape(why)}")
    if len(failures) > 10:
        err.print(f"… and {len(failures) - 10} more failed segments")
    if result.failed:
        ctx.exit(int(ExitCode.FAILURE))


COMMANDS = [batch_cmd]
