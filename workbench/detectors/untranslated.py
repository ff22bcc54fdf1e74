"""Untranslated text: pivot-language words left in the back-translation, and
source-language clauses copied through into the pivot.

Two checks, both by writing system:

- **Back-translation.** When the pivot is written in another script than the
  source (Arabic for English), any run of pivot-script words in the
  back-translation was not translated back (unless the source itself quotes
  the same words).  A Latin-script pivot (English, for an Arabic source) is
  judged like the pivot below, since Latin names and brands are common in
  any language.
- **Pivot.** A run of source-script words in the pivot is legitimate when it
  is a name, an acronym, a URL, a number or a technical term kept in Latin
  script (Arabic MT does this all the time: "iPhone", "Cirque du Soleil",
  "Hesperonychus elizabethae"); it is a copy-through when it reads as a clause
  of the source: at least two lowercase words that are in the source, are
  commoner in the source language than in the pivot language (wordfreq), and
  include a function word ("the", "of", "and" ...).

When the pivot shares the source's script (a French pivot for English), only
the second check applies, on runs of source words that the pivot repeats
verbatim.

An identical back-translation is the ideal outcome of a round trip and is
never flagged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

from workbench.detectors.base import Detector, SegmentPair
from workbench.detectors.tokens import Token, tokenize
from workbench.results import Flag, Severity, Span

_LANGUAGE_NAMES = {
    "ar": "Arabic",
    "en": "English",
    "fa": "Persian",
    "ur": "Urdu",
    "he": "Hebrew",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "ru": "Russian",
    "uk": "Ukrainian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "tr": "Turkish",
    "hi": "Hindi",
    "el": "Greek",
}
# The script a language is written in, when the text does not tell (no pivot text).
_LANGUAGE_SCRIPTS = {
    "ar": "ARABIC",
    "fa": "ARABIC",
    "ur": "ARABIC",
    "ps": "ARABIC",
    "he": "HEBREW",
    "ru": "CYRILLIC",
    "uk": "CYRILLIC",
    "bg": "CYRILLIC",
    "el": "GREEK",
    "hi": "DEVANAGARI",
    "zh": "CJK",
    "ja": "CJK",
    "ko": "HANGUL",
    "th": "THAI",
}
_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+", re.IGNORECASE)
# A word this frequent in the source language is a function word there.
_FUNCTION_ZIPF = 5.5
# A copied word is commoner in the source language than in the pivot language.
_LANGUAGE_MARGIN = 1.0
_COMMON_ZIPF = 3.0


@lru_cache(maxsize=4096)
def _char_script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    script = name.split(" ", 1)[0] if name else ""
    # Japanese kana and Han characters are one writing system here.
    return "CJK" if script in {"HIRAGANA", "KATAKANA", "CJK"} else script


def _token_script(token: str) -> str:
    for ch in token:
        if ch.isalpha():
            return _char_script(ch)
    return ""


def _dominant_script(text: str) -> str:
    counts = Counter(_char_script(ch) for ch in text if ch.isalpha())
    return counts.most_common(1)[0][0] if counts else ""


def language_name(code: str) -> str:
    """English name of a language code, or the code itself."""
    return _LANGUAGE_NAMES.get(code, code)


@dataclass(frozen=True, slots=True)
class _Run:
    start: int
    end: int
    words: tuple[str, ...]


def _script_runs(text: str, script: str) -> list[_Run]:
    """Maximal runs of ``script`` words (digits may sit inside a run) whose gaps
    hold no letter of another script."""
    runs: list[_Run] = []
    current: list[Token] = []
    words: list[str] = []

    def close() -> None:
        if words:
            runs.append(_Run(current[0].start, current[-1].end, tuple(words)))
        current.clear()
        words.clear()

    masked = _URL_OR_EMAIL.sub(lambda m: "0" * len(m.group(0)), text)
    for token in tokenize(masked):
        token_script = _token_script(token.text)
        if token_script == script:
            current.append(token)
            words.append(token.text)
        elif token_script == "" and current:
            current.append(token)  # a number inside a run
        else:
            close()
    close()
    return runs


def _source_words(text: str) -> set[str]:
    return {t.text.lower() for t in tokenize(text)}


def _copied_words(
    run: _Run, source_words: set[str], source_lang: str, pivot_lang: str
) -> list[str]:
    """The lowercase words of ``run`` that read as source-language words taken
    from the source."""
    copied = []
    for word in run.words:
        if not word[0].islower() or word.lower() not in source_words:
            continue
        zipf_src = zipf_frequency(word, source_lang)
        if (
            zipf_src >= _COMMON_ZIPF
            and zipf_src >= zipf_frequency(word, pivot_lang) + _LANGUAGE_MARGIN
        ):
            copied.append(word)
    return copied


def _is_copy_through(copied: list[str], run_words: int, source_lang: str) -> bool:
    if run_words < 3 or len(copied) < 2:
        return False
    return any(zipf_frequency(w, source_lang) >= _FUNCTION_ZIPF for w in copied)


def _same_script_runs(pivot: str, source: str) -> list[_Run]:
    """Runs of at least three source tokens that the pivot repeats verbatim."""
    src = [t.text.lower() for t in tokenize(source)]
    trigrams = {tuple(src[i : i + 3]) for i in range(len(src) - 2)}
    tokens = tokenize(pivot)
    runs: list[_Run] = []
    i = 0
    while i < len(tokens) - 2:
        if tuple(t.text.lower() for t in tokens[i : i + 3]) not in trigrams:
            i += 1
            continue
        j = i + 3
        while j < len(tokens) and tuple(t.text.lower() for t in tokens[j - 2 : j + 1]) in trigrams:
            j += 1
        runs.append(_Run(tokens[i].start, tokens[j - 1].end, tuple(t.text for t in tokens[i:j])))
        i = j
    return runs


class UntranslatedDetector(Detector):
    """Pivot-script text in the back-translation; source text copied into the pivot."""

    kind = "untranslated"
    description = (
        "pivot-language text left in the back-translation, or source text copied into the pivot"
    )

    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        flags: list[Flag] = []
        for pair in pairs:
            source_script = _dominant_script(pair.source) or "LATIN"
            # The language's own script first: a pivot copied through whole is
            # all Latin, and its dominant script would hide that.
            pivot_script = (
                _LANGUAGE_SCRIPTS.get(pair.pivot_lang)
                or (_dominant_script(pair.pivot) if pair.pivot else "")
                or "LATIN"
            )
            if pair.target and pivot_script != source_script:
                flags.extend(self._back(pair, pair.target, pivot_script))
            if pair.pivot:
                flags.extend(self._pivot(pair, pair.pivot, source_script, pivot_script))
        return flags

    def _back(self, pair: SegmentPair, target: str, pivot_script: str) -> list[Flag]:
        flags = []
        pivot_name = language_name(pair.pivot_lang)
        pivot_words = _source_words(pair.pivot) if pair.pivot else None
        for run in _script_runs(target, pivot_script):
            text = target[run.start : run.end]
            if text in pair.source:
                continue  # the source quotes it too
            if pivot_script == "LATIN":
                # Latin script in a back-translation into Arabic (or Russian...)
                # is mostly names and brands: ask for a clause, as for the pivot.
                copied = _copied_words(
                    run,
                    pivot_words or {w.lower() for w in run.words},
                    pair.pivot_lang,
                    pair.source_lang,
                )
                if not _is_copy_through(copied, len(run.words), pair.pivot_lang):
                    continue
            flags.append(
                self.flag(
                    pair.index,
                    None,
                    Span(run.start, run.end, text),
                    Severity.ERROR,
                    (f'{pivot_name} text "{text}" was left untranslated in the back-translation'),
                )
            )
        return flags

    def _pivot(
        self, pair: SegmentPair, pivot: str, source_script: str, pivot_script: str
    ) -> list[Flag]:
        source_words = _source_words(pair.source)
        if pivot_script != source_script:
            runs = _script_runs(pivot, source_script)
        else:
            runs = _same_script_runs(pivot, pair.source)
        flags = []
        for run in runs:
            copied = _copied_words(run, source_words, pair.source_lang, pair.pivot_lang)
            if not _is_copy_through(copied, len(run.words), pair.source_lang):
                continue
            text = pivot[run.start : run.end]
            severity = Severity.ERROR if len(copied) >= 5 else Severity.WARNING
            at = pair.source.find(text)
            flags.append(
                self.flag(
                    pair.index,
                    Span(at, at + len(text), text) if at >= 0 else None,
                    Span(run.start, run.end, text),
                    severity,
                    (
                        f'{language_name(pair.source_lang)} words "{_shorten(text)}" were copied'
                        f" into the {language_name(pair.pivot_lang)} pivot untranslated"
                    ),
                    side="pivot",
                )
            )
        return flags


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
