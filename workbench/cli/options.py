"""Options that several commands share, defined once so their meaning cannot drift."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

MODEL_HELP = (
    "Model card name (see `workbench models`), card file, hub id, local folder, "
    "or FORWARD,BACKWARD."
)


def model_options(model_help: str, device_help: str) -> Callable[[F], F]:
    """``--model`` (repeatable, default opus-mt), ``--pivot`` and ``--device``."""

    def decorate(func: F) -> F:
        func = click.option(
            "--device",
            default="auto",
            show_default=True,
            type=click.Choice(["auto", "cpu", "cuda"]),
            help=device_help,
        )(func)
        func = click.option(
            "--pivot",
            default="ar",
            show_default=True,
            help="Pivot language for models named by hub id or folder (cards set their own).",
        )(func)
        return click.option(
            "--model",
            "-m",
            "models",
            multiple=True,
            default=("opus-mt",),
            show_default=True,
            help=f"{MODEL_HELP} {model_help}",
        )(func)

    return decorate
