"""`workbench roundtrip`: translate texts into the pivot language and back."""

from __future__ import annotations

import click
from rich.console import Console

from workbench.cli import open_store
from workbench.cli.options import model_options
from workbench.cli.progress import RichProgress
from workbench.cli.render import print_run


@click.command("roundtrip")
@click.argument("texts", nargs=-1, required=True, type=click.Path())
@model_options("Repeat to run several models.", "Where the model runs.")
@click.option(
    "--backend",
    default=None,
    help="Override the card's backend: transformers, or ctranslate2 (faster; workbench[fast]).",
)
@click.option("--no-detect", is_flag=True, help="Skip drift detection (scores only).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the run summary, not the segments.")
@click.pass_context
def roundtrip_cmd(
    ctx: click.Context,
    texts: tuple[str, ...],
    models: tuple[str, ...],
    pivot: str,
    device: str,
    backend: str | None,
    no_detect: bool,
    quiet: bool,
) -> None:
    """Translate TEXTS into the pivot language and back, score and store them.

    Each text is split into sentences, translated with each model, aligned,
    scored (chrF, BLEU, TER of the back-translation against the source) and
    checked for drift. Finished segments are saved as they come: an interrupted
    run resumes where it stopped, and a repeated run uses the cache and calls
    no model.

    \b
    Examples:
      workbench roundtrip texts/haftar-russia.en.txt
      workbench roundtrip article.txt -m opus-mt -m nllb-600m
      workbench roundtrip article.txt -m opus-mt --backend ctranslate2
      workbench roundtrip article.txt -m facebook/m2m100_418M
      workbench roundtrip article.txt -m ./en-ar-model,./ar-en-model
    """
    from workbench.cards import resolve_model_arg
    from workbench.roundtrip import round_trip

    cards = [
        resolve_model_arg(m, pivot_lang=pivot, backend=backend).with_device(device) for m in models
    ]
    out = Console()
    err = Console(stderr=True)
    with open_store(ctx) as store:
        for text in texts:
            for card in cards:
                with RichProgress(enabled=err.is_terminal) as progress:
                    result = round_trip(store, text, card, progress=progress, detect=not no_detect)
                f, b = result.forward, result.backward
                verb = "resumed" if result.resumed else "stored"
                err.print(
                    f"run {result.run_id} {verb}: {text} with {card.name} — "
                    f"{f.segments} segments, model calls {f.translated} forward / "
                    f"{b.translated} backward, {f.cached + b.cached} from cache; "
                    + ", ".join(f"{s.metric} {s.value:.1f}" for s in result.scores.values())
                    + f"; {result.flags} flags"
                )
                if not quiet:
                    print_run(out, store.load_run(result.run_id))


COMMANDS = [roundtrip_cmd]
