"""The `workbench` command: a thin layer over the core.

Each command group lives in its own module, parses its arguments, calls the
core and formats the result.  Every ``WorkbenchError`` becomes one line on
stderr and the exit code the error carries (``workbench.errors.ExitCode``);
only a bug shows a traceback.
"""

from __future__ import annotations

from typing import Any

import click

from workbench import __version__
from workbench.errors import ExitCode, WorkbenchError


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkbenchError as err:
            click.echo(f"workbench: error: {err}", err=True)
            ctx.exit(int(err.exit_code))
        except KeyboardInterrupt:
            click.echo(
                "workbench: interrupted; everything finished so far is stored, "
                "run the same command again to resume",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERRUPTED))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workbench")
@click.option(
    "--store",
    "store_path",
    type=click.Path(dir_okay=False),
    envvar="WORKBENCH_STORE",
    help="Results store (SQLite file). Default: workbench.sqlite3 in your data folder.",
)
@click.pass_context
def cli(ctx: click.Context, store_path: str | None) -> None:
    """Round-trip translation review: send a text into Arabic and back with
    neural MT models, align, score with sacrebleu, flag drift.

    \b
    Typical session:
      workbench roundtrip texts/haftar-russia.en.txt      # default model: opus-mt
      workbench runs                                       # what is stored
      workbench show 1                                     # aligned segments, scores
      workbench export 1 --format md -o run1.md
      workbench import --system google --source src.en --pivot google.ar --back google.en
    """
    ctx.obj = {"store_path": store_path}


def open_store(ctx: click.Context) -> Any:
    """The store named by --store / $WORKBENCH_STORE, or the default one."""
    from workbench.store import Store, default_store_path

    path = ctx.obj.get("store_path") or default_store_path()
    return Store(path)


def _register() -> None:
    from workbench.cli import batch, check, compare, importing, models, review, roundtrip, runs

    for module in (roundtrip, review, batch, compare, importing, runs, models, check):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="workbench")
