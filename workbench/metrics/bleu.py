"""BLEU through sacrebleu, with the sacrebleu CLI's defaults.

Corpus BLEU is sacrebleu's default (13a tokenizer, exponential smoothing, no
effective order), so it reproduces published numbers. Per-segment BLEU uses
``effective_order=True``, as ``sacrebleu --sentence-level`` does: without it a
short sentence that lacks a matching 4-gram scores near zero however good it is.
"""

from __future__ import annotations

from workbench.metrics import SacrebleuMetric


class BleuMetric(SacrebleuMetric):
    """sacrebleu BLEU.

    ``tokenize`` names a sacrebleu tokenizer (``"13a"``, ``"intl"``, ``"char"``,
    ...). ``None`` lets sacrebleu choose from ``trg_lang``, the reference's
    language: 13a for every language but Chinese, Japanese and Korean, so 13a for
    Arabic and English, exactly as the CLI does.
    """

    name = "bleu"
    higher_is_better = True

    def __init__(
        self,
        tokenize: str | None = None,
        lowercase: bool = False,
        trg_lang: str = "",
        smooth_method: str = "exp",
        smooth_value: float | None = None,
    ) -> None:
        from sacrebleu.metrics.bleu import BLEU

        if tokenize is not None and tokenize not in BLEU.TOKENIZERS:
            raise ValueError(
                f"unknown BLEU tokenizer {tokenize!r}; choose from {', '.join(BLEU.TOKENIZERS)}"
            )
        if smooth_method not in BLEU.SMOOTH_DEFAULTS:
            raise ValueError(
                f"unknown BLEU smoothing {smooth_method!r}; "
                f"choose from {', '.join(BLEU.SMOOTH_DEFAULTS)}"
            )

        def make(effective_order: bool) -> BLEU:
            return BLEU(
                tokenize=tokenize,
                lowercase=lowercase,
                trg_lang=trg_lang,
                smooth_method=smooth_method,
                smooth_value=smooth_value,
                effective_order=effective_order,
            )

        super().__init__(corpus_metric=make(False), sentence_metric=make(True))
