"""Tiny random-weight translation models that the tests build for themselves.

Each builder trains a small sentencepiece vocabulary on the article under
review plus a few Arabic sentences, makes a transformers model with a few
thousand random (seeded) weights, and saves model and tokenizer with
``save_pretrained`` so that tests load them through the very same
``from_pretrained`` path as a real hub model.  The outputs are nonsense, but
they are deterministic, and they exercise the real tokenizers, language codes,
generation and position limits of each model family.

``max_position_embeddings`` is deliberately small (64) so that the backend's
handling of over-long inputs and outputs is exercised by ordinary test text.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTICLE = REPO_ROOT / "texts" / "haftar-russia.en.txt"

#: Small enough that ordinary sentences of the article need several windows.
MAX_POSITIONS = 64

#: Arabic news sentences about the article's subject, so the Arabic side of
#: every vocabulary has real Arabic pieces (names, numbers, punctuation).
ARABIC_SENTENCES: tuple[str, ...] = (
    "حفتر وروسيا: علاقة يقودها المرتزقة.",
    "لم تقتصر علاقة اللواء الليبي المتقاعد خليفة حفتر بروسيا على زياراته إلى موسكو منذ عام 2016.",
    "بدأت تلك العلاقة في سبعينيات القرن الماضي أيام الاتحاد السوفيتي.",
    "تلقى حفتر تدريبا عسكريا في موسكو في ذلك الوقت.",
    "وثقت تقارير عدة علاقات تعاون بين حفتر والمرتزقة الروس ومن يقود عملياتهم.",
    "استقبل حفتر على أعلى مستوى في موسكو والتقى وزير الدفاع الروسي سيرغي شويغو.",
    "والتقى أيضا وزير الخارجية سيرغي لافروف.",
    "في عام 2017 زار حفتر حاملة الطائرات الروسية الأدميرال كوزنيتسوف في البحر المتوسط.",
    "كشفت تقارير موثوقة عن وجود نحو ألفي مرتزق روسي من مجموعة فاغنر في ليبيا.",
    "قدمت فاغنر الدعم لقوات حفتر وزودته بالأسلحة والطائرات المسيرة.",
    "يفغيني بريغوجين هو مؤسس مجموعة فاغنر.",
    "منذ الرابع من أبريل تشن ميليشيات خليفة حفتر هجوما على العاصمة طرابلس.",
    "دعا الرئيس التركي رجب طيب أردوغان ونظيره الروسي فلاديمير بوتين إلى وقف إطلاق النار في ليبيا.",
    "رحب المجلس الرئاسي للحكومة الليبية المعترف بها دوليا بالدعوة إلى وقف إطلاق النار.",
    "رفضت ميليشيات حفتر يوم الجمعة المبادرة التركية الروسية.",
    "اضطر حفتر في التسعينيات إلى اللجوء إلى الولايات المتحدة بعد خلافه مع معمر القذافي.",
)

_LANG_TEXT = {"en": "english", "ar": "arabic"}


def english_lines() -> list[str]:
    """The non-empty lines of the article under review."""
    return [
        line.strip() for line in ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _lines(lang: str) -> list[str]:
    if lang == "en":
        return english_lines()
    if lang == "ar":
        return list(ARABIC_SENTENCES)
    raise ValueError(f"tiny models know only 'en' and 'ar', not {lang!r}")


def train_sentencepiece(
    target: Path,
    lines: Iterable[str],
    *,
    vocab_size: int,
    model_type: str = "unigram",
    fairseq_ids: bool = False,
) -> Path:
    """Train a sentencepiece model on ``lines`` and write it to ``target``.

    ``vocab_size`` is an upper bound (``hard_vocab_limit`` is off) because
    a few hundred sentences cannot always fill a fixed vocabulary.
    ``fairseq_ids`` numbers the specials as fairseq does (``<s>`` 0, ``<pad>`` 1,
    ``</s>`` 2, ``<unk>`` 3) for M2M100 and NLLB; otherwise they are Marian's
    (``<unk>`` 0, ``</s>`` 1, no ``<s>`` or ``<pad>``).
    """
    import sentencepiece as spm

    unk, bos, eos, pad = (3, 0, 2, 1) if fairseq_ids else (0, -1, 1, -1)
    spm.set_min_log_level(2)  # the trainer logs every step to stderr otherwise
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines)),
        model_writer=model,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,  # one thread keeps the learned pieces identical run to run
        shuffle_input_sentence=False,
        unk_id=unk,
        bos_id=bos,
        eos_id=eos,
        pad_id=pad,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(model.getvalue())
    return target


def _pieces(spm_file: Path) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(spm_file))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _tiny_dims(max_positions: int) -> dict[str, Any]:
    return {
        "d_model": 32,
        "encoder_layers": 1,
        "decoder_layers": 1,
        "encoder_attention_heads": 2,
        "decoder_attention_heads": 2,
        "encoder_ffn_dim": 64,
        "decoder_ffn_dim": 64,
        "max_position_embeddings": max_positions,
        # Far above the usual 0.02: with tiny weights every input decodes to the
        # same string; at 1.0 outputs differ from input to input, so tests can
        # tell whether order, language codes and windows were respected.
        "init_std": 1.0,
    }


def _save_model(model: Any, folder: Path) -> None:
    model.save_pretrained(folder)


def _generation_config(**values: Any) -> Any:
    from transformers import GenerationConfig

    return GenerationConfig(**values)  # type: ignore[no-untyped-call]


def build_tiny_marian(
    folder: Path,
    src_lang: str,
    tgt_lang: str,
    seed: int = 0,
    *,
    target_tokens: Sequence[str] = (),
    max_positions: int = MAX_POSITIONS,
) -> Path:
    """Build an opus-mt-like Marian model ``src_lang`` -> ``tgt_lang`` in ``folder``.

    ``target_tokens`` (like ``">>ara<<"``) go into the vocabulary, as in a
    multi-target opus-mt model that needs one of them before every input.
    """
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    work = folder / "_build"
    source_spm = train_sentencepiece(work / "source.spm", _lines(src_lang), vocab_size=260)
    target_spm = train_sentencepiece(work / "target.spm", _lines(tgt_lang), vocab_size=260)

    # One shared vocabulary, as in opus-mt: eos 0, unk 1, pieces, pad last.
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for piece in [*target_tokens, *_pieces(source_spm), *_pieces(target_spm)]:
        vocab.setdefault(piece, len(vocab))
    pad_id = vocab.setdefault("<pad>", len(vocab))
    vocab_file = work / "vocab.json"
    vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    tokenizer = MarianTokenizer(
        source_spm=str(source_spm),
        target_spm=str(target_spm),
        vocab=str(vocab_file),
        source_lang=src_lang,
        target_lang=tgt_lang,
        model_max_length=max_positions,
    )
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        pad_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        decoder_start_token_id=pad_id,
        share_encoder_decoder_embeddings=True,
        **_tiny_dims(max_positions),
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.generation_config = _generation_config(
        decoder_start_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        pad_token_id=pad_id,
        bad_words_ids=[[pad_id]],
        max_length=max_positions,
        num_beams=4,
    )
    _save_model(model, folder)
    tokenizer.save_pretrained(folder)
    _remove_tree(work)
    return folder


M2M100_CODES = ("en", "ar", "fr")


def build_tiny_m2m100(folder: Path, seed: int = 0, *, max_positions: int = MAX_POSITIONS) -> Path:
    """Build an M2M100-like model (one model, language tokens ``__en__``, ``__ar__``...)."""
    from transformers import M2M100Tokenizer

    folder.mkdir(parents=True, exist_ok=True)
    work = folder / "_build"
    spm_file = train_sentencepiece(
        work / "sentencepiece.bpe.model",
        [*_lines("en"), *_lines("ar")],
        vocab_size=400,
        fairseq_ids=True,
    )
    # fairseq's dictionary order: <s> <pad> </s> <unk>, then the pieces.
    vocab: dict[str, int] = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in _pieces(spm_file):
        vocab.setdefault(piece, len(vocab))
    vocab_file = work / "vocab.json"
    vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    tokenizer = M2M100Tokenizer(
        vocab_file=str(vocab_file),
        spm_file=str(spm_file),
        src_lang="en",
        tgt_lang="ar",
        model_max_length=max_positions,
    )
    # The tokenizer puts 100 language tokens and 8 made-up words after the
    # vocabulary; len(tokenizer) counts neither.
    vocab_size = max(tokenizer.lang_code_to_id.values()) + 1 + tokenizer.num_madeup_words
    return _save_m2m100(folder, work, tokenizer, vocab_size, seed, max_positions)


def build_tiny_nllb(folder: Path, seed: int = 0, *, max_positions: int = MAX_POSITIONS) -> Path:
    """Build an NLLB-like model: an ``m2m_100`` model with an NLLB tokenizer.

    transformers 5 has only the ``tokenizers``-backed ``NllbTokenizer``; it
    would convert a ``sentencepiece.bpe.model`` with protobuf, which is not a
    dependency here, so the BPE vocabulary and merges are handed over directly
    and the tokenizer is saved as ``tokenizer.json``, as NLLB on the hub is.
    """
    from transformers.models.nllb.tokenization_nllb import NllbTokenizer
    from transformers.tokenization_utils_base import generate_merges

    folder.mkdir(parents=True, exist_ok=True)
    work = folder / "_build"
    spm_file = train_sentencepiece(
        work / "sentencepiece.bpe.model",
        [*_lines("en"), *_lines("ar")],
        vocab_size=400,
        model_type="bpe",
        fairseq_ids=True,
    )
    vocab = {piece: i for i, piece in enumerate(_pieces(spm_file))}
    tokenizer = NllbTokenizer(
        vocab=vocab,
        merges=generate_merges(vocab),
        src_lang="eng_Latn",
        tgt_lang="arb_Arab",
        model_max_length=max_positions,
    )
    return _save_m2m100(folder, work, tokenizer, len(tokenizer), seed, max_positions)


def _save_m2m100(
    folder: Path, work: Path, tokenizer: Any, vocab_size: int, seed: int, max_positions: int
) -> Path:
    """A seeded random ``m2m_100`` model (M2M100 and NLLB share the architecture),
    saved with its tokenizer; the build folder is removed."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    config = M2M100Config(
        vocab_size=vocab_size,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        scale_embedding=True,
        **_tiny_dims(max_positions),
    )
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config)
    model.generation_config = _generation_config(
        bos_token_id=0,
        decoder_start_token_id=2,
        eos_token_id=2,
        pad_token_id=1,
        max_length=max_positions,
        num_beams=4,
    )
    _save_model(model, folder)
    tokenizer.save_pretrained(folder)
    _remove_tree(work)
    return folder


def _remove_tree(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


__all__ = [
    "ARABIC_SENTENCES",
    "ARTICLE",
    "M2M100_CODES",
    "MAX_POSITIONS",
    "build_tiny_m2m100",
    "build_tiny_marian",
    "build_tiny_nllb",
    "english_lines",
    "train_sentencepiece",
]


def write_tiny_card(
    folder: Path,
    en_ar: Path | str,
    ar_en: Path | str,
    *,
    name: str = "tiny",
    max_new_tokens: int = 16,
    batch_size: int = 4,
    device: str | None = None,
) -> Path:
    """A model card ``<folder>/<name>.toml`` for a tiny en->ar / ar->en pair:
    greedy decoding, the Marian ``>>ara<<`` prefix, CPU or GPU as ``device`` says."""
    placed = f'device = "{device}"\n' if device else ""
    card = folder / f"{name}.toml"
    card.write_text(
        f"""
name = "{name}"
backend = "transformers"
license = "none"
source_lang = "en"
pivot_lang = "ar"
[forward]
model = "{en_ar}"
prefix = ">>ara<<"
{placed}[backward]
model = "{ar_en}"
{placed}[generation]
num_beams = 1
max_new_tokens = {max_new_tokens}
batch_size = {batch_size}
""",
        encoding="utf-8",
    )
    return card
