"""The CTranslate2 backend on the tiny random-weight models the tests build.

Each model is really converted (CTranslate2's converter on the transformers
model), cached, loaded and run; float32 conversions must reproduce the
transformers backend token for token, since the engines then compute the same
function.  Skipped where the optional ``ctranslate2`` package is missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.tiny_models import ARABIC_SENTENCES, MAX_POSITIONS, english_lines
from workbench.cards import find_card
from workbench.errors import ModelUnavailableError
from workbench.translators import create_translator
from workbench.translators import ctranslate2_backend as ct2_backend
from workbench.translators.base import ModelSpec
from workbench.translators.ctranslate2_backend import (
    CACHE_ENV,
    CTranslate2Translator,
    ensure_converted,
    vocabulary_by_id,
)
from workbench.translators.hub import resolve_model

pytest.importorskip("ctranslate2", reason="the ctranslate2 backend is the optional extra [fast]")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _spec(model: Path | str, **overrides: Any) -> ModelSpec:
    values: dict[str, Any] = {
        "model": str(model),
        "revision": "main",
        "src_lang": "en",
        "tgt_lang": "ar",
        "num_beams": 2,
        "batch_size": 4,
        "device": "cpu",
    }
    values.update(overrides)
    return ModelSpec(**values)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One conversion cache for the module, also what create_translator uses."""
    folder = tmp_path_factory.mktemp("ct2-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        yield folder


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return [line for line in english_lines() if len(line.split()) < 40][:12]


class _EngineSpy:
    """Stands in for a ``ctranslate2.Translator`` and keeps what it returned."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.calls: list[dict[str, Any]] = []
        self.hypotheses: list[list[str]] = []

    def translate_batch(self, source: list[list[str]], **kwargs: Any) -> Any:
        results = self.engine.translate_batch(source, **kwargs)
        self.calls.append({"source": source, **kwargs})
        self.hypotheses.extend(r.hypotheses[0] for r in results)
        return results


def _spy(translator: CTranslate2Translator, monkeypatch: pytest.MonkeyPatch) -> _EngineSpy:
    spy = _EngineSpy(translator.engine)
    monkeypatch.setattr(translator, "_translator", spy)
    return spy


def test_round_trip_through_the_registry(
    cache: Path, tiny_marian_en_ar: Path, tiny_marian_ar_en: Path, sentences: list[str]
) -> None:
    forward = create_translator(_spec(tiny_marian_en_ar, prefix=">>ara<<"), "ctranslate2")
    backward = create_translator(
        _spec(tiny_marian_ar_en, src_lang="ar", tgt_lang="en"), "ctranslate2"
    )
    assert isinstance(forward, CTranslate2Translator)
    try:
        arabic = forward.translate(sentences)
        assert len(arabic) == len(sentences) and all(arabic)
        assert any(any("\u0600" <= ch <= "\u06ff" for ch in text) for text in arabic)
        # Order: one at a time gives the same text at the same position.
        assert [forward.translate([s])[0] for s in sentences] == arabic
        assert len(set(arabic)) > len(arabic) // 2  # outputs depend on the input
        english = backward.translate(arabic)
        assert len(english) == len(arabic) and all(english)
        assert english[::-1] == backward.translate(arabic[::-1])
    finally:
        forward.close()
        backward.close()
    # Converted into the cache named by the environment, int8 by default on a CPU.
    assert forward.model_dir.parent == cache
    assert forward.model_dir.name.endswith("--int8")
    assert (forward.model_dir / "model.bin").is_file()


@pytest.mark.parametrize(
    ("fixture", "src", "tgt", "src_code", "tgt_code", "prefix"),
    [
        ("tiny_marian_en_ar", "en", "ar", None, None, ">>ara<<"),
        ("tiny_marian_ar_en", "ar", "en", None, None, ""),
        ("tiny_m2m100", "en", "ar", "en", "ar", ""),
        ("tiny_m2m100", "ar", "en", "ar", "en", ""),
        ("tiny_nllb", "en", "ar", "eng_Latn", "arb_Arab", ""),
        ("tiny_nllb", "ar", "en", "arb_Arab", "eng_Latn", ""),
    ],
)
def test_greedy_output_agrees_with_the_transformers_backend(
    request: pytest.FixtureRequest,
    cache: Path,
    fixture: str,
    src: str,
    tgt: str,
    src_code: str | None,
    tgt_code: str | None,
    prefix: str,
    sentences: list[str],
) -> None:
    folder: Path = request.getfixturevalue(fixture)
    texts = sentences if src == "en" else list(ARABIC_SENTENCES[:12])
    spec = _spec(
        folder,
        src_lang=src,
        tgt_lang=tgt,
        src_code=src_code,
        tgt_code=tgt_code,
        prefix=prefix,
        num_beams=1,
    )
    reference = create_translator(spec, "transformers")
    # float32: the same arithmetic as torch, so greedy search picks the same
    # tokens; int8 weights change the random model's choices (checked below).
    fast = CTranslate2Translator(spec, quantization="float32", cache_dir=cache)
    try:
        expected = reference.translate(texts)
        # Some of these texts need several windows, and random weights decode
        # up to the length cap: windows and caps must match too.
        assert fast.translate(texts) == expected
        assert len(set(expected)) > len(expected) // 2
    finally:
        reference.close()
        fast.close()


def test_language_codes_are_applied(
    cache: Path, tiny_nllb: Path, tiny_m2m100: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder, src, tgt, other, source_token, token in (
        (tiny_nllb, "eng_Latn", "arb_Arab", "fra_Latn", "eng_Latn", "arb_Arab"),
        (tiny_m2m100, "en", "ar", "fr", "__en__", "__ar__"),
    ):
        translator = CTranslate2Translator(
            _spec(folder, src_code=src, tgt_code=tgt), cache_dir=cache
        )
        spy = _spy(translator, monkeypatch)
        outputs = translator.translate(["Haftar visited Moscow.", "Russia and Libya."])
        assert all(row[0] == source_token for row in spy.calls[0]["source"])
        assert spy.calls[0]["target_prefix"] == [[token], [token]]
        assert all(h[0] == token for h in spy.hypotheses)
        assert not any(token in text for text in outputs)
        other_out = CTranslate2Translator(
            _spec(folder, src_code=src, tgt_code=other), cache_dir=cache
        ).translate(["Haftar visited Moscow.", "Russia and Libya."])
        assert other_out != outputs


def test_conversion_is_cached_and_keyed_by_quantization(
    tiny_marian_ar_en: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conversions: list[tuple[str, Path]] = []
    real = ct2_backend.convert_model

    def counting(resolved: Any, output_dir: Path, quantization: str) -> None:
        conversions.append((quantization, output_dir))
        real(resolved, output_dir, quantization)

    monkeypatch.setattr(ct2_backend, "convert_model", counting)
    spec = _spec(tiny_marian_ar_en, src_lang="ar", tgt_lang="en")
    text = [ARABIC_SENTENCES[0]]

    first = CTranslate2Translator(spec, cache_dir=tmp_path)
    out = first.translate(text)
    assert len(conversions) == 1
    # Converted beside the final folder, then renamed: nothing partial is left.
    assert conversions[0][1].parent.parent == tmp_path
    assert [p.name for p in tmp_path.iterdir()] == [first.model_dir.name]
    provenance = json.loads((first.model_dir / "workbench.json").read_text())
    assert provenance["quantization"] == "int8"
    assert provenance["revision"] == first.info.revision

    second = CTranslate2Translator(spec, cache_dir=tmp_path)
    assert second.translate(text) == out
    assert len(conversions) == 1  # loaded from the cache, not converted again

    other = CTranslate2Translator(spec, cache_dir=tmp_path, quantization="float32")
    other.translate(text)
    assert [q for q, _ in conversions] == ["int8", "float32"]
    assert other.model_dir != first.model_dir
    for t in (first, second, other):
        t.close()


def test_killed_conversion_leaves_nothing_that_loads(
    tiny_marian_ar_en: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ct2_backend.convert_model

    def killed(resolved: Any, output_dir: Path, quantization: str) -> None:
        output_dir.mkdir()
        (output_dir / "config.json").write_text("{}")
        raise KeyboardInterrupt  # as Ctrl-C half-way through writing

    monkeypatch.setattr(ct2_backend, "convert_model", killed)
    spec = _spec(tiny_marian_ar_en, src_lang="ar", tgt_lang="en")
    translator = CTranslate2Translator(spec, cache_dir=tmp_path)
    with pytest.raises(KeyboardInterrupt):
        translator.translate([ARABIC_SENTENCES[0]])
    assert not translator.model_dir.exists()
    assert list(tmp_path.iterdir()) == []

    monkeypatch.setattr(ct2_backend, "convert_model", real)
    assert translator.translate([ARABIC_SENTENCES[0]])[0]
    assert (translator.model_dir / "model.bin").is_file()
    translator.close()


def test_a_concurrent_conversion_that_finishes_first_is_used(
    tiny_marian_ar_en: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolved = resolve_model(str(tiny_marian_ar_en))
    real = ct2_backend.convert_model
    target = tmp_path / ct2_backend.conversion_name(resolved, "int8")

    def racing(resolved: Any, output_dir: Path, quantization: str) -> None:
        real(resolved, output_dir, quantization)
        # Another process completes the same conversion while this one runs.
        real(resolved, target, quantization)
        (target / "winner").write_text("other process")
        finished.append((target / "model.bin").stat().st_mtime_ns)

    finished: list[int] = []
    monkeypatch.setattr(ct2_backend, "convert_model", racing)
    assert ensure_converted(resolved, "int8", tmp_path) == target
    # The finished copy was kept as it was, not replaced or written over.
    assert (target / "winner").is_file()
    assert [(target / "model.bin").stat().st_mtime_ns] == finished
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # temp folder gone

    # A translator over that cache loads it without converting.
    monkeypatch.setattr(ct2_backend, "convert_model", None)
    translator = CTranslate2Translator(
        _spec(tiny_marian_ar_en, src_lang="ar", tgt_lang="en"), cache_dir=tmp_path
    )
    assert translator.translate([ARABIC_SENTENCES[1]])[0]
    translator.close()


def test_info_records_backend_and_quantization(cache: Path, tiny_marian_en_ar: Path) -> None:
    spec = _spec(tiny_marian_en_ar, prefix=">>ara<<")
    fast = create_translator(spec, "ctranslate2").info
    plain = create_translator(spec, "transformers").info
    assert fast.backend == "ctranslate2" and plain.backend == "transformers"
    settings = fast.settings_dict()
    assert settings["quantization"] == "int8"
    assert settings["compute_type"] == "int8"
    assert settings["device"] == "cpu"
    assert list(fast.settings) == sorted(fast.settings)
    # Everything the transformers backend records is recorded too.
    assert plain.settings_dict().items() <= settings.items()
    assert (fast.model, fast.revision) == (plain.model, plain.revision)
    exact = CTranslate2Translator(spec, quantization="float32", cache_dir=cache).info
    assert exact.settings_dict()["quantization"] == "float32"
    # Different engine or weights, different cache key.
    assert len({fast, plain, exact}) == 3


def test_over_long_input_is_split_and_decoding_capped(
    cache: Path, tiny_marian_en_ar: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    translator = CTranslate2Translator(
        _spec(tiny_marian_en_ar, prefix=">>ara<<", num_beams=1), cache_dir=cache
    )
    words = " ".join(english_lines()).split()
    long_text = " ".join((words * 3)[:2000])
    spy = _spy(translator, monkeypatch)
    [translation] = translator.translate([long_text])
    assert translation
    sources = [row for call in spy.calls for row in call["source"]]
    assert len(sources) > 2000 // MAX_POSITIONS
    assert max(len(row) for row in sources) <= MAX_POSITIONS
    assert all(call["max_decoding_length"] <= MAX_POSITIONS for call in spy.calls)
    # Random weights decode until the cap; one step short of it because the
    # model forces EOS last (as transformers does), and never past positions.
    assert max(len(h) for h in spy.hypotheses) == MAX_POSITIONS - 1
    # Batches by token budget: the windows went in several batches, none over it.
    assert len(spy.calls) > 1
    # (Rows carry two tokens the budget does not count: >>ara<< and </s>.)
    assert all(
        len(call["source"]) * (max(len(r) for r in call["source"]) - 2)
        <= translator.max_batch_tokens
        for call in spy.calls
    )
    translator.close()


def test_blank_inputs_and_progress(cache: Path, tiny_marian_en_ar: Path) -> None:
    translator = create_translator(
        _spec(tiny_marian_en_ar, prefix=">>ara<<", batch_size=2), "ctranslate2"
    )
    assert translator.translate(["", "  "]) == ["", ""]
    texts = ["Haftar visited Moscow.", "", "Russia sent mercenaries.", "Wagner.", "Libya."]
    calls: list[int] = []
    out = translator.translate(texts, progress=calls.append)
    assert out[1] == "" and all(out[i] for i in (0, 2, 3, 4))
    assert sum(calls) == len(texts) and len(calls) > 2
    translator.close()


@pytest.mark.parametrize(
    ("quantization", "message"),
    [
        ("int3", r"unknown CTranslate2 quantization 'int3'"),
        ("bfloat16", r"cannot compute in bfloat16 on this cpu"),
    ],
)
def test_bad_quantization_is_a_clear_error(
    tiny_marian_ar_en: Path, tmp_path: Path, quantization: str, message: str
) -> None:
    spec = _spec(tiny_marian_ar_en, src_lang="ar", tgt_lang="en")
    with pytest.raises(ModelUnavailableError, match=message):
        CTranslate2Translator(spec, cache_dir=tmp_path, quantization=quantization)


def test_missing_package_is_a_clear_error(
    tiny_marian_ar_en: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # makes the import fail
    spec = _spec(tiny_marian_ar_en, src_lang="ar", tgt_lang="en")
    with pytest.raises(ModelUnavailableError, match=r"workbench\[fast\]"):
        create_translator(spec, "ctranslate2")


def test_m2m100_vocabulary_keeps_language_tokens_at_their_ids(tiny_m2m100: Path) -> None:
    from transformers import AutoConfig, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(tiny_m2m100))
    size = AutoConfig.from_pretrained(str(tiny_m2m100)).vocab_size
    tokens = vocabulary_by_id(tokenizer, size)
    assert len(tokens) == size and len(set(tokens)) == size
    for code in ("en", "ar", "fr"):
        assert tokens[tokenizer.get_lang_id(code)] == f"__{code}__"
    # The 8 ids past the language tokens have no token: placeholders.
    assert all(t.startswith("madeupword") for t in tokens[-8:])


def test_card_and_command_line_pick_the_backend(
    cache: Path, tmp_path: Path, tiny_marian_en_ar: Path, tiny_marian_ar_en: Path
) -> None:
    from workbench.cli import cli
    from workbench.store import Store

    card = find_card("opus-mt-ct2")
    assert card is not None and card.backend == "ctranslate2"
    assert card.forward.model == "Helsinki-NLP/opus-mt-en-ar"

    article = tmp_path / "short.en.txt"
    article.write_text(
        "Haftar and Russia.\n\nHaftar visited Moscow in 2017. Wagner sent mercenaries.\n"
    )
    store = tmp_path / "s.sqlite3"
    model = f"{tiny_marian_en_ar},{tiny_marian_ar_en}"
    result = CliRunner().invoke(
        cli,
        ["--store", str(store), "roundtrip", str(article), "-m", model, "--backend", "ctranslate2"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    with Store(store) as s:
        view = s.load_run(1)
        assert view.config["backend"] == "ctranslate2"
        for leg in ("forward", "backward"):
            assert view.config[leg]["backend"] == "ctranslate2"
            assert dict(view.config[leg]["settings"])["quantization"] == "int8"
        assert all(row.pivot and row.back for row in view.rows)
