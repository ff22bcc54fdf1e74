"""`workbench compare`: N systems on the same segments, with significance and drift."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from workbench.cli import open_store
from workbench.compare import CompareResult, LegResult
from workbench.errors import ExitCode, InputError, WorkbenchError

_DISPLAY = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER"}


class _Interrupted(WorkbenchError):
    """Ctrl-C during a comparison: exit 130 with one line, as for any error."""

    exit_code = ExitCode.INTERRUPTED


_TESTS = {"bs": ("bs",), "ar": ("ar",), "both": ("bs", "ar"), "none": ()}


@click.command("compare")
@click.argument("systems", nargs=-1)
@click.option(
    "--ref",
    type=click.Path(dir_okay=False),
    help="Reference file the system files are scored against (one segment per line).",
)
@click.option(
    "--source",
    type=click.Path(dir_okay=False),
    help="The original text of the round trip, if not --ref: drift is checked against it, "
    "and the outputs are scored against it too.",
)
@click.option(
    "--pivot",
    type=click.Path(dir_okay=False),
    help="Pivot translation the system files were made from (e.g. the human Arabic).",
)
@click.option("--runs", "use_runs", is_flag=True, help="The arguments are stored run ids.")
@click.option("--text", "text_name", help="Compare every complete run of this stored text.")
@click.option("--baseline", help="System the others are tested against (default: the first).")
@click.option(
    "--metrics", default="bleu,chrf,ter", show_default=True, help="Comma-separated metrics."
)
@click.option(
    "--paired",
    type=click.Choice(list(_TESTS)),
    default="bs",
    show_default=True,
    help="Paired test: bootstrap resampling (bs), approximate randomization (ar), both, none.",
)
@click.option("--paired-bs-n", default=1000, show_default=True, help="Bootstrap resamples.")
@click.option("--paired-ar-n", default=10000, show_default=True, help="Randomization trials.")
@click.option("--alpha", default=0.05, show_default=True, help="Significance threshold.")
@click.option("--no-detect", is_flag=True, help="No drift flags.")
@click.option("--redetect", is_flag=True, help="Run the detectors even on stored runs.")
@click.option(
    "--embeddings",
    is_flag=True,
    help="Let meaning-drift load the sentence-embedding model (off by default: slow).",
)
@click.option("--kinds", help="Comma-separated flag kinds to detect (default: all).")
@click.option("--top", default=10, show_default=True, help="Segments to list per section.")
@click.option("--jobs", "-j", type=int, help="Worker processes (default: one per CPU).")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json", "csv", "md", "html"]),
    default="table",
    show_default=True,
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@click.pass_context
def compare_cmd(
    ctx: click.Context,
    systems: tuple[str, ...],
    ref: str | None,
    source: str | None,
    pivot: str | None,
    use_runs: bool,
    text_name: str | None,
    baseline: str | None,
    metrics: str,
    paired: str,
    paired_bs_n: int,
    paired_ar_n: int,
    alpha: float,
    no_detect: bool,
    redetect: bool,
    embeddings: bool,
    kinds: str | None,
    top: int,
    jobs: int | None,
    fmt: str,
    output: str | None,
) -> None:
    """Compare SYSTEMS on the same segments: corpus BLEU, chrF and TER with
    sacrebleu signatures, paired significance against a baseline, drift flags
    per kind, the segments where the systems disagree most, and scores by
    segment length and by flag kind.

    \b
    Systems are files (like `sacrebleu REF -i SYS...`; names come from the file
    names, or write NAME=FILE), or stored runs of one text:
      workbench compare --ref flores-dev.en --pivot flores-dev.ar \\
          flores-dev.google.en flores-dev.nllb.en flores-dev.opusmt.en
      workbench compare --runs 1 2 3
      workbench compare --text haftar-russia.en.txt -f html -o report.html

    The embedding model of the meaning-drift detector is off unless
    --embeddings: loading it costs more than the whole comparison.
    """
    from workbench.compare import compare, inputs_from_files, inputs_from_runs, runs_of_text

    metric_list = [m.strip() for m in metrics.split(",") if m.strip()]
    unknown = sorted(set(metric_list) - set(_DISPLAY))
    if unknown:
        raise click.UsageError(f"unknown metric {', '.join(unknown)}; choose from bleu, chrf, ter")
    modes = sum([bool(use_runs), bool(text_name), bool(ref)])
    if modes != 1:
        raise click.UsageError("give system files with --ref, or --runs IDS, or --text NAME")
    if use_runs or text_name:
        if use_runs and not systems:
            raise click.UsageError("--runs needs run ids, e.g. --runs 1 2 3")
        if text_name and systems:
            raise click.UsageError("--text takes no further arguments")
        try:
            run_ids = [int(s) for s in systems]
        except ValueError:
            raise click.UsageError("--runs takes run ids (numbers; see `workbench runs`)") from None
        with open_store(ctx) as store:
            if text_name:
                run_ids = runs_of_text(store, text_name)
            inputs = inputs_from_runs(store, run_ids)
    else:
        if not systems:
            raise click.UsageError("name the system files to compare after --ref REF")
        names: list[str | None] = []
        paths: list[str] = []
        for arg in systems:
            name, sep, path = arg.partition("=")
            if sep and not Path(arg).exists():
                names.append(name)
                paths.append(path)
            else:
                names.append(None)
                paths.append(arg)
        assert ref is not None
        inputs = inputs_from_files(ref, paths, source=source, pivot=pivot, names=names)
    err = Console(stderr=True)
    # Plain lines, not a spinner: a spinner is a thread, and worker processes are
    # forked only from a process without other threads.
    say = (lambda msg: err.print(f"[dim]compare: {msg}…[/]")) if err.is_terminal else None
    try:
        result = compare(
            inputs,
            baseline=baseline,
            metrics=metric_list,
            tests=_TESTS[paired],
            bs_samples=paired_bs_n,
            ar_samples=paired_ar_n,
            alpha=alpha,
            detect=not no_detect,
            redetect=redetect,
            embeddings=embeddings,
            kinds=[k.strip() for k in kinds.split(",")] if kinds else None,
            top=top,
            jobs=jobs,
            progress=say,
        )
    except KeyboardInterrupt:
        # compare has stopped its worker processes by now; nothing is stored,
        # so the generic "finished work is stored" message would mislead.
        raise _Interrupted("compare interrupted; nothing was written") from None
    if fmt == "table":
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                print_comparison(Console(file=handle, width=160, no_color=True), result)
        else:
            print_comparison(Console(), result)
        return
    from workbench.report import render

    text = render(result, fmt)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise InputError(f"{output}: cannot write ({error.strerror or error})") from None
        err.print(f"wrote {output}")
    else:
        click.echo(text, nl=False)


def _score_text(result: CompareResult, leg: LegResult, system: str, metric: str) -> str:
    score = leg.system(system).scores[metric]
    text = f"{score.value:.1f}"
    bs = score.test("bs")
    if bs is not None and bs.mean is not None and bs.ci is not None:
        text += f" [dim]({bs.mean:.1f} ± {bs.ci:.1f})[/]"
    for p in score.paired:
        if p.p_value is None:
            continue
        label = "p" if len(score.paired) == 1 else f"p{p.test}"
        if p.p_value < result.alpha:
            text += f"\n[green]{label}={p.p_value:.4f}*[/]"
        else:
            text += f"\n[red]{label}={p.p_value:.4f}[/]"
    return text


def print_comparison(console: Console, result: CompareResult) -> None:
    """The comparison as terminal tables."""
    console.print(
        f"[bold]{len(result.systems)} systems[/] on {escape(result.source_name)} "
        f"({result.segments} segments); baseline [bold]{escape(result.baseline)}[/]"
    )
    for leg in result.legs:
        table = Table(title=escape(leg.title), title_justify="left")
        table.add_column("system")
        for m in result.metrics:
            table.add_column(_DISPLAY[m], justify="right")
        table.add_column("flags", justify="right")
        for s in leg.systems:
            name = escape(s.system) + (" (baseline)" if s.system == result.baseline else "")
            flags = sum(result.flag_counts.get(s.system, {}).values())
            table.add_row(
                name, *(_score_text(result, leg, s.system, m) for m in result.metrics), str(flags)
            )
        console.print(table)
        first = leg.systems[0]
        for m in result.metrics:
            score = first.scores[m]
            sigs = [score.signature, *(p.signature for p in score.paired)]
            console.print(f"  [dim]{escape(score.name)}: {escape(' / '.join(sigs))}[/]")
        if leg.length_buckets:
            metric = "chrf" if "chrf" in result.metrics else result.metrics[0]
            buckets = Table(
                title=f"corpus {_DISPLAY[metric]} by source length", title_justify="left"
            )
            buckets.add_column("bucket")
            buckets.add_column("segments", justify="right")
            for name in result.systems:
                buckets.add_column(escape(name), justify="right")
            for b in leg.length_buckets:
                buckets.add_row(
                    b.label,
                    str(b.segments[result.systems[0]]),
                    *(f"{b.scores[n][metric]:.1f}" for n in result.systems),
                )
            console.print(buckets)
    if result.tests and len(result.systems) > 1:
        console.print(
            f"[dim]p: paired {' and '.join(result.tests)} test against the baseline "
            f"(sacrebleu); * p < {result.alpha}. Scores: score (bootstrap mean ± 95% CI).[/]"
        )
    if result.flag_kinds:
        drift = Table(
            title=f"drift flags per kind ({escape(result.flags_from)})", title_justify="left"
        )
        drift.add_column("kind")
        for name in result.systems:
            drift.add_column(escape(name), justify="right")
        for kind in result.flag_kinds:
            drift.add_row(kind, *(str(result.flag_counts[n].get(kind, 0)) for n in result.systems))
        drift.add_row(
            "[bold]only this system[/]",
            *(str(result.unique_flags.get(n, 0)) for n in result.systems),
        )
        console.print(drift)
    for d in result.disagreements:
        table = Table(
            title=f"segment {d.index}: sentence {_DISPLAY.get(d.metric, d.metric)} spread "
            f"{d.spread:.1f}",
            title_justify="left",
            show_header=False,
            expand=True,
        )
        table.add_column("who", no_wrap=True)
        table.add_column("score", justify="right", no_wrap=True)
        table.add_column("text", ratio=1)
        table.add_row("source", "", escape(d.source))
        if d.reference != d.source:
            table.add_row("reference", "", escape(d.reference))
        kinds_of = dict(d.flags)
        for system, text, value in d.outputs:
            kinds = ", ".join(kinds_of.get(system, ()))
            table.add_row(
                escape(system),
                f"{value:.1f}",
                escape(text) + (f" [red]\\[{escape(kinds)}][/]" if kinds else ""),
            )
        console.print(table)
    if result.flag_differences:
        diffs = Table(title="flags some systems have and others do not", title_justify="left")
        diffs.add_column("segment", justify="right")
        diffs.add_column("kind")
        diffs.add_column("in")
        diffs.add_column("not in")
        diffs.add_column("detail", ratio=1)
        for f in result.flag_differences:
            diffs.add_row(
                str(f.index),
                f.kind,
                escape(", ".join(f.present)),
                escape(", ".join(f.absent)),
                escape(f.details[0][1] if f.details else ""),
            )
        console.print(diffs)


COMMANDS = [compare_cmd]
