"""A model that cannot be had fails fast, with one line naming it and the way out.

transformers alone fails with a bare ``TypeError`` (offline) or retries for
minutes (hub unreachable); ``workbench.translators.hub`` must answer first.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.errors import ExitCode, ModelUnavailableError
from workbench.translators import BACKENDS, create_translator
from workbench.translators.base import ModelSpec
from workbench.translators.hub import fingerprint_folder, resolve_model

REPO_ROOT = Path(__file__).resolve().parents[2]
UNCACHED = "workbench-test/no-such-model-en-ar"


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Hugging Face cache with nothing in it, whatever the user's cache holds."""
    cache = tmp_path / "hf-home"
    monkeypatch.setenv("HF_HOME", str(cache))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.delenv("HUGGINGFACE_HUB_CACHE", raising=False)
    return cache


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _assert_one_line(err: ModelUnavailableError) -> str:
    message = str(err)
    assert "\n" not in message
    assert err.exit_code == ExitCode.MODEL_UNAVAILABLE
    return message


def test_uncached_model_offline_fails_fast(empty_cache: Path) -> None:
    start = time.monotonic()
    with pytest.raises(ModelUnavailableError) as caught:
        resolve_model(UNCACHED, "main")
    elapsed = time.monotonic() - start
    message = _assert_one_line(caught.value)
    assert f"'{UNCACHED}' (revision main)" in message
    assert "offline" in message
    assert "HF_HOME" in message and "--model" in message
    assert str(empty_cache) in message
    assert elapsed < 10


def test_transformers_offline_flag_counts_too(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    with pytest.raises(ModelUnavailableError, match="offline mode is set"):
        resolve_model(UNCACHED, "main")


def test_unreachable_hub_fails_fast(empty_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    # A proxy setting would route the probe elsewhere; this test is about the endpoint.
    for name in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    start = time.monotonic()
    with pytest.raises(ModelUnavailableError) as caught:
        create_translator(ModelSpec(model=UNCACHED, revision="v1.0", src_lang="en", tgt_lang="ar"))
    elapsed = time.monotonic() - start
    message = _assert_one_line(caught.value)
    assert f"'{UNCACHED}' (revision v1.0)" in message
    assert "cannot be reached" in message and "127.0.0.1" in message
    assert "offline mode" not in message
    assert elapsed < 10


@pytest.mark.parametrize(
    "model", ["./no/such/folder", "/no/such/model/folder", "~/no-such-model-folder-xyz"]
)
def test_missing_local_folder(model: str) -> None:
    with pytest.raises(ModelUnavailableError, match="does not exist") as caught:
        resolve_model(model, "main")
    assert model in _assert_one_line(caught.value)


def test_not_a_hub_id() -> None:
    with pytest.raises(ModelUnavailableError, match="neither an existing folder nor"):
        resolve_model("what is this?", "main")


def test_unsupported_architecture(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "t5"}))
    with pytest.raises(ModelUnavailableError, match=r"model_type 't5'.*Marian"):
        resolve_model(str(tmp_path), "main")


def test_folder_without_config(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match=r"no config\.json"):
        resolve_model(str(tmp_path), "main")


def test_local_folder_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "marian"}))
    (tmp_path / "vocab.json").write_text("{}")
    resolved = resolve_model(str(tmp_path), "ignored")
    assert resolved.source == "local"
    assert resolved.path == tmp_path.resolve()
    assert resolved.model == str(tmp_path.resolve())
    assert resolved.revision == fingerprint_folder(tmp_path)
    assert resolved.revision.startswith("sha256:") and len(resolved.revision) == 7 + 16
    # Hidden files (a .cache folder, editor state) do not count; content does.
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x").write_text("noise")
    assert fingerprint_folder(tmp_path) == resolved.revision
    (tmp_path / "vocab.json").write_text('{"a": 0}')
    assert fingerprint_folder(tmp_path) != resolved.revision
    (tmp_path / "vocab.json").write_text("{}")
    assert fingerprint_folder(tmp_path) == resolved.revision
    (tmp_path / "vocab.json").rename(tmp_path / "vocab2.json")
    assert fingerprint_folder(tmp_path) != resolved.revision


def test_large_file_fingerprint_samples_content(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "marian"}))
    weights = tmp_path / "model.safetensors"
    data = bytearray(9 * 1024 * 1024)
    weights.write_bytes(bytes(data))
    before = fingerprint_folder(tmp_path)
    data[-10] = 1  # same size, different last block: a retrained model
    weights.write_bytes(bytes(data))
    assert fingerprint_folder(tmp_path) != before


def test_unknown_backend() -> None:
    spec = ModelSpec(model="x", revision="main", src_lang="en", tgt_lang="ar")
    with pytest.raises(ModelUnavailableError) as caught:
        create_translator(spec, backend="marian-nmt")
    message = _assert_one_line(caught.value)
    assert "'marian-nmt'" in message
    assert all(name in message for name in BACKENDS)


def test_import_does_not_load_torch_or_transformers() -> None:
    code = (
        "import sys, json, workbench.translators, workbench.translators.hub;"
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'torch', 'transformers', 'huggingface_hub'})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(result.stdout) == []
