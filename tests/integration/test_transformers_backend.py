"""The transformers backend on tiny random-weight models built by the tests.

Every model goes through the real ``from_pretrained`` path, tokenizer,
language codes and ``generate``; only the weights are random, so outputs are
nonsense but must still come back complete, in order and reproducibly.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.tiny_models import MAX_POSITIONS, english_lines
from workbench.errors import ModelUnavailableError
from workbench.translators import create_translator
from workbench.translators.base import ModelSpec
from workbench.translators.transformers_backend import TransformersTranslator

pytestmark = pytest.mark.slow


def _spec(model: Path | str, **overrides: Any) -> ModelSpec:
    values: dict[str, Any] = {
        "model": str(model),
        "revision": "main",
        "src_lang": "en",
        "tgt_lang": "ar",
        "num_beams": 2,
        "batch_size": 4,
    }
    values.update(overrides)
    return ModelSpec(**values)


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    # Short lines of the article first: enough variety, and a few seconds in all.
    return [line for line in english_lines() if len(line.split()) < 40][:12]


@pytest.fixture(scope="module")
def en_ar(tiny_marian_en_ar: Path) -> Iterator[TransformersTranslator]:
    translator = create_translator(_spec(tiny_marian_en_ar, prefix=">>ara<<"))
    assert isinstance(translator, TransformersTranslator)
    yield translator
    translator.close()


class _GenerateSpy:
    """Wraps a model's ``generate`` and keeps every batch of ids it returned."""

    def __init__(self, translator: TransformersTranslator, monkeypatch: pytest.MonkeyPatch):
        self.calls: list[dict[str, Any]] = []
        self.rows: list[list[int]] = []
        model = translator.model
        original = model.generate

        def generate(*args: Any, **kwargs: Any) -> Any:
            output = original(*args, **kwargs)
            self.calls.append(kwargs)
            self.rows.extend(output.tolist())
            return output

        monkeypatch.setattr(model, "generate", generate)


def test_round_trip_en_ar_en_keeps_count_and_order(
    en_ar: TransformersTranslator, tiny_marian_ar_en: Path, sentences: list[str]
) -> None:
    arabic = en_ar.translate(sentences)
    assert len(arabic) == len(sentences)
    assert all(arabic), "a random model still produces some text for every sentence"
    # The tiny en->ar vocabulary decodes to Arabic pieces at least some of the time.
    assert any(any("\u0600" <= ch <= "\u06ff" for ch in text) for text in arabic)
    # Order: translating one at a time gives the same text at the same position.
    assert [en_ar.translate([s])[0] for s in sentences] == arabic

    back = create_translator(_spec(tiny_marian_ar_en, src_lang="ar", tgt_lang="en"))
    try:
        english = back.translate(arabic)
        assert len(english) == len(arabic)
        assert english[::-1] == back.translate(arabic[::-1])
    finally:
        back.close()


def test_same_input_same_output(en_ar: TransformersTranslator, sentences: list[str]) -> None:
    first = en_ar.translate(sentences)
    assert en_ar.translate(sentences) == first
    # A fresh translator (weights loaded again) agrees too.
    again = TransformersTranslator(en_ar.spec)
    try:
        assert again.translate(sentences) == first
    finally:
        again.close()
    # Outputs depend on the input: otherwise the order checks above prove nothing.
    assert len(set(first)) > len(first) // 2


def test_over_long_input_is_split_not_crashing(
    en_ar: TransformersTranslator, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = " ".join(english_lines()).split()
    long_text = " ".join((words * 3)[:2000])
    spy = _GenerateSpy(en_ar, monkeypatch)
    [translation] = en_ar.translate([long_text])
    assert translation
    # 2,000 words cannot fit one 64-token window: it went in many windows...
    assert len(spy.rows) > 2000 // MAX_POSITIONS
    # ... and decoding ran up to, never past, the position table (start token +
    # new tokens): random weights generate until the cap, so the cap is exercised.
    assert max(len(row) for row in spy.rows) == MAX_POSITIONS + 1
    assert en_ar.max_input_tokens == MAX_POSITIONS
    assert en_ar.max_new_tokens == MAX_POSITIONS  # the card's 256 capped by the model


def test_output_fed_back_cannot_overflow_positions(
    en_ar: TransformersTranslator, tiny_marian_ar_en: Path, sentences: list[str]
) -> None:
    # Random weights often generate up to the length cap; the back direction
    # must cope with such outputs as input, windows and all.
    arabic = en_ar.translate(sentences)
    tripled = [" ".join([text] * 3) for text in arabic]
    back = create_translator(_spec(tiny_marian_ar_en, src_lang="ar", tgt_lang="en"))
    try:
        assert len(back.translate(tripled)) == len(tripled)
    finally:
        back.close()


def test_blank_inputs_return_empty_without_the_model(
    en_ar: TransformersTranslator, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _GenerateSpy(en_ar, monkeypatch)
    assert en_ar.translate(["", "   ", "\n"]) == ["", "", ""]
    assert spy.rows == []
    mixed = en_ar.translate(["", "Haftar visited Moscow.", " "])
    assert mixed[0] == "" and mixed[2] == "" and mixed[1]
    assert len(spy.rows) == 1


def test_progress_totals_the_number_of_inputs(
    tiny_marian_en_ar: Path, sentences: list[str]
) -> None:
    translator = create_translator(_spec(tiny_marian_en_ar, prefix=">>ara<<", batch_size=3))
    texts = [*sentences[:7], "", " ".join(sentences)]  # a blank and an over-long one
    calls: list[int] = []
    try:
        translator.translate(texts, progress=calls.append)
    finally:
        translator.close()
    assert sum(calls) == len(texts)
    assert all(n > 0 for n in calls)
    assert len(calls) > 2  # reported batch by batch, not once at the end


def test_info_records_settings_and_folder_fingerprint(
    tiny_marian_en_ar: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "model"
    shutil.copytree(tiny_marian_en_ar, folder)
    spec = _spec(folder, prefix=">>ara<<")
    info = create_translator(spec).info
    assert info.backend == "transformers"
    assert info.model == str(folder.resolve())
    assert info.revision.startswith("sha256:")
    assert (info.src_lang, info.tgt_lang) == ("en", "ar")
    settings = info.settings_dict()
    assert settings["prefix"] == ">>ara<<"
    assert settings["num_beams"] == "2"
    assert list(info.settings) == sorted(info.settings)
    # Same content, same fingerprint; any edit to the model changes it.
    assert create_translator(spec).info.revision == info.revision
    config = folder / "generation_config.json"
    config.write_text(config.read_text().replace('"num_beams": 4', '"num_beams": 5'))
    assert create_translator(spec).info.revision != info.revision


def test_unknown_marian_target_token_is_a_clear_error(tiny_marian_en_ar: Path) -> None:
    translator = create_translator(_spec(tiny_marian_en_ar, prefix=">>fra<<"))
    with pytest.raises(ModelUnavailableError, match=r">>fra<<.*>>ara<<"):
        translator.translate(["Haftar visited Moscow."])


@pytest.mark.parametrize(
    ("fixture", "family", "src", "tgt", "other_tgt"),
    [
        ("tiny_m2m100", "m2m100", "en", "ar", "fr"),
        ("tiny_m2m100", "m2m100", "ar", "en", "fr"),
        ("tiny_nllb", "nllb", "eng_Latn", "arb_Arab", "fra_Latn"),
        ("tiny_nllb", "nllb", "arb_Arab", "eng_Latn", "fra_Latn"),
    ],
)
def test_language_codes_are_applied(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    fixture: str,
    family: str,
    src: str,
    tgt: str,
    other_tgt: str,
    sentences: list[str],
) -> None:
    folder: Path = request.getfixturevalue(fixture)
    translator = create_translator(_spec(folder, src_code=src, tgt_code=tgt))
    assert isinstance(translator, TransformersTranslator)
    assert translator.family == family
    tokenizer = translator.tokenizer
    spy = _GenerateSpy(translator, monkeypatch)
    outputs = translator.translate(sentences[:4])
    assert len(outputs) == 4

    tgt_id = tokenizer.convert_tokens_to_ids(tgt if family == "nllb" else f"__{tgt}__")
    src_id = tokenizer.convert_tokens_to_ids(src if family == "nllb" else f"__{src}__")
    assert all(call["forced_bos_token_id"] == tgt_id for call in spy.calls)
    # Generated ids: decoder start, then the forced target language token.
    assert all(row[1] == tgt_id for row in spy.rows)
    # The source language token leads every encoded input.
    assert tokenizer.src_lang == src
    assert tokenizer("Haftar")["input_ids"][0] == src_id
    # Language tokens never leak into the text.
    assert not any(f"__{tgt}__" in text or tgt in text.split() for text in outputs)

    # Another target code changes the output: the code really steers decoding.
    other = create_translator(_spec(folder, src_code=src, tgt_code=other_tgt))
    assert other.translate(sentences[:4]) != outputs
    translator.close()
    other.close()


@pytest.mark.parametrize(
    ("fixture", "src", "tgt", "message"),
    [
        ("tiny_m2m100", "en", "xx", r"no language code 'xx'"),
        ("tiny_nllb", "eng_Latn", "Arabic", r"no language code 'Arabic'"),
        ("tiny_nllb", None, None, r"needs src_code and tgt_code"),
    ],
)
def test_bad_language_codes_are_clear_errors(
    request: pytest.FixtureRequest, fixture: str, src: str | None, tgt: str | None, message: str
) -> None:
    folder: Path = request.getfixturevalue(fixture)
    translator = create_translator(_spec(folder, src_code=src, tgt_code=tgt))
    with pytest.raises(ModelUnavailableError, match=message):
        translator.translate(["Haftar visited Moscow."])


def test_cached_hub_snapshot_loads_without_network(
    tiny_marian_ar_en: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Lay the tiny model out as huggingface_hub's cache does, then ask for it by id.
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hub" / "models--workbench-test--tiny-ar-en"
    shutil.copytree(tiny_marian_ar_en, repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))

    translator = create_translator(_spec("workbench-test/tiny-ar-en", src_lang="ar", tgt_lang="en"))
    assert isinstance(translator, TransformersTranslator)
    assert translator.resolved.source == "cache"
    assert translator.info.revision == commit
    assert translator.info.model == "workbench-test/tiny-ar-en"
    local = create_translator(_spec(tiny_marian_ar_en, src_lang="ar", tgt_lang="en"))
    arabic = ["حفتر يزور موسكو.", "التقى حفتر بوزير الدفاع الروسي."]
    assert translator.translate(arabic) == local.translate(arabic)
    translator.close()
    local.close()
