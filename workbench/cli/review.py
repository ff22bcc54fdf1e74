"""`workbench review`: open the review TUI on a stored run or on a text."""

from __future__ import annotations

import click

from workbench.cli import open_store
from workbench.cli.options import model_options


@click.command("review")
@click.argument("target", metavar="TEXT|RUN")
@model_options(
    "With TEXT: repeat to review several models side by side.",
    "Where a model runs, if TEXT still has to be translated.",
)
@click.option(
    "--theme",
    type=click.Choice(["dark", "light"]),
    default=None,
    help="Colour theme (ctrl+t switches while running). Default: Textual's dark theme.",
)
@click.pass_context
def review_cmd(
    ctx: click.Context,
    target: str,
    models: tuple[str, ...],
    pivot: str,
    device: str,
    theme: str | None,
) -> None:
    """Review round-trip results in the terminal: segments, flags, names, scores.

    RUN (a number, see `workbench runs`) opens that run and the other runs of
    the same text, to switch between models or put two side by side. TEXT (a
    file) opens its stored runs for the --model models, translating first (with
    progress; Esc cancels, and running it again resumes) what is not stored yet.

    Review decisions (confirmed, false alarm, notes) are saved at once and
    exported by `workbench export`. Press ? in the app for every key.

    \b
    Examples:
      workbench review 3
      workbench review texts/haftar-russia.en.txt
      workbench review texts/haftar-russia.en.txt -m opus-mt -m nllb-600m
    """
    from workbench.cards import resolve_model_arg
    from workbench.tui.app import DARK, LIGHT, create_app, related_runs

    theme_name = {"dark": DARK, "light": LIGHT}.get(theme or "")
    with open_store(ctx) as store:
        if target.isdigit():
            app = create_app(store, run_ids=related_runs(store, int(target)), theme=theme_name)
        else:
            from workbench.texts import read_text

            read_text(target)  # a missing or unreadable file is one clear line, before the UI
            cards = [resolve_model_arg(m, pivot_lang=pivot).with_device(device) for m in models]
            app = create_app(store, text=target, cards=cards, theme=theme_name)
        app.run()


COMMANDS = [review_cmd]
