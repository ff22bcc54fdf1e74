"""Decide where a translation model comes from, before anything slow runs.

A model is a local folder or a Hugging Face hub id.  A hub id is served from
the local Hugging Face cache when its snapshot is there (no network at all);
otherwise it is downloaded, but only after a quick check that downloading can
work: in offline mode, or when the hub cannot be reached within a few
seconds, the user gets one line saying what is missing and how to get it.
That check must come first because transformers itself either fails with an
unrelated error (a bare ``TypeError`` from ``MarianTokenizer`` in offline
mode) or retries for minutes when the hub is unreachable.

Only the standard library is imported at module level; huggingface_hub loads
when a hub id actually has to be looked up.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from workbench.errors import ModelUnavailableError

Source = Literal["local", "cache", "download"]

#: config.json ``model_type`` values the transformers backend knows how to drive
#: (NLLB models are ``m2m_100`` models with an NLLB tokenizer).
SUPPORTED_MODEL_TYPES = ("marian", "m2m_100")

DEFAULT_ENDPOINT = "https://huggingface.co"
#: Seconds to wait for a TCP connection to the hub (or proxy) before giving up.
PROBE_TIMEOUT_S = 5.0

_TRUE_VALUES = {"1", "ON", "YES", "TRUE"}
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")

# What a translation model needs from a hub repo; other weight formats (TF,
# Flax, Rust, ONNX) would multiply the download for nothing.
_TOKENIZER_PATTERNS = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "*.spm",
    "*.model",
    "vocab*",
    "target_vocab*",
    "merges.txt",
)
_SAFETENSORS_PATTERNS = ("*.safetensors", "*.safetensors.index.json")
_TORCH_PATTERNS = ("pytorch_model*.bin", "pytorch_model.bin.index.json")
_WEIGHT_SUFFIXES = (".safetensors", ".bin")

# Files up to this size are hashed whole for a local folder's fingerprint;
# larger ones (weights) by size and three sampled blocks, so fingerprinting a
# multi-gigabyte model stays instant yet still notices retrained weights.
_SMALL_FILE_BYTES = 4 * 1024 * 1024
_SAMPLE_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    """Where to load a model from, and which exact version it is.

    ``path`` is the folder to hand to ``from_pretrained``; ``model`` the hub id
    or the absolute local folder; ``revision`` the commit sha of the cached
    snapshot, or ``sha256:<hex>`` content fingerprint for a local folder.
    """

    path: Path
    model: str
    revision: str
    source: Source
    model_type: str


def resolve_model(model: str, revision: str = "main", *, progress: bool = True) -> ResolvedModel:
    """Find ``model`` locally, in the Hugging Face cache, or download it.

    Raises ``ModelUnavailableError`` (one line) when the folder is missing, the
    model is neither cached nor downloadable right now, or its architecture is
    not one the transformers backend supports.  Never runs remote code.
    """
    local = _local_folder(model)
    if local is not None:
        model_type = check_model_type(local, str(local))
        return ResolvedModel(
            path=local,
            model=str(local),
            revision=fingerprint_folder(local),
            source="local",
            model_type=model_type,
        )
    if not _HUB_ID.match(model):
        raise ModelUnavailableError(
            f"model {model!r} is neither an existing folder nor a Hugging Face hub id "
            "(like 'Helsinki-NLP/opus-mt-en-ar')"
        )
    revision = revision or "main"
    cached = _cached_snapshot(model, revision)
    if cached is not None:
        return ResolvedModel(
            path=cached,
            model=model,
            revision=cached.name,
            source="cache",
            model_type=check_model_type(cached, model),
        )
    where = f"model {model!r} (revision {revision}) is not in the local Hugging Face cache"
    how = "set HF_HOME to a cache that has it, or pass --model with a local folder"
    if offline_mode():
        raise ModelUnavailableError(
            f"{where} ({hub_cache_dir()}) and offline mode is set (HF_HUB_OFFLINE): "
            f"unset HF_HUB_OFFLINE and TRANSFORMERS_OFFLINE, connect to the internet and run "
            f"the command again to download it, {how}"
        )
    endpoint = hub_endpoint()
    problem = probe_endpoint(endpoint)
    if problem is not None:
        raise ModelUnavailableError(
            f"{where} ({hub_cache_dir()}) and the hub ({endpoint}) cannot be reached "
            f"({problem}): connect to the internet once and run the command again to "
            f"download it, {how}"
        )
    snapshot = _download(model, revision, endpoint, progress=progress)
    return ResolvedModel(
        path=snapshot,
        model=model,
        revision=snapshot.name,
        source="download",
        model_type=check_model_type(snapshot, model),
    )


# --- environment, read at call time so tests and callers can change it ---------


def offline_mode() -> bool:
    """True when ``HF_HUB_OFFLINE`` or ``TRANSFORMERS_OFFLINE`` is set to a true value."""
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(name, "").strip().upper() in _TRUE_VALUES:
            return True
    return False


def hub_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def hub_cache_dir() -> Path:
    """The hub cache folder, following huggingface_hub's own precedence."""
    explicit = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return Path(os.path.expandvars(explicit)).expanduser()
    home = os.environ.get("HF_HOME")
    if home:
        return Path(os.path.expandvars(home)).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.path.expandvars(xdg)).expanduser() / "huggingface" / "hub"


# --- local folders ----------------------------------------------------------------


def _local_folder(model: str) -> Path | None:
    """The folder ``model`` names, or None when it should be read as a hub id."""
    expanded = Path(os.path.expandvars(model)).expanduser()
    if expanded.exists():
        if not expanded.is_dir():
            raise ModelUnavailableError(f"model path {model!r} is a file, not a model folder")
        return expanded.resolve()
    path_like = (
        model.startswith(("./", "../", "/", "~", ".\\", "..\\"))
        or os.path.isabs(model)
        or model.count("/") > 1
        or "\\" in model
    )
    if path_like:
        raise ModelUnavailableError(f"model folder {model!r} does not exist")
    return None


def fingerprint_folder(folder: Path) -> str:
    """A content fingerprint of a model folder: ``sha256:`` and 16 hex digits.

    Covers every non-hidden file's relative name and size, the full bytes of
    small files (config, tokenizer, vocabularies) and sampled blocks of large
    ones, so editing or retraining the model changes it while re-hashing a
    gigabyte of weights is avoided.
    """
    digest = hashlib.sha256()
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    for path in files:
        size = path.stat().st_size
        digest.update(f"{path.relative_to(folder).as_posix()}\0{size}\0".encode())
        with path.open("rb") as handle:
            if size <= _SMALL_FILE_BYTES:
                digest.update(handle.read())
                continue
            for offset in (0, size // 2, max(0, size - _SAMPLE_BYTES)):
                handle.seek(offset)
                digest.update(handle.read(_SAMPLE_BYTES))
    return "sha256:" + digest.hexdigest()[:16]


def check_model_type(folder: Path, model: str) -> str:
    """Return config.json's ``model_type``; raise unless it is supported."""
    config_path = folder / "config.json"
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelUnavailableError(
            f"model {model!r} has no config.json in {folder}: not a transformers model folder"
        ) from None
    except (OSError, ValueError) as err:
        raise ModelUnavailableError(
            f"cannot read {config_path} of model {model!r}: {err}"
        ) from None
    model_type = config.get("model_type") if isinstance(config, dict) else None
    if model_type not in SUPPORTED_MODEL_TYPES:
        raise ModelUnavailableError(
            f"model {model!r} has model_type {model_type!r}; the transformers backend supports "
            f"Marian (opus-mt), NLLB and M2M100 models ({', '.join(SUPPORTED_MODEL_TYPES)})"
        )
    return str(model_type)


# --- the hub ----------------------------------------------------------------------


def _has_weights(folder: Path) -> bool:
    return (folder / "config.json").is_file() and any(
        p.name.endswith(_WEIGHT_SUFFIXES) for p in folder.iterdir()
    )


def _cached_snapshot(model: str, revision: str) -> Path | None:
    """The complete cached snapshot of ``model`` at ``revision``, without network."""
    cache = hub_cache_dir()
    repo_folder = cache / ("models--" + model.replace("/", "--"))
    if not repo_folder.is_dir():
        # Skips importing huggingface_hub for the common "never downloaded" case.
        return None
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        folder = snapshot_download(model, revision=revision, cache_dir=cache, local_files_only=True)
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None
    path = Path(folder)
    # A snapshot holding only config.json (left by some other tool) cannot be loaded.
    return path if _has_weights(path) else None


def probe_endpoint(endpoint: str, timeout: float = PROBE_TIMEOUT_S) -> str | None:
    """Try one TCP connection to the hub (or its proxy); None if it worked, else why not.

    Runs in a daemon thread so a slow DNS lookup, which ignores socket
    timeouts, cannot hold the caller past ``timeout``.
    """
    parsed = urllib.parse.urlsplit(endpoint)
    host = parsed.hostname
    if not host:
        return f"HF_ENDPOINT {endpoint!r} is not a URL"
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    proxy = urllib.request.getproxies().get(parsed.scheme)
    if proxy and not urllib.request.proxy_bypass(host):
        proxied = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        if proxied.hostname:
            host, port = proxied.hostname, proxied.port or 80
    outcome: list[str | None] = []

    def connect() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                outcome.append(None)
        except OSError as err:
            outcome.append(f"{host}:{port}: {err.strerror or err}")

    worker = threading.Thread(target=connect, name="workbench-hub-probe", daemon=True)
    worker.start()
    worker.join(timeout + 0.5)
    if not outcome:
        return f"{host}:{port}: no answer within {timeout:g} s"
    return outcome[0]


def _download(model: str, revision: str, endpoint: str, *, progress: bool) -> Path:
    """Download what a translation model needs, with huggingface_hub's progress bars."""
    from huggingface_hub import HfApi, snapshot_download
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        LocalEntryNotFoundError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )
    from huggingface_hub.utils.tqdm import (
        are_progress_bars_disabled,
        disable_progress_bars,
        enable_progress_bars,
    )

    label = f"model {model!r} (revision {revision})"
    was_disabled = are_progress_bars_disabled()
    if not progress:
        disable_progress_bars()
    try:
        files = HfApi(endpoint=endpoint).list_repo_files(model, revision=revision)
        weights = (
            _SAFETENSORS_PATTERNS
            if any(name.endswith(".safetensors") for name in files)
            else _TORCH_PATTERNS
        )
        folder = snapshot_download(
            model,
            revision=revision,
            cache_dir=hub_cache_dir(),
            endpoint=endpoint,
            allow_patterns=[*_TOKENIZER_PATTERNS, *weights],
        )
    except GatedRepoError:
        raise ModelUnavailableError(
            f"{label} is gated on the hub: accept its licence on the model page and log in "
            "with `hf auth login`, or pass --model with a local folder"
        ) from None
    except RepositoryNotFoundError:
        raise ModelUnavailableError(
            f"{label} was not found on the hub {endpoint}: check the name (a private model "
            "needs `hf auth login`)"
        ) from None
    except RevisionNotFoundError:
        raise ModelUnavailableError(
            f"{label}: the hub has no such revision; use a branch, tag or commit of the model"
        ) from None
    except (HfHubHTTPError, LocalEntryNotFoundError, OSError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ModelUnavailableError(
            f"downloading {label} from {endpoint} failed: {first}"
        ) from None
    finally:
        if not progress and not was_disabled:
            enable_progress_bars()
    path = Path(folder)
    if not _has_weights(path):
        raise ModelUnavailableError(
            f"{label} on the hub has no safetensors or PyTorch weights the backend can load"
        )
    return path
