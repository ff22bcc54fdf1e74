"""`workbench import`: translations made elsewhere enter the store as a run."""

from __future__ import annotations

import click

from workbench.cli import open_store


@click.command("import")
@click.option(
    "--system",
    "-s",
    required=True,
    help="Name of the system that made the translations (google, deepl, human...).",
)
@click.option(
    "--source", required=True, type=click.Path(), help="Source text, one segment per line."
)
@click.option(
    "--back",
    required=True,
    type=click.Path(),
    help="Back-translation into the source language, line-aligned with --source.",
)
@click.option("--pivot", type=click.Path(), help="Pivot (e.g. Arabic) translation, line-aligned.")
@click.option("--source-lang", default="en", show_default=True)
@click.option("--pivot-lang", default="ar", show_default=True)
@click.option("--no-detect", is_flag=True, help="Skip drift detection (scores only).")
@click.pass_context
def import_cmd(
    ctx: click.Context,
    system: str,
    source: str,
    back: str,
    pivot: str | None,
    source_lang: str,
    pivot_lang: str,
    no_detect: bool,
) -> None:
    """Import line-aligned files produced elsewhere as a run of SYSTEM.

    The run is scored and checked like a local model's, so Google, DeepL or a
    human translator enter the same comparison.

    \b
    Example (FLORES, English -> human Arabic -> Google back into English):
      workbench import --system google --source flores-dev.en \\
          --pivot flores-dev.ar --back flores-dev.google.en
    """
    from workbench.importer import import_run

    with open_store(ctx) as store:
        run_id = import_run(
            store,
            system,
            source,
            back,
            pivot,
            source_lang=source_lang,
            pivot_lang=pivot_lang,
            detect=not no_detect,
        )
        summary = store.run_summary(run_id)
    scores = ", ".join(f"{k} {v:.1f}" for k, v in summary.scores.items())
    click.echo(
        f"run {run_id}: {system}, {summary.segments} segments; {scores}; {summary.flags} flags"
    )


COMMANDS = [import_cmd]
