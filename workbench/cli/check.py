"""`workbench check`: flag drift in files, no store and no model needed."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from workbench.cli.render import SEVERITY_STYLE
from workbench.errors import ExitCode


@click.command("check")
@click.argument("source", type=click.Path())
@click.argument("back", required=False, type=click.Path())
@click.option(
    "--pivot", type=click.Path(), help="Pivot translation, line-aligned (helps name checks)."
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option(
    "--kind", "kinds", multiple=True, help="Only these flag kinds (repeatable). Default: all."
)
@click.option(
    "--embeddings/--no-embeddings",
    default=None,
    help="Use the sentence-embedding model for meaning drift (default: when installed).",
)
@click.option("--fail-on-flags", is_flag=True, help="Exit 1 when any flag is raised (for CI).")
def check_cmd(
    source: str,
    back: str | None,
    pivot: str | None,
    fmt: str,
    kinds: tuple[str, ...],
    embeddings: bool | None,
    fail_on_flags: bool,
) -> None:
    """Flag drift between SOURCE and its back-translation BACK.

    SOURCE and BACK are line-aligned plain-text files (one segment per line, as
    for sacrebleu). With SOURCE alone, the text is split into sentences and
    checked on its own: names spelled several ways, garbled terms, encoding.

    \b
    Examples:
      workbench check flores-dev.en flores-dev.google.en --pivot flores-dev.ar
      workbench check texts/haftar-russia.en.txt
      workbench check src.en back.en --format json --kind name-drift
    """
    from workbench.checking import check_files, check_text, report_to_dict

    chosen = list(kinds) or None
    if back is None:
        if pivot:
            raise click.UsageError("--pivot needs a BACK file too")
        report = check_text(source, kinds=chosen, use_embeddings=embeddings)
    else:
        report = check_files(source, back, pivot, kinds=chosen, use_embeddings=embeddings)

    if fmt == "json":
        click.echo(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2))
    else:
        _print_table(report, single=back is None)
    if fail_on_flags and any(s.flags for s in report.segments):
        raise SystemExit(int(ExitCode.FAILURE))


def _print_table(report: object, *, single: bool) -> None:
    from workbench.checking import CheckReport

    assert isinstance(report, CheckReport)
    console = Console()
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("source", ratio=1)
    if not single:
        table.add_column("back", ratio=1)
    table.add_column("detail", ratio=3)
    for seg in report.segments:
        for f in seg.flags:
            cells = [
                str(seg.index),
                f"[{SEVERITY_STYLE.get(f.severity.value, '')}]{f.kind}[/]",
                escape(f.source.text if f.source else "–"),
            ]
            if not single:
                cells.append(escape(f.target.text if f.target else "–"))
            detail = f.detail + (f" (suggest: {f.suggestion})" if f.suggestion else "")
            cells.append(escape(detail))
            table.add_row(*cells)
    counts = report.flags_by_kind()
    if table.row_count:
        console.print(table)
    summary = ", ".join(f"{k} {v}" for k, v in counts.items()) or "no flags"
    console.print(f"{len(report.segments)} segments: {summary}")


COMMANDS = [check_cmd]
