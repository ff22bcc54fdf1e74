"""`workbench runs`, `show` and `export`: read what the store holds."""

from __future__ import annotations

import click
from rich.console import Console

from workbench.cli import open_store
from workbench.cli.render import print_run, runs_table
from workbench.errors import InputError


@click.command("runs")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable list.")
@click.pass_context
def runs_cmd(ctx: click.Context, as_json: bool) -> None:
    """List stored runs with their scores and flag counts."""
    import json
    from dataclasses import asdict

    with open_store(ctx) as store:
        runs = store.list_runs()
    if as_json:
        click.echo(json.dumps([asdict(r) for r in runs], indent=2, ensure_ascii=False))
    elif not runs:
        click.echo("No runs stored yet: try `workbench roundtrip texts/haftar-russia.en.txt`.")
    else:
        Console().print(runs_table(runs))


@click.command("show")
@click.argument("run", type=int)
@click.option("--flagged", is_flag=True, help="Only segments with flags.")
@click.pass_context
def show_cmd(ctx: click.Context, run: int, flagged: bool) -> None:
    """Show RUN's aligned segments: source, pivot, back-translation, scores, flags."""
    with open_store(ctx) as store:
        view = store.load_run(run)
    print_run(Console(), view, flagged_only=flagged)


@click.command("export")
@click.argument("run", type=int)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["json", "csv", "tsv", "md"]),
    default="json",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write to this file instead of standard output.",
)
@click.pass_context
def export_cmd(ctx: click.Context, run: int, fmt: str, output: str | None) -> None:
    """Export RUN (segments, scores, signatures, flags, review decisions)."""
    from pathlib import Path

    from workbench.export import export_run

    with open_store(ctx) as store:
        text = export_run(store.load_run(run), fmt)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as err:
            raise InputError(f"{output}: cannot write: {err.strerror}") from err
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


COMMANDS = [runs_cmd, show_cmd, export_cmd]
