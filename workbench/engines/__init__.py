"""Engines: where the translating and scoring of a round trip runs.

The round-trip logic (which segments are missing from the cache, storing every
result as it arrives, scoring, drift detection, run records) lives once, in
``workbench.roundtrip`` and ``workbench.batch``; an engine only answers two
questions for it:

- ``translate_chunks``: translate these chunks of segments (each chunk is one
  batch, exactly as the local path would hand it to the model) and hand back
  the outputs as they arrive;
- ``submit``: run this pure function (scoring, detection) somewhere and give
  its result back.

``LocalEngine`` does both in this process, exactly as workbench always has.
``workbench.engines.ray_engine.RayEngine`` runs the chunks through a Ray Data
pipeline of translator actors and the functions as Ray tasks; its results come
back to the driver, which alone writes the store.  Importing this package
never imports Ray.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from workbench.translators.base import Translator

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

#: Builds, in whatever process calls it, the same translator the driver made:
#: a picklable zero-argument callable (``functools.partial(factory, spec, backend)``).
MakeTranslator = Callable[[], Translator]

ENGINES = ("local", "ray")


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The outputs of one chunk, in the chunk's order.

    ``outputs[i]`` is ``None`` where input ``i`` could not be translated, and
    ``errors[i]`` then says why (``errors`` is empty when nothing failed).
    """

    index: int  # position of the chunk in the list given to ``translate_chunks``
    outputs: tuple[str | None, ...]
    errors: tuple[str, ...] = ()

    def error(self, i: int) -> str:
        return self.errors[i] if self.errors else ""


class Pending(Protocol[T_co]):
    """A result that may still be computing elsewhere."""

    def result(self) -> T_co: ...


class Engine(Protocol):
    """Runs the model calls and the analysis of round trips."""

    name: str

    def translate_chunks(
        self,
        translator: Translator,
        make: MakeTranslator | None,
        chunks: Sequence[Sequence[str]],
    ) -> Generator[list[ChunkResult], None, None]:
        """Translate every chunk; yield the results that arrived together.

        Every chunk index appears exactly once in what is yielded, failed or
        not.  ``translator`` is the driver's own (its ``info`` keys the cache);
        ``make`` builds the same translator in another process.  The caller may
        stop iterating at any time (``close()``): nothing is left running.
        """
        ...

    def submit(self, fn: Callable[..., T], /, *args: Any) -> Pending[T]:
        """Run ``fn(*args)`` (a module-level, pure function); get its result later."""
        ...


class _Later:
    """Runs its call when asked for the result: the local engine's ``Pending``."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._fn = fn
        self._args = args

    def result(self) -> Any:
        return self._fn(*self._args)


class LocalEngine:
    """This process, one chunk after the other: the default, needs nothing extra.

    A model error propagates (and stops the batch) exactly as it always did.
    """

    name = "local"

    def translate_chunks(
        self,
        translator: Translator,
        make: MakeTranslator | None,
        chunks: Sequence[Sequence[str]],
    ) -> Generator[list[ChunkResult], None, None]:
        # A generator: a chunk is translated only when the caller asks for it,
        # so a cancel between chunks stops before the next model call.
        for index, chunk in enumerate(chunks):
            yield [ChunkResult(index, tuple(translator.translate(list(chunk))))]

    def submit(self, fn: Callable[..., T], /, *args: Any) -> Pending[T]:
        later: Pending[T] = _Later(fn, args)
        return later


LOCAL = LocalEngine()


def create_engine(
    name: str = "local", *, address: str | None = None, workers: int | None = None
) -> Engine:
    """The engine called ``name``; ``address``/``workers`` only mean something for Ray.

    Raises ``EngineUnavailableError`` (a ``WorkbenchError``) when Ray is asked
    for but not installed; the cluster is joined on first use (or ``start()``).
    """
    from workbench.errors import InputError

    if name == "local":
        if address is not None or workers is not None:
            raise InputError("--address and --workers go with --engine ray")
        return LOCAL
    if name == "ray":
        from workbench.engines.ray_engine import RayEngine, require_ray

        require_ray()
        return RayEngine(address=address, workers=workers)
    raise InputError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")


__all__ = [
    "ENGINES",
    "LOCAL",
    "ChunkResult",
    "Engine",
    "LocalEngine",
    "MakeTranslator",
    "Pending",
    "create_engine",
]
