"""`workbench models`: the model cards the workbench knows."""

from __future__ import annotations

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table


@click.command("models")
def models_cmd() -> None:
    """List model cards (models/*.toml, your config folder, $WORKBENCH_MODELS).

    Add a model by adding a card there, or name a hub id or local folder with
    `workbench roundtrip --model`.
    """
    from workbench.cards import card_dirs, iter_cards

    table = Table(title="Model cards")
    for col in ("name", "backend", "forward", "backward", "pivot", "license"):
        table.add_column(col)
    for card in iter_cards():
        table.add_row(
            card.name,
            card.backend,
            escape(f"{card.forward.model}@{card.forward.revision[:12]}"),
            escape(f"{card.backward.model}@{card.backward.revision[:12]}"),
            card.pivot_lang,
            card.license,
        )
    console = Console()
    console.print(table)
    console.print("searched: " + ", ".join(str(d) for d in card_dirs()), style="dim")


COMMANDS = [models_cmd]
