"""Translate with Hugging Face transformers: Marian (opus-mt), NLLB and M2M100.

One ``from_pretrained`` path serves every model: a hub id is first resolved to
its cached snapshot folder (``workbench.translators.hub``), so hub models and
local folders load the same way and a missing model fails fast with one line.

The three families differ only in how the languages are given:

- Marian: the direction is the model; a multi-target model (opus-mt-en-ar)
  wants a target token such as ``>>ara<<`` before every input (``prefix``).
- NLLB: ``tokenizer.src_lang = "eng_Latn"``, and the first generated token is
  forced to the target code (``"arb_Arab"``).
- M2M100: the same with codes ``"en"``/``"ar"`` and ``tokenizer.get_lang_id``.

Inputs longer than the model accepts are split into windows at word
boundaries and their translations joined, and the number of new tokens is
capped so decoding never runs past the model's position table.  Windows are
sorted by length and batched within a token budget (``batching``).  torch and
transformers are imported only when a model is loaded.

``Seq2SeqTranslator`` holds everything that does not depend on the engine that
runs the weights (tokenizer, language codes, windows, batching, decoding of
ids to text), so the CTranslate2 backend shares it and differs only in how a
batch is generated.
"""

from __future__ import annotations

import gc
import os
from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from workbench.errors import ModelUnavailableError
from workbench.results import TranslatorInfo
from workbench.translators.base import ModelSpec, ProgressCallback, Translator
from workbench.translators.batching import map_batched, token_budget
from workbench.translators.hub import ResolvedModel, resolve_model

Family = Literal["marian", "nllb", "m2m100"]

# transformers sets model_max_length to a huge sentinel when a tokenizer does
# not know its limit; anything above this is treated as "no limit given".
_NO_LIMIT = 1_000_000


@dataclass(frozen=True, slots=True)
class _Window:
    """One piece of one input segment, as sent to the model."""

    segment: int
    part: int
    text: str
    tokens: int


class Seq2SeqTranslator(Translator):
    """A Hugging Face seq2seq translation model, whatever engine runs its weights.

    Loads the model's own tokenizer, applies the family's language codes,
    splits over-long inputs into windows, batches windows by length within a
    token budget and turns generated ids back into text.  A subclass loads
    the weights (``_load_engine``) and generates one batch (``_generate``).
    """

    def __init__(
        self,
        spec: ModelSpec,
        *,
        progress_download: bool = True,
        max_batch_tokens: int | None = None,
    ) -> None:
        self.spec = spec
        # Resolving is a cache lookup (or a download, with progress bars) and
        # gives ``info`` its exact revision; weights load on first use.
        self.resolved: ResolvedModel = resolve_model(
            spec.model, spec.revision, progress=progress_download
        )
        #: Padded source tokens per batch; the card's batch_size caps segments.
        self.max_batch_tokens = max_batch_tokens or token_budget(spec.batch_size)
        self._tokenizer: Any = None
        self._family: Family | None = None
        self._forced_bos: int | None = None
        self._strip_ids: frozenset[int] = frozenset()
        self._max_input = 0
        self._max_new = 0

    # --- Translator -----------------------------------------------------------

    @property
    def info(self) -> TranslatorInfo:
        spec = self.spec
        settings = {
            "num_beams": str(spec.num_beams),
            "max_new_tokens": str(spec.max_new_tokens),
            "max_input_tokens": str(spec.max_input_tokens),
            "prefix": spec.prefix,
            "src_code": spec.src_code or "",
            "tgt_code": spec.tgt_code or "",
            **self._engine_settings(),
        }
        return TranslatorInfo(
            backend=self.backend,
            model=self.resolved.model,
            revision=self.resolved.revision,
            src_lang=spec.src_lang,
            tgt_lang=spec.tgt_lang,
            settings=tuple(sorted(settings.items())),
        )

    def translate(
        self, texts: Sequence[str], *, progress: ProgressCallback | None = None
    ) -> list[str]:
        results = [""] * len(texts)
        pending = [i for i, text in enumerate(texts) if text.strip()]
        if len(pending) < len(texts) and progress is not None:
            # Blank segments need no model: they are done before any batch runs.
            progress(len(texts) - len(pending))
        if not pending:
            return results
        self.load()
        windows = [w for i in pending for w in self._windows(i, texts[i].strip())]
        parts_left = {i: 0 for i in pending}
        for window in windows:
            parts_left[window.segment] += 1

        def report(batch: list[int]) -> None:
            finished = 0
            for index in batch:
                segment = windows[index].segment
                parts_left[segment] -= 1
                if parts_left[segment] == 0:
                    finished += 1
            if progress is not None and finished:
                progress(finished)

        outputs = map_batched(
            [w.text for w in windows],
            [w.tokens for w in windows],
            self._generate,
            max_tokens=self.max_batch_tokens,
            max_size=max(1, self.spec.batch_size),
            after_batch=report,
        )
        pieces: dict[int, dict[int, str]] = {i: {} for i in pending}
        for window, output in zip(windows, outputs, strict=True):
            pieces[window.segment][window.part] = output
        for i, parts in pieces.items():
            results[i] = " ".join(p for _, p in sorted(parts.items()) if p)
        return results

    # --- loading ----------------------------------------------------------------

    @property
    def family(self) -> Family:
        """ "marian", "nllb" or "m2m100" (loads the tokenizer if needed)."""
        self._load_tokenizer()
        assert self._family is not None
        return self._family

    @property
    def tokenizer(self) -> Any:
        """The loaded tokenizer (loads it if needed)."""
        self._load_tokenizer()
        return self._tokenizer

    @property
    def max_input_tokens(self) -> int:
        """Tokens per window actually used: the card's limit within the model's."""
        self._load_tokenizer()
        return self._max_input

    @property
    def max_new_tokens(self) -> int:
        """New tokens per window actually allowed: the card's limit within the model's."""
        self._load_tokenizer()
        return self._max_new

    def load(self) -> None:
        """Load tokenizer and weights now (translate does it on first use)."""
        self._load_tokenizer()
        if not self._engine_loaded():
            self._load_engine()

    def _load_tokenizer(self) -> None:
        if self._tokenizer is not None:
            return
        from transformers import AutoConfig, AutoTokenizer

        path = str(self.resolved.path)
        label = f"model {self.resolved.model!r}"
        try:
            tokenizer = AutoTokenizer.from_pretrained(path, trust_remote_code=False)
            config = AutoConfig.from_pretrained(path, trust_remote_code=False)
        except (OSError, ValueError, TypeError, KeyError) as err:
            raise ModelUnavailableError(
                f"cannot load the tokenizer of {label} from {path}: {_first_line(err)}"
            ) from None
        family = self._detect_family(tokenizer)
        self._configure_languages(family, tokenizer)
        positions = getattr(config, "max_position_embeddings", None)
        if not (isinstance(positions, int) and positions > 0):
            positions = None
        limits = [self.spec.max_input_tokens]
        if positions is not None:
            limits.append(positions)
        if 0 < int(tokenizer.model_max_length) < _NO_LIMIT:
            limits.append(int(tokenizer.model_max_length))
        self._max_input = max(8, min(limits))
        # Decoder positions run from 0 to max_new_tokens - 1 (the start token
        # takes position 0), so max_position_embeddings new tokens always fit.
        new_limits = [self.spec.max_new_tokens]
        if positions is not None:
            new_limits.append(positions)
        self._max_new = max(1, min(new_limits))
        self._family = family
        self._tokenizer = tokenizer

    @abstractmethod
    def _engine_loaded(self) -> bool:
        """True once the weights are loaded."""

    @abstractmethod
    def _load_engine(self) -> None:
        """Load the weights; the tokenizer and limits are already there."""

    @abstractmethod
    def _generate(self, texts: list[str]) -> list[str]:
        """Translate one batch of windows (each fits ``max_input_tokens``)."""

    def _engine_settings(self) -> dict[str, str]:
        """Settings of the engine that change results, for ``info``."""
        return {}

    def _detect_family(self, tokenizer: Any) -> Family:
        model_type = self.resolved.model_type
        name = type(tokenizer).__name__
        if model_type == "marian":
            return "marian"
        if model_type == "m2m_100" and name.startswith("Nllb"):
            return "nllb"
        if model_type == "m2m_100" and name.startswith("M2M100"):
            return "m2m100"
        raise ModelUnavailableError(
            f"model {self.resolved.model!r} ({model_type}) comes with tokenizer {name}; "
            f"the {self.backend} backend knows Marian, NLLB and M2M100 tokenizers"
        )

    def _configure_languages(self, family: Family, tokenizer: Any) -> None:
        spec = self.spec
        label = f"model {self.resolved.model!r}"
        if family == "marian":
            codes = getattr(tokenizer, "supported_language_codes", None) or []
            token = spec.prefix.strip()
            if token.startswith(">>") and token.endswith("<<") and codes and token not in codes:
                raise ModelUnavailableError(
                    f"{label} has no target token {token}; it knows {', '.join(codes[:12])}"
                )
            return
        if not spec.src_code or not spec.tgt_code:
            example = "eng_Latn and arb_Arab" if family == "nllb" else "en and ar"
            raise ModelUnavailableError(
                f"{label} is an {family.upper()} model and needs src_code and tgt_code "
                f"(like {example}) in its model card"
            )
        if family == "nllb":
            ids = {
                code: tokenizer.convert_tokens_to_ids(code)
                for code in (spec.src_code, spec.tgt_code)
            }
            unknown = [code for code, i in ids.items() if i is None or i == tokenizer.unk_token_id]
            if unknown:
                raise ModelUnavailableError(
                    f"{label} has no language code {unknown[0]!r} (NLLB codes look like eng_Latn)"
                )
            tokenizer.src_lang = spec.src_code
            self._forced_bos = int(ids[spec.tgt_code])
            self._strip_ids = frozenset()
            return
        lang_ids: dict[str, int] = getattr(tokenizer, "lang_code_to_id", {})
        for code in (spec.src_code, spec.tgt_code):
            if code not in lang_ids:
                raise ModelUnavailableError(
                    f"{label} has no language code {code!r} (M2M100 codes look like en, ar)"
                )
        tokenizer.src_lang = spec.src_code
        self._forced_bos = int(tokenizer.get_lang_id(spec.tgt_code))
        # transformers 5 does not always register M2M100's language tokens as
        # special, so skip_special_tokens would leave "__ar__" in the output.
        self._strip_ids = frozenset(int(i) for i in lang_ids.values())

    # --- translating --------------------------------------------------------------

    def _count(self, text: str) -> int:
        # verbose=False: counting an over-long input is expected here, not an error.
        encoded = self._tokenizer(text, add_special_tokens=False, verbose=False)
        return len(encoded["input_ids"])

    def _windows(self, segment: int, text: str) -> list[_Window]:
        prefix = self.spec.prefix.strip()
        budget = self._max_input - self._tokenizer.num_special_tokens_to_add()
        if prefix:
            budget -= self._count(prefix)
        budget = max(1, budget)
        pieces = _split_to_fit(text, self._count, budget)
        return [
            _Window(segment, part, f"{prefix} {piece}" if prefix else piece, tokens)
            for part, (piece, tokens) in enumerate(pieces)
        ]

    def _decode(self, rows: list[list[int]]) -> list[str]:
        """Generated ids to text, without special or language tokens."""
        if self._strip_ids:
            rows = [[t for t in row if t not in self._strip_ids] for row in rows]
        decoded: list[str] = self._tokenizer.batch_decode(rows, skip_special_tokens=True)
        return [text.strip() for text in decoded]


class TransformersTranslator(Seq2SeqTranslator):
    """A seq2seq translation model run through transformers' ``generate``."""

    backend = "transformers"

    def __init__(
        self,
        spec: ModelSpec,
        *,
        progress_download: bool = True,
        max_batch_tokens: int | None = None,
    ) -> None:
        super().__init__(
            spec, progress_download=progress_download, max_batch_tokens=max_batch_tokens
        )
        self._model: Any = None
        self._device: str = "cpu"

    def close(self) -> None:
        if self._model is None:
            return
        on_cuda = self._device.startswith("cuda")
        self._model = None
        self._tokenizer = None
        gc.collect()
        if on_cuda:
            import torch

            torch.cuda.empty_cache()

    @property
    def model(self) -> Any:
        """The loaded transformers model (loads it if needed)."""
        self.load()
        return self._model

    def _engine_loaded(self) -> bool:
        return self._model is not None

    def _load_engine(self) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM
        from transformers.utils import logging as hf_logging

        path = str(self.resolved.path)
        label = f"model {self.resolved.model!r}"
        # Loading local weights takes a second; transformers' own per-tensor bar
        # would only clutter the workbench's progress display.  Downloads happen
        # earlier (hub.resolve_model) and keep their bars.
        bars_were_on = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(path, trust_remote_code=False)
        except (OSError, ValueError, TypeError, KeyError, RuntimeError) as err:
            raise ModelUnavailableError(
                f"cannot load the weights of {label} from {path}: {_first_line(err)}"
            ) from None
        finally:
            if bars_were_on:
                hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]
        device = _pick_device(self.spec.device)
        if device == "cpu":
            # torch's default is the physical core count it detects, which can
            # exceed the CPUs a container or taskset lets this process use.
            torch.set_num_threads(machine_threads())
        model.to(device)
        model.eval()
        self._device = device
        self._model = model

    def _generate(self, texts: list[str]) -> list[str]:
        import torch

        batch = self._tokenizer(
            texts,
            return_tensors="pt",
            padding=True,
            truncation=True,  # the last guard: windows already fit
            max_length=self._max_input,
        ).to(self._device)
        options: dict[str, Any] = {
            "num_beams": max(1, self.spec.num_beams),
            "do_sample": False,
            # Given as max_length (decoder start token + new tokens) so that a
            # max_length in the model's generation_config does not clash.
            "max_length": self._max_new + 1,
            "max_new_tokens": None,
        }
        if self._forced_bos is not None:
            options["forced_bos_token_id"] = self._forced_bos
        with torch.inference_mode():
            generated = self._model.generate(**batch, **options)
        rows: list[list[int]] = generated.tolist()
        return self._decode(rows)


def machine_threads() -> int:
    """CPU threads to compute with: ``OMP_NUM_THREADS`` if the user set it, else every
    CPU this process may run on (its affinity mask, not the machine's count)."""
    wanted = os.environ.get("OMP_NUM_THREADS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no affinity call
        return max(1, os.cpu_count() or 1)


def _split_to_fit(text: str, count: Callable[[str], int], budget: int) -> list[tuple[str, int]]:
    """Split ``text`` into pieces of at most ``budget`` tokens, at spaces where possible.

    Returns each piece with its token count.  Words are packed greedily by
    their own counts, then every piece is re-counted (tokens depend a little
    on context) and halved again if it still does not fit; a single word
    longer than the budget is cut by characters.
    """
    total = count(text)
    if total <= budget:
        return [(text, total)]
    words = text.split()
    if len(words) <= 1:
        middle = len(text) // 2
        if middle == 0:
            return [(text, total)]  # one character over budget: truncation handles it
        return _split_to_fit(text[:middle], count, budget) + _split_to_fit(
            text[middle:], count, budget
        )
    groups: list[list[str]] = [[]]
    used = 0
    for word in words:
        tokens = count(word)
        if groups[-1] and used + tokens > budget:
            groups.append([])
            used = 0
        groups[-1].append(word)
        used += tokens
    if len(groups) == 1:
        half = len(words) // 2
        groups = [words[:half], words[half:]]
    pieces: list[tuple[str, int]] = []
    for group in groups:
        pieces.extend(_split_to_fit(" ".join(group), count, budget))
    return pieces


def _pick_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ModelUnavailableError(f"device {device!r} was asked for but no CUDA GPU is available")
    return device


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
