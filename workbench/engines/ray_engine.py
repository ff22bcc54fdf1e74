"""The Ray engine: a batch's model calls and scoring spread over a Ray cluster.

Each leg of a round trip (all the chunks of segments missing from the cache)
flows through a Ray Data pipeline: ``from_items`` (one row per chunk, the very
batches the local engine would send to the model, so outputs are the same) ->
``map_batches`` with a fixed pool of translator actors (one model load per
actor, one GPU per actor where the cluster has GPUs).  The driver reads the
results as they stream in and commits each arrival to the store's cache
(``workbench.roundtrip.translate_cached``): workers never touch SQLite, and a
batch stopped half-way resumes from what was committed.  Scoring and drift
detection then run as two Ray tasks side by side; their results come back to
the driver, which stores them exactly as the local engine's.

Failures: an actor that dies (killed, out of memory) is restarted and its
task retried by Ray (``MAX_RESTARTS``/``MAX_TASK_RETRIES``); a chunk whose
model call raises is retried once in the actor, then its segments one by one,
so a bad segment fails alone, with its reason.  Chunks lost even after the
retries are reported failed, never dropped (Ray Data is told to go on past
them, ``max_errored_blocks``).

``import ray`` happens only inside functions: without the ``ray`` extra the
package and the local engine work as before, and ``require_ray`` says how to
get it.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import warnings
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from workbench.engines import ChunkResult, MakeTranslator, Pending
from workbench.errors import WorkbenchError
from workbench.results import TranslatorInfo
from workbench.translators.base import Translator

T = TypeVar("T")

#: An actor that dies is started again this many times (per actor)...
MAX_RESTARTS = 3
#: ... and the task it was running retried this many times, before its chunks are
#: reported failed.  Bounded: a segment that kills every worker must not loop forever.
MAX_TASK_RETRIES = 3
#: Ray task retries of a scoring or detection task whose worker died.
MAX_ANALYSIS_RETRIES = 3
#: Chunks per Ray Data block: the unit Ray retries and the driver commits at once.
CHUNKS_PER_BLOCK = 2

INSTALL_HINT = "install with pip install 'workbench[ray]'"


class EngineUnavailableError(WorkbenchError):
    """The Ray engine was asked for but Ray is not installed or cannot be reached."""


def require_ray() -> None:
    """Raise ``EngineUnavailableError`` with the install hint unless Ray Data imports."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as err:
        raise EngineUnavailableError(
            f"--engine ray needs Ray, which is not installed ({err.name or err}); {INSTALL_HINT}"
        ) from None


def _chunk_failed(texts: Sequence[str], why: str) -> tuple[list[str | None], list[str]]:
    return [None] * len(texts), [why] * len(texts)


def _describe(err: BaseException) -> str:
    text = str(err).strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(err).__name__}: {first}" if first else type(err).__name__


def translate_chunk(translator: Translator, texts: list[str]) -> tuple[list[str | None], list[str]]:
    """One chunk, as the local engine would translate it; a failure is isolated.

    The whole chunk is tried twice (a passing fault), then each segment alone,
    so one bad segment fails with its reason and the others still come back.
    Returns the outputs (``None`` where failed) and the reasons (``""`` where not).
    """
    for _attempt in range(2):
        try:
            outputs = translator.translate(texts)
        except Exception:  # any model error: retried, then isolated below
            continue
        if len(outputs) == len(texts):
            return list(outputs), [""] * len(texts)
    results: list[str | None] = []
    reasons: list[str] = []
    for text in texts:
        try:
            (output,) = translator.translate([text])
        except Exception as err:
            results.append(None)
            reasons.append(_describe(err))
        else:
            results.append(output)
            reasons.append("")
    return results, reasons


class TranslatorActor:
    """A Ray Data actor: builds its translator once and translates chunk rows.

    ``expected`` is the driver's ``TranslatorInfo``: an actor whose model is a
    different revision (a node with another copy in its cache) fails every
    segment with the reason instead of caching outputs under the wrong key.
    """

    def __init__(self, make: MakeTranslator, expected: TranslatorInfo) -> None:
        self._translator: Translator | None = None
        self._problem = ""
        host = socket.gethostname()
        try:
            translator = make()
            info = translator.info
        except Exception as err:
            self._problem = f"worker on {host} cannot load the model: {_describe(err)}"
            return
        if info != expected:
            self._problem = (
                f"worker on {host} has {info.model}@{info.revision[:12]}, the driver has "
                f"{expected.model}@{expected.revision[:12]}"
            )
            return
        self._translator = translator

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        chunks: list[int] = [int(c) for c in batch["chunk"]]
        outputs: list[list[str | None]] = []
        errors: list[list[str]] = []
        for texts_column in batch["texts"]:
            texts = [str(t) for t in texts_column]
            if self._translator is None:
                out, why = _chunk_failed(texts, self._problem)
            else:
                out, why = translate_chunk(self._translator, texts)
            outputs.append(out)
            errors.append(why)
        return {"chunk": chunks, "outputs": outputs, "errors": errors}


class _RayPending:
    def __init__(self, ref: Any) -> None:
        self._ref = ref

    def result(self) -> Any:
        import ray

        return ray.get(self._ref)


def _call(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


class RayEngine:
    """Translator actors on a Ray cluster (a local one unless ``address`` is given).

    ``workers`` is the size of each leg's actor pool; by default one actor per
    GPU of the cluster, or per CPU where it has none.  The cluster is joined
    on first use (``start``); ``close`` leaves it, shutting down a local
    instance this engine started.
    """

    name = "ray"

    def __init__(
        self,
        *,
        address: str | None = None,
        workers: int | None = None,
        num_cpus: int | None = None,
    ) -> None:
        if workers is not None and workers < 1:
            from workbench.errors import InputError

            raise InputError(f"--workers must be at least 1, not {workers}")
        self.address = address
        self.workers = workers
        self._num_cpus = num_cpus  # for a local instance; default: the machine's
        self._started_here = False
        self._ready = False

    # -- cluster ---------------------------------------------------------------------

    def start(self) -> None:
        """Join the cluster at ``address``, or start a quiet local instance."""
        if self._ready:
            return
        require_ray()
        import ray

        _quiet_ray()
        if not ray.is_initialized():
            if self.address is not None:
                _check_reachable(self.address)
                _use_auth_token()
            options: dict[str, Any] = {
                "include_dashboard": False,
                "log_to_driver": False,
                "logging_level": logging.ERROR,
                "configure_logging": True,
            }
            if self.address is None:
                options["num_cpus"] = self._num_cpus
                # Workers of a local instance import workbench from where this does.
                _extend_pythonpath(Path(__file__).resolve().parents[2])
            else:
                # Ship this workbench to the cluster's workers; they need only its
                # dependencies (and the models) installed.
                options["runtime_env"] = {"py_modules": [str(Path(__file__).resolve().parents[1])]}
            try:
                with _stderr_to_devnull():
                    ray.init(address=self.address, **options)
            except (ConnectionError, RuntimeError, TimeoutError) as err:
                where = self.address or "a local instance"
                raise EngineUnavailableError(
                    f"cannot start or reach the Ray cluster at {where}: {_describe(err)}"
                ) from None
            self._started_here = True
        _quiet_ray_data()
        self._ready = True

    def close(self) -> None:
        if self._started_here:
            import ray

            ray.shutdown()
        self._started_here = False
        self._ready = False

    def __enter__(self) -> RayEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def resources(self) -> dict[str, float]:
        import ray

        self.start()
        resources: dict[str, Any] = ray.cluster_resources()  # type: ignore[no-untyped-call]
        return {k: float(v) for k, v in resources.items()}

    def pool_size(self, wants_gpu: bool) -> tuple[int, float, float]:
        """(actors, CPUs per actor, GPUs per actor) for one leg."""
        res = self.resources()
        cpus = max(1.0, res.get("CPU", 1.0))
        gpus = res.get("GPU", 0.0) if wants_gpu else 0.0
        if gpus >= 1:
            size = self.workers or int(gpus)
            return size, 1.0, 1.0 if size <= gpus else gpus / size
        size = self.workers or int(cpus)
        # More actors than CPUs share them (Ray sets each actor's OMP_NUM_THREADS).
        return size, min(1.0, cpus / size), 0.0

    # -- Engine -------------------------------------------------------------------------

    def translate_chunks(
        self,
        translator: Translator,
        make: MakeTranslator | None,
        chunks: Sequence[Sequence[str]],
    ) -> Generator[list[ChunkResult], None, None]:
        if not chunks:
            return
        if make is None:
            raise ValueError("the Ray engine needs a way to build the translator on its workers")
        self.start()
        import ray.data

        expected = translator.info
        device = str(getattr(getattr(translator, "spec", None), "device", "auto"))
        size, cpus, gpus = self.pool_size(wants_gpu=device != "cpu")
        rows = [{"chunk": i, "texts": list(chunk)} for i, chunk in enumerate(chunks)]
        # Enough blocks to keep every actor busy, few enough to keep Ray's per-block
        # overhead small on long legs.
        blocks = max(min(len(rows), 2 * size), -(-len(rows) // CHUNKS_PER_BLOCK))
        dataset: Any = ray.data.from_items(rows, override_num_blocks=blocks)
        with warnings.catch_warnings():
            # max_restarts/max_task_retries have no named parameter in Ray 2.60 yet.
            warnings.simplefilter("ignore")
            dataset = dataset.map_batches(
                TranslatorActor,
                fn_constructor_kwargs={"make": make, "expected": expected},
                batch_size=1,  # one chunk per call: the batch the local engine would run
                compute=ray.data.ActorPoolStrategy(size=size),
                num_cpus=cpus,
                num_gpus=gpus,
                max_restarts=MAX_RESTARTS,
                max_task_retries=MAX_TASK_RETRIES,
            )
        seen: set[int] = set()
        stream: Any = dataset.iter_batches(batch_size=None, batch_format="pyarrow")
        try:
            for table in stream:
                arrived = []
                for row in table.to_pylist():
                    index = int(row["chunk"])
                    if index in seen:  # a retried block may repeat what already came
                        continue
                    seen.add(index)
                    outputs = tuple(row["outputs"])
                    errors = tuple(str(e or "") for e in row["errors"])
                    arrived.append(ChunkResult(index, outputs, errors if any(errors) else ()))
                if arrived:
                    yield arrived
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        lost = [i for i in range(len(chunks)) if i not in seen]
        if lost:
            why = f"lost: its Ray worker died {MAX_TASK_RETRIES + 1} times"
            yield [ChunkResult(i, (None,) * len(chunks[i]), (why,) * len(chunks[i])) for i in lost]

    def submit(self, fn: Callable[..., T], /, *args: Any) -> Pending[T]:
        self.start()
        import ray

        remote = ray.remote(_call).options(max_retries=MAX_ANALYSIS_RETRIES, num_cpus=1)
        pending: Pending[T] = _RayPending(remote.remote(fn, *args))
        return pending


def _extend_pythonpath(root: Path) -> None:
    parts = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(root) not in parts:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(root), *parts])


def _use_auth_token() -> None:
    """Present this machine's Ray token (``~/.ray/auth_token``) to a cluster that wants one.

    Ray 2.60 clusters require token authentication by default; ``auto`` finds
    the token by itself, an explicit address only when ``RAY_AUTH_MODE=token``.
    """
    try:
        from ray._private.authentication.authentication_token_setup import (
            maybe_enable_token_auth_if_token_available,
        )
    except ImportError:  # another Ray: it does its own thing
        return
    maybe_enable_token_auth_if_token_available(warn_if_disabled=False)


def _check_reachable(address: str) -> None:
    """Fail in seconds, with one line, when ``host:port`` does not answer."""
    if address in ("auto", "local"):
        return
    target = address.split("://", 1)[-1]
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        return  # let Ray judge what it accepts
    try:
        with socket.create_connection((host, int(port)), timeout=5):
            pass
    except OSError as err:
        raise EngineUnavailableError(
            f"cannot reach the Ray cluster at {address}: {_describe(err)}"
        ) from None


@contextmanager
def _stderr_to_devnull() -> Iterator[None]:
    """Silence file descriptor 2 (C++ code writes there directly) for a moment.

    Ray's core announces the log level it read from ``RAY_BACKEND_LOG_LEVEL``
    as it starts, whatever that level; a failure to start still raises.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _quiet_ray() -> None:
    """Keep the CLI's output clean: no dedup notices, no core-worker chatter."""
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    # Ray's C++ core prints its errors (and advice such as "constructor arguments
    # in the object store") on the driver's stderr; its log files keep them all.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    logging.getLogger("ray").setLevel(logging.ERROR)


def _quiet_ray_data() -> None:
    import ray.data

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the workbench draws its own bars
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False
    # Ray Data would abort the whole dataset on a block that failed after its
    # retries; the driver reports those chunks as failed instead.
    context.max_errored_blocks = -1
    # Ray Data's advice (deprecated settings, pools larger than a short leg needs)
    # is for pipeline authors, not for someone running a batch.
    warnings.filterwarnings("ignore", module=r"ray(\..*)?$")
    # Ray Data logs to its own file too; only its console output is silenced.
    for handler in logging.getLogger("ray.data").handlers:
        if not hasattr(handler, "baseFilename"):
            handler.setLevel(logging.CRITICAL)


__all__ = [
    "INSTALL_HINT",
    "MAX_RESTARTS",
    "MAX_TASK_RETRIES",
    "EngineUnavailableError",
    "RayEngine",
    "TranslatorActor",
    "require_ray",
    "translate_chunk",
]
