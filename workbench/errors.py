"""Errors a user can act on, and the exit codes the CLI maps them to.

Every error raised for bad input or an unavailable model is a ``WorkbenchError``
whose message is one line a user understands; the CLI prints it and exits with
its ``exit_code``, never a traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # flags found by `check --fail-on`, tests failing
    USAGE = 2  # bad arguments (click's own code)
    BAD_INPUT = 3  # unreadable, empty, binary, non-UTF-8 or misaligned files
    MODEL_UNAVAILABLE = 4  # unknown model, not cached and hub unreachable
    STORE = 5  # store missing, locked too long, corrupt
    INTERRUPTED = 130  # Ctrl-C


class WorkbenchError(Exception):
    """Base class: ``str(err)`` is the one-line message shown to the user."""

    exit_code: ExitCode = ExitCode.FAILURE


class InputError(WorkbenchError):
    """A file or argument the user gave cannot be used."""

    exit_code = ExitCode.BAD_INPUT


class ModelUnavailableError(WorkbenchError):
    """A model is unknown, or neither cached nor downloadable right now."""

    exit_code = ExitCode.MODEL_UNAVAILABLE


class StoreError(WorkbenchError):
    """The results store cannot be opened or written."""

    exit_code = ExitCode.STORE
