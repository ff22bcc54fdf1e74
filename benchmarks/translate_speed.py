"""Translation speed and peak memory: plain transformers vs. the workbench backends.

No real weights can be downloaded here, so the model is a random-weight
``MarianMTModel`` with the architecture of Helsinki-NLP/opus-mt-en-ar (the
config values are written out in ``OPUS_MT_EN_AR`` below): the same matrices
multiply in the same order, so speed and memory are representative even
though the output is nonsense.  To make every engine do the same work, the
EOS token gets a logit bias of -10,000 (random weights would otherwise stop
at random points) and the model forces no EOS at the cap, so every segment
decodes exactly ``--out-tokens`` tokens; the count is checked, not assumed.

The tokenizer is a sentencepiece model trained on the article under review
(a few thousand pieces), embedded in the real 62,802-entry vocabulary: the
other ids get filler pieces, so the embedding and output matrices have their
real size while the source side still tokenizes real English sentences.  Those
come from the article, segmented as the round trip does, repeated to
``--segments``.

Engines, each in a fresh process so peak memory (max RSS, imports and model
included) is its own:

- ``plain``: ``MarianMTModel.generate`` one segment at a time, torch's defaults;
- ``transformers``: the workbench transformers backend (length-sorted batches
  within a token budget, threads matching the machine);
- ``ctranslate2``: the workbench CTranslate2 backend (int8 on a CPU, float16
  on a GPU); the model is converted beforehand in another process, as the
  conversion cache would have it after the first run.

Only ``translate`` is timed, after loading and one warm-up segment.

Usage::

    python benchmarks/translate_speed.py [--segments 100] [--out-tokens 32] [--beams 1,4]
                                         [--engines plain,transformers,ctranslate2]
                                         [--batch-size 16] [--device cpu] [--threads N]
                                         [--work DIR] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "texts" / "haftar-russia.en.txt"
ENGINES = ("plain", "transformers", "ctranslate2")
LABELS = {
    "plain": "plain transformers, 1 segment at a time",
    "transformers": "workbench transformers backend",
    "ctranslate2": "workbench ctranslate2 backend",
}

#: Helsinki-NLP/opus-mt-en-ar's config.json (MarianConfig), written out.  The
#: values are those of the hub model as its fine-tuned copies repeat them
#: (vocab_size and decoder_vocab_size 62802, pad 62801, 6+6 layers of 512 with
#: 8 heads and 2048-wide swish FFNs, 512 static sinusoidal positions, tied
#: embeddings scaled by sqrt(512)).
OPUS_MT_EN_AR: dict[str, Any] = {
    "vocab_size": 62802,
    "decoder_vocab_size": 62802,
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
    "activation_function": "swish",
    "max_position_embeddings": 512,
    "scale_embedding": True,
    "static_position_embeddings": True,
    "share_encoder_decoder_embeddings": True,
    "normalize_embedding": False,
    "normalize_before": False,
    "eos_token_id": 0,
    "bos_token_id": 0,
    "pad_token_id": 62801,
    "decoder_start_token_id": 62801,
    "dropout": 0.1,
    "attention_dropout": 0.0,
    "activation_dropout": 0.0,
}
#: Target tokens at the start of opus-mt-en-ar's vocabulary (it is multi-target).
TARGET_TOKENS = (">>ara<<", ">>arz<<", ">>apc<<", ">>acm<<")
EOS_BIAS = -10_000.0

if sys.path[0] != str(REPO):
    sys.path.insert(0, str(REPO))


# --- the model ------------------------------------------------------------------------


def article_sentences() -> list[str]:
    from workbench.segment import segment_text

    return [s.text for s in segment_text(ARTICLE.read_text(encoding="utf-8"), "en")]


def build_model(folder: Path) -> Path:
    """Write the random-weight opus-mt-en-ar look-alike (model + tokenizer) to ``folder``."""
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    from tests.tiny_models import ARABIC_SENTENCES

    folder.mkdir(parents=True, exist_ok=True)
    work = folder / "_build"
    work.mkdir(exist_ok=True)
    models = {}
    for side, lines in (("source", article_sentences()), ("target", list(ARABIC_SENTENCES))):
        buffer = io.BytesIO()
        spm.set_min_log_level(2)
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines),
            model_writer=buffer,
            vocab_size=8000,
            hard_vocab_limit=False,
            character_coverage=1.0,
            num_threads=1,
            unk_id=0,
            bos_id=-1,
            eos_id=1,
            pad_id=-1,
        )
        models[side] = work / f"{side}.spm"
        models[side].write_bytes(buffer.getvalue())

    size = OPUS_MT_EN_AR["vocab_size"]
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for token in TARGET_TOKENS:
        vocab.setdefault(token, len(vocab))
    for side in ("source", "target"):
        processor = spm.SentencePieceProcessor(model_file=str(models[side]))
        for i in range(processor.get_piece_size()):
            vocab.setdefault(processor.id_to_piece(i), len(vocab))
    filler = 0
    while len(vocab) < size - 1:
        vocab.setdefault(f"▁filler{filler}", len(vocab))
        filler += 1
    vocab["<pad>"] = size - 1
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    tokenizer = MarianTokenizer(
        source_spm=str(models["source"]),
        target_spm=str(models["target"]),
        vocab=str(work / "vocab.json"),
        source_lang="en",
        target_lang="ar",
        model_max_length=512,
    )
    torch.manual_seed(0)
    model = MarianMTModel(MarianConfig(**OPUS_MT_EN_AR))
    with torch.no_grad():
        model.final_logits_bias[0, OPUS_MT_EN_AR["eos_token_id"]] = EOS_BIAS
    # The real generation config, less forced_eos_token_id: nothing may end a
    # segment before --out-tokens, in any engine.
    model.generation_config = GenerationConfig(  # type: ignore[no-untyped-call]
        bad_words_ids=[[size - 1]],
        bos_token_id=0,
        decoder_start_token_id=size - 1,
        eos_token_id=0,
        max_length=512,
        num_beams=4,
        pad_token_id=size - 1,
    )
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    shutil.rmtree(work)
    return folder


# --- the child processes --------------------------------------------------------------


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_engine(
    engine: str,
    model: Path,
    texts: list[str],
    *,
    beams: int,
    out_tokens: int,
    batch_size: int,
    device: str,
) -> dict[str, Any]:
    """In the child: load ``engine``, warm it up, translate ``texts``; JSON-able result."""
    started = time.perf_counter()
    generated: list[int] = []
    if engine == "plain":
        import torch
        from transformers import MarianMTModel, MarianTokenizer

        tokenizer = MarianTokenizer.from_pretrained(str(model))
        mt: Any = MarianMTModel.from_pretrained(str(model))
        mt.to(device).eval()

        def translate(batch: list[str]) -> list[str]:
            outputs = []
            for text in batch:
                inputs = tokenizer([f">>ara<< {text}"], return_tensors="pt").to(device)
                with torch.inference_mode():
                    ids = mt.generate(**inputs, num_beams=beams, max_new_tokens=out_tokens)
                generated.extend([ids.shape[1] - 1] * ids.shape[0])  # less the start token
                outputs.append(tokenizer.decode(ids[0], skip_special_tokens=True))
            return outputs

    else:
        from workbench.translators import create_translator
        from workbench.translators.base import ModelSpec

        spec = ModelSpec(
            model=str(model),
            revision="main",
            src_lang="en",
            tgt_lang="ar",
            prefix=">>ara<<",
            num_beams=beams,
            max_new_tokens=out_tokens,
            batch_size=batch_size,
            device=device,
        )
        backend = create_translator(spec, engine)
        backend.load()  # type: ignore[attr-defined]
        if engine == "transformers":
            hf_model = backend.model  # type: ignore[attr-defined]
            original = hf_model.generate

            def counting_generate(*args: Any, **kwargs: Any) -> Any:
                ids = original(*args, **kwargs)
                generated.extend([ids.shape[1] - 1] * ids.shape[0])
                return ids

            hf_model.generate = counting_generate
        else:
            engine_object = backend._translator  # type: ignore[attr-defined]

            class Counting:
                def translate_batch(self, source: Any, **kwargs: Any) -> Any:
                    results = engine_object.translate_batch(source, **kwargs)
                    generated.extend(len(r.hypotheses[0]) for r in results)
                    return results

            backend._translator = Counting()  # type: ignore[attr-defined]

        def translate(batch: list[str]) -> list[str]:
            return backend.translate(batch)

    loaded = time.perf_counter()
    translate(texts[:1])  # warm-up: first-call allocations and lazy initialisation
    generated.clear()
    t0 = time.perf_counter()
    outputs = translate(texts)
    seconds = time.perf_counter() - t0
    return {
        "engine": engine,
        "beams": beams,
        "segments": len(texts),
        "outputs": sum(1 for o in outputs if o),
        "tokens": sum(generated),
        "min_tokens": min(generated),
        "max_tokens": max(generated),
        "seconds": seconds,
        "tokens_per_s": sum(generated) / seconds,
        "load_s": loaded - started,
        "peak_rss_mb": _peak_rss_mb(),
        "threads": _threads(engine),
    }


def _threads(engine: str) -> int:
    if engine == "ctranslate2":
        from workbench.translators.transformers_backend import machine_threads

        return machine_threads()
    import torch

    return int(torch.get_num_threads())


def child_main(args: argparse.Namespace) -> None:
    texts = _texts(args.segments)
    result = run_engine(
        args.child,
        Path(args.model),
        texts,
        beams=args.beams_one,
        out_tokens=args.out_tokens,
        batch_size=args.batch_size,
        device=args.device,
    )
    print(json.dumps(result))


def _texts(n: int) -> list[str]:
    sentences = article_sentences()
    return [sentences[i % len(sentences)] for i in range(n)]


def _run_child(argv: Sequence[str], env: dict[str, str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, *argv], capture_output=True, text=True, env=env, cwd=REPO
    )
    if proc.returncode != 0:
        raise SystemExit(f"child {' '.join(argv)} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --- the parent -------------------------------------------------------------------------


def prepare(work: Path, env: dict[str, str], device: str) -> Path:
    model = work / "opus-mt-en-ar-random"
    if not (model / "model.safetensors").is_file():
        print(f"building the random-weight opus-mt-en-ar model in {model} ...", flush=True)
        _run_child(["--build", str(model)], env)
    print("converting it for CTranslate2 (cached) ...", flush=True)
    _run_child(["--convert", str(model), "--device", device], env)
    return model


def convert_main(model: Path, device: str) -> None:
    from workbench.translators.base import ModelSpec
    from workbench.translators.ctranslate2_backend import CTranslate2Translator

    spec = ModelSpec(model=str(model), revision="main", src_lang="en", tgt_lang="ar", device=device)
    translator = CTranslate2Translator(spec)
    translator.load()
    print(json.dumps({"model_dir": str(translator.model_dir)}))


def report(results: list[dict[str, Any]], out_tokens: int) -> None:
    header = (
        f"{'engine':<40} {'beams':>5} {'tokens':>7} {'tok/seg':>8} {'seconds':>8} "
        f"{'tokens/s':>9} {'peak RSS MB':>12} {'load s':>7} {'threads':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        per_segment = (
            f"{r['min_tokens']}"
            if r["min_tokens"] == r["max_tokens"]
            else f"{r['min_tokens']}-{r['max_tokens']}"
        )
        print(
            f"{LABELS[r['engine']]:<40} {r['beams']:>5} {r['tokens']:>7} {per_segment:>8} "
            f"{r['seconds']:>8.2f} {r['tokens_per_s']:>9.1f} {r['peak_rss_mb']:>12.0f} "
            f"{r['load_s']:>7.1f} {r['threads']:>7}"
        )
    print()
    for beams in sorted({r["beams"] for r in results}):
        row = {r["engine"]: r for r in results if r["beams"] == beams}
        plain = row.get("plain")
        if plain is None:
            continue
        for engine in ("transformers", "ctranslate2"):
            if engine not in row:
                continue
            speed = row[engine]["tokens_per_s"] / plain["tokens_per_s"]
            memory = row[engine]["peak_rss_mb"] / plain["peak_rss_mb"]
            line = f"beam {beams}: {engine:<12} {speed:5.2f}x the speed, {memory:4.2f}x the memory"
            if engine == "ctranslate2":
                met = speed >= 4 and memory < 1
                line += f"  (target >= 4x, less memory: {'met' if met else 'NOT met'})"
            print(line + " of plain transformers")
    if any(r["min_tokens"] != out_tokens or r["max_tokens"] != out_tokens for r in results):
        print(f"warning: not every segment decoded exactly {out_tokens} tokens")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=100)
    parser.add_argument("--out-tokens", type=int, default=32)
    parser.add_argument("--beams", default="1,4", help="comma-separated beam sizes")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--batch-size", type=int, default=16, help="the card's batch_size")
    parser.add_argument("--device", default="cpu", help="cpu, cuda, auto")
    parser.add_argument(
        "--threads", type=int, help="CPU threads for every engine (default: the machine's)"
    )
    parser.add_argument("--work", type=Path, help="keep the model here (default: a temp dir)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    # Internal: what the child processes are told to do.
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--beams-one", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--convert", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.build:
        build_model(args.build)
        print(json.dumps({"built": str(args.build)}))
        return
    if args.convert:
        convert_main(args.convert, args.device)
        return
    if args.child:
        child_main(args)
        return

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    beams = [int(b) for b in args.beams.split(",") if b.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="workbench-bench-"))
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env["WORKBENCH_CT2_CACHE"] = str(work / "ct2-cache")
    env.setdefault("PYTHONPATH", str(REPO))
    if args.threads:
        # torch, MKL and the workbench backends (machine_threads) all read these.
        env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = str(args.threads)
    try:
        model = prepare(work, env, args.device)
        results = []
        for b in beams:
            for engine in engines:
                print(f"timing {LABELS[engine]}, beam {b} ...", flush=True)
                results.append(
                    _run_child(
                        [
                            "--child", engine, "--model", str(model), "--beams-one", str(b),
                            "--segments", str(args.segments), "--out-tokens", str(args.out_tokens),
                            "--batch-size", str(args.batch_size), "--device", args.device,
                        ],
                        env,
                    )
                )  # fmt: skip
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(
        f"{args.segments} segments of the article, {args.out_tokens} output tokens each, "
        f"device {args.device}, {os.cpu_count()} CPUs"
    )
    if args.json:
        print(json.dumps(results, indent=2))
    report(results, args.out_tokens)


if __name__ == "__main__":
    main()
