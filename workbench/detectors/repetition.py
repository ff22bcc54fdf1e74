"""Repetition loops: the neural-MT hallucination that repeats a word or phrase.

Two patterns, on the back-translation (and the first on the pivot too):

- **A loop:** an n-gram (1 to 8 words) repeated at least three times in a row
  ("the the the", "of the army of the army of the army").
- **Over-repetition:** a phrase of two to four words, not all function words,
  that the back-translation says at least four times and at least three times
  more often than the source ("the pilot, the pilot, ..., the pilot").  Three
  is common and harmless (the back-translation repeats a noun where the source
  used a pronoun), so it is not enough.

Nothing is flagged when the source repeats the same thing (its author meant
it: "very very", "no, no, no"), nor for the idioms that repeat by design
("step by step", "again and again", "bye bye", which never make three in a
row), nor for interjections said up to four times ("ha ha ha"; "blah" fifty
times is a loop).  On the pivot, whose words cannot be compared with the
source's, a loop is forgiven when the source repeats some word about as often
("very, very" -> "جداً جداً جداً").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from workbench.detectors.base import Detector, SegmentPair
from workbench.detectors.tokens import Token, tokenize
from workbench.results import Flag, Severity, Span

_MAX_N = 8
_MIN_LOOP = 3
# Interjections and emphatic words that people do write three times in a row.
_ALLOWED_LOOPS = frozenset(
    [
        "ha",
        "haha",
        "he",
        "hee",
        "ho",
        "la",
        "na",
        "no",
        "yes",
        "yeah",
        "yay",
        "bye",
        "very",
        "really",
        "so",
        "go",
        "come",
        "on",
        "oh",
        "ah",
        "blah",
        "knock",
        "tick",
        "tock",
        "boom",
        "bang",
        "bla",
        "cha",
        "chop",
        "quick",
        "la-la",
    ]
)
# Function words: a repeated phrase made only of these ("of the") is grammar, not a loop.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "your",
        "not",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "there",
        "here",
        "than",
        "then",
        "also",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "shall",
        "should",
        "one",
    ]
)
# Over-repetition: tuned on FLORES and IWSLT back-translations, where a phrase
# said three times for a source that uses a pronoun or synonym is common and
# harmless, and four or more against the source's one is a hallucination.
_REPEAT_MIN = 4
_REPEAT_MARGIN = 3
# An interjection said more often than this is a loop even so ("blah" x 49).
_MAX_ALLOWED_TIMES = 4
# Words this close together count as the source repeating itself ("lots and lots").
_NEAR = 4


def _loops(words: list[str]) -> list[tuple[int, int, int]]:
    """``(first, n, times)`` for each run of one n-gram repeated ``times`` >= 3
    times consecutively from word ``first``; shortest period first, no overlaps."""
    found: list[tuple[int, int, int]] = []
    covered = [False] * len(words)
    for n in range(1, _MAX_N + 1):
        i = 0
        while i + n * _MIN_LOOP <= len(words):
            gram = words[i : i + n]
            times = 1
            while words[i + times * n : i + (times + 1) * n] == gram:
                times += 1
            end = i + times * n
            if times >= _MIN_LOOP and not any(covered[i:end]):
                found.append((i, n, times))
                for k in range(i, end):
                    covered[k] = True
                i = end
            else:
                i += 1
    return found


def _max_consecutive(words: list[str], gram: list[str]) -> int:
    n, best = len(gram), 0
    for i in range(len(words) - n + 1):
        times = 0
        while words[i + times * n : i + (times + 1) * n] == gram:
            times += 1
        best = max(best, times)
    return best


def _repeats_itself(words: list[str]) -> int:
    """How many times the source says one word in quick succession ("very,
    very" -> 2, "no, no, no" -> 3, "lots and lots" -> 2); 1 when it does not."""
    best = 1
    for i, word in enumerate(words):
        if word in _FUNCTION_WORDS:
            continue
        times, last = 1, i
        for j in range(i + 1, len(words)):
            if j - last > _NEAR:
                break
            if words[j] == word:
                times, last = times + 1, j
        best = max(best, times)
    return best


def _ngram_counts(words: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


class RepetitionDetector(Detector):
    """Words or phrases looping in the back-translation (or pivot)."""

    kind = "repetition"
    description = "a word or phrase repeated in a loop, or far more often than in the source"

    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        flags: list[Flag] = []
        for pair in pairs:
            source_words = [t.text.lower() for t in tokenize(pair.source)]
            if pair.target:
                flags.extend(self._check(pair, pair.target, "back", source_words))
            if pair.pivot:
                # The pivot is in another language: its loops are judged against
                # how much the source repeats itself, word for word unknown.
                flags.extend(
                    self._check(pair, pair.pivot, "pivot", None, _repeats_itself(source_words))
                )
        return flags

    def _check(
        self,
        pair: SegmentPair,
        text: str,
        side: str,
        source_words: list[str] | None,
        source_repeats: int = 1,
    ) -> list[Flag]:
        tokens = tokenize(text)
        words = [t.text.lower() for t in tokens]
        flags = []
        looped: set[int] = set()
        for first, n, times in _loops(words):
            gram = words[first : first + n]
            if n == 1 and gram[0] in _ALLOWED_LOOPS and times <= _MAX_ALLOWED_TIMES:
                continue
            if source_words is not None and _max_consecutive(source_words, gram) >= 2:
                continue
            if source_repeats > 1 and times <= source_repeats + 1:
                continue
            looped.update(range(first, first + n * times))
            start, end = tokens[first].start, tokens[first + n * times - 1].end
            once = text[tokens[first].start : tokens[first + n - 1].end]
            flags.append(
                self._flag(
                    pair,
                    side,
                    text,
                    start,
                    end,
                    f'"{once}" is repeated {times} times in a row in the {_side_name(side)}',
                    Severity.ERROR if times >= 4 else Severity.WARNING,
                    suggestion=once,
                )
            )
        if source_words is not None and not flags:
            flag = self._over_repetition(pair, text, tokens, words, source_words, looped)
            if flag is not None:
                flags.append(flag)
        return flags

    def _over_repetition(
        self,
        pair: SegmentPair,
        text: str,
        tokens: Sequence[Token],
        words: list[str],
        source_words: list[str],
        looped: set[int],
    ) -> Flag | None:
        # Longest phrase first: "of the army" rather than its parts.
        for n in (4, 3, 2):
            counts = _ngram_counts(words, n)
            source_counts = _ngram_counts(source_words, n)
            for gram, count in counts.most_common():
                if count < _REPEAT_MIN:
                    break
                if all(w in _FUNCTION_WORDS for w in gram) or any(
                    ch.isdigit() for w in gram for ch in w
                ):
                    continue
                if count < source_counts[gram] + _REPEAT_MARGIN:
                    continue
                starts = [i for i in range(len(words) - n + 1) if tuple(words[i : i + n]) == gram]
                if all(i in looped for i in starts):
                    continue
                start, end = tokens[starts[0]].start, tokens[starts[-1] + n - 1].end
                phrase = text[tokens[starts[0]].start : tokens[starts[0] + n - 1].end]
                in_source = source_counts[gram]
                return self._flag(
                    pair,
                    side="back",
                    text=text,
                    start=start,
                    end=end,
                    detail=(
                        f'"{phrase}" occurs {count} times in the back-translation'
                        f" but {in_source} time{'s' if in_source != 1 else ''} in the source"
                    ),
                    severity=Severity.WARNING,
                    suggestion=None,
                )
        return None

    def _flag(
        self,
        pair: SegmentPair,
        side: str,
        text: str,
        start: int,
        end: int,
        detail: str,
        severity: Severity,
        suggestion: str | None,
    ) -> Flag:
        return self.flag(
            pair.index,
            None,
            Span(start, end, text[start:end]),
            severity,
            detail,
            side=side,
            suggestion=suggestion,
        )


def _side_name(side: str) -> str:
    return "back-translation" if side == "back" else "pivot"
