"""Translate with CTranslate2: the same Hugging Face models, several times faster.

A Marian (opus-mt), NLLB or M2M100 model is converted to CTranslate2's format
on first use and the conversion is kept in a cache beside the Hugging Face
cache (``<HF cache>/../workbench-ct2/``), one folder per model, revision and
quantization.  It then runs with int8 weights on a CPU and float16 on a GPU.

Everything but the engine is shared with the transformers backend
(``Seq2SeqTranslator``): the model's own tokenizer produces the source tokens
(language code included for NLLB/M2M100) and turns the output tokens back into
text, over-long inputs are split into windows, and windows are batched by
length within a token budget.  NLLB and M2M100 get their target language as
``target_prefix``, the CTranslate2 counterpart of ``forced_bos_token_id``.

Conversion writes into a temporary folder and renames it into place, so a
killed conversion never leaves a half model that would load, and two processes
converting at once both end up using one complete folder.

The package is the optional extra ``workbench[fast]`` (``ctranslate2``); it,
torch and transformers are imported only when a translator is created or used.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from workbench.errors import ModelUnavailableError
from workbench.translators.base import ModelSpec
from workbench.translators.hub import ResolvedModel, hub_cache_dir
from workbench.translators.transformers_backend import (
    Seq2SeqTranslator,
    _first_line,
    machine_threads,
)

log = logging.getLogger(__name__)

#: Weight types CTranslate2 can convert to and compute with.
QUANTIZATIONS = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)

#: Set to a folder to keep conversions somewhere else than beside the HF cache.
CACHE_ENV = "WORKBENCH_CT2_CACHE"

# A ".partial" folder older than this was left by a conversion that was killed;
# a live conversion of even the largest NLLB model takes minutes, not hours.
_STALE_PARTIAL_S = 6 * 3600
_SAFE = re.compile(r"[^\w.-]+")


class CTranslate2Translator(Seq2SeqTranslator):
    """A seq2seq translation model converted to and run by CTranslate2."""

    backend = "ctranslate2"

    def __init__(
        self,
        spec: ModelSpec,
        *,
        progress_download: bool = True,
        max_batch_tokens: int | None = None,
        quantization: str | None = None,
        cache_dir: str | Path | None = None,
    ) -> None:
        """``quantization`` defaults to int8 on a CPU and float16 on a GPU;
        ``cache_dir`` to ``$WORKBENCH_CT2_CACHE`` or ``workbench-ct2`` beside the
        Hugging Face hub cache."""
        ctranslate2 = _import_ctranslate2()
        super().__init__(
            spec, progress_download=progress_download, max_batch_tokens=max_batch_tokens
        )
        self.device, self.device_index = _pick_device(spec.device, ctranslate2)
        chosen = quantization or ("float16" if self.device == "cuda" else "int8")
        if chosen not in QUANTIZATIONS:
            raise ModelUnavailableError(
                f"unknown CTranslate2 quantization {chosen!r}; known: {', '.join(QUANTIZATIONS)}"
            )
        supported = set(ctranslate2.get_supported_compute_types(self.device, self.device_index))
        if chosen not in supported:
            raise ModelUnavailableError(
                f"CTranslate2 cannot compute in {chosen} on this {self.device} "
                f"(it can in: {', '.join(sorted(supported))})"
            )
        self.quantization = chosen
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self._translator: Any = None
        self._target_ids: dict[str, int] = {}
        self._target_token: str | None = None
        self._decode_length = 0
        self._options: dict[str, Any] = {}

    @property
    def model_dir(self) -> Path:
        """Where the converted model of this translator is (or will be) cached."""
        return self.cache_dir / conversion_name(self.resolved, self.quantization)

    @property
    def engine(self) -> Any:
        """The loaded ``ctranslate2.Translator`` (converts and loads if needed)."""
        self.load()
        return self._translator

    def close(self) -> None:
        if self._translator is None:
            return
        # CTranslate2 frees the weights (host or GPU memory) with the object.
        self._translator = None
        self._tokenizer = None
        gc.collect()

    # --- Seq2SeqTranslator --------------------------------------------------------

    def _engine_settings(self) -> dict[str, str]:
        # Quantized kernels differ between devices and weight types, and so do
        # their outputs: each combination is its own cache key.
        return {
            "quantization": self.quantization,
            "compute_type": self.quantization,
            "device": self.device,
        }

    def _engine_loaded(self) -> bool:
        return self._translator is not None

    def _load_engine(self) -> None:
        import ctranslate2

        folder = ensure_converted(self.resolved, self.quantization, self.cache_dir)
        try:
            translator = ctranslate2.Translator(
                str(folder),
                device=self.device,
                device_index=self.device_index,
                compute_type=self.quantization,
                # One batch at a time, every CPU on it: the pipeline sends
                # batches one after the other, never concurrently.
                inter_threads=1,
                intra_threads=machine_threads() if self.device == "cpu" else 0,
            )
        except (RuntimeError, ValueError, OSError) as err:
            raise ModelUnavailableError(
                f"cannot load the CTranslate2 conversion of model {self.resolved.model!r} "
                f"from {folder}: {_first_line(err)} (delete that folder to convert again)"
            ) from None
        self._target_ids = _target_vocabulary(folder)
        if self._forced_bos is not None:
            self._target_token = str(self._tokenizer.convert_ids_to_tokens(self._forced_bos))
        generation = _generation_config(self.resolved.path)
        # transformers forces EOS as the last of max_new_tokens when the model
        # asks for it (opus-mt does); stopping one token earlier gives the same
        # text, since the EOS is not part of it.  max_decoding_length counts a
        # target prefix, as max_new_tokens counts the forced language token.
        forced_eos = generation.get("forced_eos_token_id") is not None
        self._decode_length = max(1, self._max_new - (1 if forced_eos else 0))
        self._options = {"beam_size": max(1, self.spec.num_beams)}
        for hf_name, ct2_name, neutral in (
            ("length_penalty", "length_penalty", 1.0),
            ("repetition_penalty", "repetition_penalty", 1.0),
            ("no_repeat_ngram_size", "no_repeat_ngram_size", 0),
        ):
            value = generation.get(hf_name)
            if isinstance(value, int | float) and value != neutral:
                self._options[ct2_name] = value
        self._translator = translator

    def _generate(self, texts: list[str]) -> list[str]:
        tokenizer = self._tokenizer
        encoded: list[list[int]] = tokenizer(
            texts,
            truncation=True,  # the last guard: windows already fit
            max_length=self._max_input,
        )["input_ids"]
        source = [tokenizer.convert_ids_to_tokens(ids) for ids in encoded]
        prefix = [[self._target_token] for _ in source] if self._target_token else None
        results = self._translator.translate_batch(
            source,
            target_prefix=prefix,
            max_input_length=self._max_input,
            max_decoding_length=self._decode_length,
            **self._options,
        )
        # Ids by the converted vocabulary, which follows the model's ids, so the
        # placeholders of unnamed ids decode exactly as transformers decodes them.
        ids = self._target_ids
        unk = tokenizer.unk_token_id
        rows = [[ids.get(token, unk) for token in r.hypotheses[0]] for r in results]
        return self._decode(rows)


# --- the conversion cache -------------------------------------------------------------


def default_cache_dir() -> Path:
    """``$WORKBENCH_CT2_CACHE``, else ``workbench-ct2`` beside the HF hub cache."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(os.path.expandvars(explicit)).expanduser()
    return hub_cache_dir().parent / "workbench-ct2"


def conversion_name(resolved: ResolvedModel, quantization: str) -> str:
    """The cache folder name of one model, revision and quantization.

    A hub model is named by its id and snapshot commit; a local folder by its
    name and content fingerprint, so editing the folder converts it again.
    """
    if resolved.source == "local":
        model = "local--" + resolved.path.name
    else:
        model = resolved.model.replace("/", "--")
    return "--".join(_SAFE.sub("-", part) for part in (model, resolved.revision, quantization))


def ensure_converted(resolved: ResolvedModel, quantization: str, cache_dir: Path) -> Path:
    """The folder of the converted model, converting it first if it is not cached."""
    target = cache_dir / conversion_name(resolved, quantization)
    if _is_complete(target):
        return target
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale_partials(cache_dir)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=cache_dir))
    except OSError as err:
        raise ModelUnavailableError(
            f"cannot write the CTranslate2 cache {cache_dir}: {_first_line(err)} "
            f"(set {CACHE_ENV} to a writable folder)"
        ) from None
    try:
        log.info("converting %s to CTranslate2 (%s) in %s", resolved.model, quantization, target)
        started = time.perf_counter()
        converted = work / "model"
        convert_model(resolved, converted, quantization)
        provenance = {
            "model": resolved.model,
            "revision": resolved.revision,
            "quantization": quantization,
            "ctranslate2": _import_ctranslate2().__version__,
            "seconds": round(time.perf_counter() - started, 1),
        }
        (converted / "workbench.json").write_text(json.dumps(provenance, indent=2) + "\n")
        try:
            converted.rename(target)
        except OSError:
            # Another process finished the same conversion first: use its copy.
            if not _is_complete(target):
                raise
    except OSError as err:
        raise ModelUnavailableError(
            f"cannot store the CTranslate2 conversion of {resolved.model!r} in {target}: "
            f"{_first_line(err)}"
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def convert_model(resolved: ResolvedModel, output_dir: Path, quantization: str) -> None:
    """Convert the transformers model at ``resolved.path`` into ``output_dir``.

    Uses CTranslate2's own Marian and M2M100 loaders on a model this function
    loads itself.  ``TransformersConverter`` cannot be used as it is: with
    transformers 5 the M2M100 tokenizer's ``get_vocab()`` no longer lists the
    100 language tokens, so its vocabulary comes out 100 entries short of the
    model's and validation fails; the vocabulary is built by token id instead.
    """
    from ctranslate2.converters import Converter
    from ctranslate2.converters.transformers import M2M100Loader, MarianMTLoader
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    class ByIdM2M100Loader(M2M100Loader):  # type: ignore[misc]
        def get_vocabulary(self, model: Any, tokenizer: Any) -> list[str]:
            return vocabulary_by_id(tokenizer, int(model.config.vocab_size))

    loaders: dict[str, Any] = {"marian": MarianMTLoader, "m2m_100": ByIdM2M100Loader}
    if resolved.model_type not in loaders:
        raise ModelUnavailableError(
            f"model {resolved.model!r} ({resolved.model_type}) cannot be converted to "
            "CTranslate2 here: only Marian, NLLB and M2M100 models can"
        )
    loader_class = loaders[resolved.model_type]
    path = str(resolved.path)

    class FolderConverter(Converter):  # type: ignore[misc]
        def _load(self) -> Any:
            import torch

            bars_were_on = hf_logging.is_progress_bar_enabled()
            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            try:
                model = AutoModelForSeq2SeqLM.from_pretrained(
                    path, dtype=torch.float32, trust_remote_code=False
                )
                tokenizer = AutoTokenizer.from_pretrained(path, trust_remote_code=False)
            finally:
                if bars_were_on:
                    hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]
            with torch.no_grad():
                return loader_class()(model, tokenizer)

    try:
        FolderConverter().convert(str(output_dir), quantization=quantization)
    except (ValueError, KeyError, TypeError, RuntimeError) as err:
        raise ModelUnavailableError(
            f"converting model {resolved.model!r} to CTranslate2 failed: {_first_line(err)}"
        ) from None


def vocabulary_by_id(tokenizer: Any, size: int) -> list[str]:
    """The token of every id below ``size``, in id order, each token once.

    Ids the tokenizer has no token of (M2M100's "made-up words", NLLB's padding
    of the embedding matrix) get placeholder names no text can produce.
    """
    tokens: list[str] = []
    seen: set[str] = set()
    for i, token in enumerate(tokenizer.convert_ids_to_tokens(list(range(size)))):
        name = token if isinstance(token, str) and token not in seen else f"madeupword{i}"
        seen.add(name)
        tokens.append(name)
    return tokens


def _is_complete(folder: Path) -> bool:
    # model.bin is written last by the converter, and the folder only appears
    # under its final name after the conversion finished.
    return (folder / "model.bin").is_file() and (folder / "config.json").is_file()


def _remove_stale_partials(cache_dir: Path) -> None:
    now = time.time()
    for partial in cache_dir.glob(".*.partial"):
        try:
            if now - partial.stat().st_mtime > _STALE_PARTIAL_S:
                shutil.rmtree(partial, ignore_errors=True)
        except OSError:
            continue


def _target_vocabulary(folder: Path) -> dict[str, int]:
    """Token -> id of the converted model's target vocabulary."""
    for name in ("shared_vocabulary", "target_vocabulary"):
        json_file = folder / f"{name}.json"
        if json_file.is_file():
            tokens = json.loads(json_file.read_text(encoding="utf-8"))
            return {str(token): i for i, token in enumerate(tokens)}
        text_file = folder / f"{name}.txt"  # written by CTranslate2 before 3.0
        if text_file.is_file():
            lines = text_file.read_text(encoding="utf-8").split("\n")
            return {token: i for i, token in enumerate(lines[:-1] if lines[-1] == "" else lines)}
    raise ModelUnavailableError(
        f"the CTranslate2 model in {folder} has no vocabulary file (delete the folder to "
        "convert again)"
    )


def _generation_config(folder: Path) -> dict[str, Any]:
    """The model's generation_config.json (or its config.json), as a dict."""
    for name in ("generation_config.json", "config.json"):
        try:
            data = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            return data
    return {}


def _import_ctranslate2() -> Any:
    try:
        import ctranslate2
    except ImportError:
        raise ModelUnavailableError(
            "the ctranslate2 backend needs the ctranslate2 package: "
            "pip install 'workbench[fast]' (or pip install ctranslate2)"
        ) from None
    return ctranslate2


def _pick_device(device: str, ctranslate2: Any) -> tuple[str, int]:
    gpus = int(ctranslate2.get_cuda_device_count())
    if device == "auto":
        return ("cuda", 0) if gpus else ("cpu", 0)
    if device == "cpu":
        return "cpu", 0
    name, _, index = device.partition(":")
    if name != "cuda" or (index and not index.isdigit()):
        raise ModelUnavailableError(
            f"device {device!r} is not one CTranslate2 knows (auto, cpu, cuda, cuda:N)"
        )
    number = int(index or 0)
    if number >= gpus:
        raise ModelUnavailableError(
            f"device {device!r} was asked for but CTranslate2 sees {gpus} CUDA GPU(s)"
        )
    return "cuda", number


__all__ = [
    "CACHE_ENV",
    "QUANTIZATIONS",
    "CTranslate2Translator",
    "conversion_name",
    "convert_model",
    "default_cache_dir",
    "ensure_converted",
    "vocabulary_by_id",
]
