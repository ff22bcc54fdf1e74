"""A deterministic fake translator for fast pipeline tests (no torch).

It "translates" by reversing the words and tagging the direction, counts every
segment it is asked for, and can be told to raise after N batches to simulate
a process killed half-way.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.results import TranslatorInfo
from workbench.translators.base import ModelSpec, ProgressCallback, Translator


class Boom(RuntimeError):
    """Stands in for a crash or Ctrl-C in the middle of a run."""


class FakeTranslator(Translator):
    backend = "fake"

    def __init__(self, spec: ModelSpec, *, fail_after_batches: int | None = None) -> None:
        self.spec = spec
        self.calls: list[list[str]] = []
        self.fail_after_batches = fail_after_batches

    @property
    def info(self) -> TranslatorInfo:
        return TranslatorInfo(
            "fake",
            self.spec.model,
            "rev1",
            self.spec.src_lang,
            self.spec.tgt_lang,
            (("num_beams", str(self.spec.num_beams)),),
        )

    def translate(
        self, texts: Sequence[str], *, progress: ProgressCallback | None = None
    ) -> list[str]:
        if self.fail_after_batches is not None and len(self.calls) >= self.fail_after_batches:
            raise Boom("killed")
        self.calls.append(list(texts))
        tag = f"[{self.spec.tgt_lang}]"
        return [" ".join(reversed(t.split())) + f" {tag}" if t.strip() else "" for t in texts]

    @property
    def segments_translated(self) -> int:
        return sum(len(c) for c in self.calls)


class FakeFactory:
    """Hands out FakeTranslators and remembers them, for assertions."""

    def __init__(self, *, fail_after_batches: int | None = None) -> None:
        self.made: list[FakeTranslator] = []
        self.fail_after_batches = fail_after_batches

    def __call__(self, spec: ModelSpec, backend: str) -> Translator:
        t = FakeTranslator(spec, fail_after_batches=self.fail_after_batches)
        self.made.append(t)
        return t

    @property
    def segments_translated(self) -> int:
        return sum(t.segments_translated for t in self.made)
