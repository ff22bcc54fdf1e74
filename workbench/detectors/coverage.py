"""Omissions and additions: content on one side with no counterpart on the other.

Both detectors align the *content words* of the source and the back-translation
(lower-cased, lemmatised, fuzzy-matched for inflections and British/American
spelling) and look for a stretch of consecutive unmatched content words.  A
stretch alone is not enough, because a paraphrase also leaves unmatched words
("seabed mapping" -> "bathymetry"): the stretch is flagged only when the other
side has (almost) nothing unmatched in the same place, i.e. nothing there could
be its paraphrase.  "The same place" is the gap between the matched words on
either side of the stretch (its anchors), mapped to the other side.

The omission detector also reports a whole source sentence dropped: the
back-translation has fewer sentences, is shorter, and has (almost) none of that
sentence's content words (:func:`dropped_sentences`).

The helpers at the top (``lemma``, ``content_units``, ``align``, ``Alignment``)
are shared with the meaning-drift and garbled-term detectors.

Thresholds were calibrated on FLORES-200 dev (``flores-dev/ar-en``: the English
original against seven systems' back-translations); see ``OMISSION_MIN_RUN``
and the constants beside it.  Lemmas come from simplemma (its English table
ships in the wheel: no download).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import simplemma
from rapidfuzz import fuzz

from workbench.detectors.base import Detector, SegmentPair
from workbench.detectors.tokens import CACHE_SIZE, SPEAKER_TAG, Token, tokenize
from workbench.results import Flag, Severity, Span

# Thresholds, calibrated on flores-dev/ar-en (997 sentences x 7 systems): a
# stretch is flagged when it has at least ``min_run`` content words, the other
# side has at most ``max_counterpart`` as many letters in its place (between the
# anchors), and at most ``max_loose`` as many letters of unmatched content
# anywhere (a paraphrase moved elsewhere).  Three-word stretches were mostly
# paraphrases there; additions are held to a stricter bar because back-
# translations routinely spell out acronyms and make implicit things explicit:
# the source must have nothing at all in their place (the seven 4-5 word
# stretches that 0.2 let through on flores-dev, over six systems, were all
# rewordings: "self-paced learning shows", "usually characterized by").  An
# omission's bar on loose content was 1.0 until TED talks showed rewordings
# moved past their anchor ("a zero learning-curve computer" / "a computer
# that is easy to use"): at 0.6, over all labels (FLORES dev, devtest and
# IWSLT), 5 of its 10 wrong flags went and 1 of its 36 right ones.
OMISSION_MIN_RUN = 4
OMISSION_MAX_COUNTERPART = 0.34
OMISSION_MAX_LOOSE = 0.6
ADDITION_MIN_RUN = 4
ADDITION_MAX_COUNTERPART = 0.05
ADDITION_MAX_LOOSE = 0.5
#: stretches of this many content words or more are errors, not warnings
ERROR_RUN = 6
#: fuzzy match for inflections and spelling variants (rapidfuzz ratio, 0-100)
FUZZY_CUTOFF = 80.0
#: words sharing a prefix this long (or most of the shorter word) match too
PREFIX_MATCH = 5


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: word lists read as prose."""
    return frozenset(text.split())


# Function words: never content.  Negations and modals are here too: the
# meaning-drift detector owns them.
STOPWORDS: frozenset[str] = _words("""
    a an the this that these those there here
    i me my mine myself you your yours yourself yourselves he him his himself she her hers
    herself it its itself we us our ours ourselves they them their theirs themselves
    who whom whose which what whatever whoever whichever
    and or but nor so yet if then than because as since while whereas although though
    unless until till whether either neither both
    of in on at to from by with without for about into onto upon over under above below
    through throughout during before after between among amongst against across along
    around behind beyond near off out up down within via per toward towards
    be am is are was were been being have has had having do does did doing done
    will would shall should can could may might must ought need
    not no never n't cannot none nothing nobody
    also just only even still already yet very too quite rather really more most less least
    much many few some any all each every other another such same own
    one ones s t 's ’s
    """)


def is_function_word(low: str) -> bool:
    """Whether a lower-cased token is a function word ("the", "didn't", "it's")."""
    if low in STOPWORDS or low.endswith("n't"):
        return True
    head, apostrophe, _ = low.replace("’", "'").partition("'")
    return bool(apostrophe) and head in STOPWORDS


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """A lower-case dictionary form (simplemma's English lemma)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return str(simplemma.lemmatize(w, lang="en")).lower()


@dataclass(frozen=True, slots=True)
class Unit:
    """One content word: its text, offsets in the segment, and matching key."""

    text: str
    start: int
    end: int
    key: str


# HTML entities left in MT output (&#39; &quot;) are the encoding detector's
# business; here their letters and digits must not count as words.
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z]+);")
# A number with its group and decimal separators is one unit ("9,174" ~ "9174").
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


@lru_cache(maxsize=CACHE_SIZE)
def clean_tokens(text: str) -> tuple[Token, ...]:
    """Word tokens of ``text`` read through HTML entities, with offsets into ``text``.

    MT output sometimes carries entities ("won&#39;t"); tokenising the raw text
    would split "won't" into "won" and "t" and lose the negation.  Cached and
    shared, hence a tuple.
    """
    if "&" not in text or not _ENTITY.search(text):
        return tokenize(text)
    clean: list[str] = []
    offsets: list[int] = []  # offsets[k]: where clean character k starts in text
    pos = 0
    for m in _ENTITY.finditer(text):
        for k in range(pos, m.start()):
            clean.append(text[k])
            offsets.append(k)
        decoded = html.unescape(m.group(0))
        for ch in decoded:
            clean.append(ch)
            offsets.append(m.start())
        pos = m.end()
    for k in range(pos, len(text)):
        clean.append(text[k])
        offsets.append(k)
    offsets.append(len(text))
    tokens: list[Token] = []
    for tok in tokenize("".join(clean)):
        start, end = offsets[tok.start], offsets[tok.end]
        tokens.append(Token(tok.text, start, end))
    return tuple(tokens)


@lru_cache(maxsize=CACHE_SIZE)
def content_units(text: str) -> tuple[Unit, ...]:
    """The content words of ``text`` in order (hyphenated compounds split).

    Cached and shared (the source side is the same for every system), hence a
    tuple."""
    skip = [(m.start(), m.end()) for m in _ENTITY.finditer(text)] if "&" in text else []
    units: list[Unit] = []
    for m in _NUMBER.finditer(text):
        if not any(a <= m.start() < b for a, b in skip):
            units.append(Unit(m.group(0), m.start(), m.end(), re.sub(r"\D", "", m.group(0))))
            skip.append((m.start(), m.end()))
    for tok in clean_tokens(text):
        start = tok.start
        # A token read through an entity keeps its offsets but not its length:
        # split it only when the two agree.
        parts = tok.text.split("-") if tok.end - tok.start == len(tok.text) else [tok.text]
        for part in parts:
            end = start + len(part) if len(parts) > 1 else tok.end
            low = part.lower().replace("’", "'")
            if any(a <= start < b for a, b in skip):
                pass
            elif low and not is_function_word(low):
                key = lemma(part)
                if len(key) > 1:
                    units.append(Unit(part, start, end, key))
            start = end + 1
    units.sort(key=lambda u: u.start)
    return tuple(units)


#: prefixes that negate an English word ("illegal", "unhurt", "non-violent")
NEGATIVE_PREFIXES = ("non", "un", "in", "im", "il", "ir", "dis")


def is_negative_form(word: str, base: str) -> bool:
    """Whether ``word`` is ``base`` negated by a prefix or "-less" ("illegal"/"legal")."""
    if word.endswith("less") and len(word) > 6 and base.startswith(word[:-4]):
        return True
    for p in NEGATIVE_PREFIXES:
        rest = word[len(p) :].lstrip("-")
        if word.startswith(p) and len(rest) > 2 and (rest == base or lemma(rest) == base):
            return True
    return False


def _is_abbreviation(short: str, long: str) -> bool:
    # "sq" ~ "square", "km" ~ "kilometre": same first letter, letters in order.
    if not 2 <= len(short) <= 3 or len(long) < 4 or short[0] != long[0]:
        return False
    rest = iter(long[1:])
    return all(c in rest for c in short[1:])


# Alignment asks about the same pairs of lemmas for every system's back-translation.
@lru_cache(maxsize=65536)
def keys_match(a: str, b: str) -> bool:
    """Whether two lemma keys are the same word up to inflection or spelling."""
    if a == b:
        return True
    if a.isdigit() or b.isdigit():
        return False
    if is_negative_form(a, b) or is_negative_form(b, a):
        return False
    shorter = min(len(a), len(b))
    if shorter < 4:
        return _is_abbreviation(a, b) if len(a) < len(b) else _is_abbreviation(b, a)
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    if common >= PREFIX_MATCH or common >= max(4, int(0.8 * shorter)):
        return True
    return fuzz.ratio(a, b) >= FUZZY_CUTOFF


def _acronym(word: str) -> str | None:
    # "IOC", "OHA", "Il-76s" no; "AfCFTA" yes: its capitals spell the phrase.
    capitals = "".join(c for c in word if c.isupper())
    if 2 <= len(capitals) <= 7 and word.isalpha() and len(capitals) >= len(word) - 2:
        return capitals
    return None


def align(src: Sequence[Unit], tgt: Sequence[Unit]) -> tuple[list[int | None], list[int | None]]:
    """Link content units across the two sides.

    Returns, for each source unit, the index of a target unit it matches (or
    None), and the same for each target unit.  Greedy and one-to-one for words
    (exact keys first, nearest by relative position, then fuzzy ones), plus
    many-to-one for an acronym and its spelled-out form ("IOC" ~ "International
    Olympic Committee").
    """
    s_links: list[int | None] = [None] * len(src)
    t_links: list[int | None] = [None] * len(tgt)
    n, m = max(len(src), 1), max(len(tgt), 1)
    for exact in (True, False):
        for i, su in enumerate(src):
            if s_links[i] is not None:
                continue
            best: int | None = None
            best_dist = 2.0
            for j, tu in enumerate(tgt):
                if t_links[j] is not None:
                    continue
                ok = su.key == tu.key if exact else keys_match(su.key, tu.key)
                if ok:
                    dist = abs(i / n - j / m)
                    if dist < best_dist:
                        best, best_dist = j, dist
            if best is not None:
                s_links[i] = best
                t_links[best] = i
    _link_acronyms(src, tgt, s_links, t_links)
    _link_acronyms(tgt, src, t_links, s_links)
    _link_glossed(src, s_links)
    _link_glossed(tgt, t_links)
    return s_links, t_links


def _spells(window: Sequence[Unit], acronym: str) -> bool:
    """Whether the words' initials spell ``acronym`` ("Olympic Committee", OC)."""
    return "".join(u.text[0] for u in window).upper() == acronym


def _link_glossed(units: Sequence[Unit], links: list[int | None]) -> None:
    """A phrase spelled out beside its own acronym ("United States Geological
    Survey (USGS)") shares the acronym's link: the other side may give either."""
    for i, unit in enumerate(units):
        acro = _acronym(unit.text)
        if acro is None or links[i] is None:
            continue
        size = len(acro)
        for j in range(max(0, i - size - 2), i - size + 1):
            window = units[j : j + size]
            if all(links[j + k] is None for k in range(size)) and _spells(window, acro):
                for k in range(size):
                    links[j + k] = links[i]
                break


@dataclass(frozen=True, slots=True)
class Alignment:
    """The content units of a source and a back-translation, linked by :func:`align`."""

    source_text: str
    target_text: str
    source: tuple[Unit, ...]
    target: tuple[Unit, ...]
    s_links: list[int | None]
    t_links: list[int | None]

    @classmethod
    def of(cls, source: str, target: str) -> Alignment:
        src, tgt = content_units(source), content_units(target)
        s_links, t_links = align(src, tgt)
        return cls(source, target, src, tgt, s_links, t_links)

    def source_at(self, start: int) -> int | None:
        """The source unit that starts at character ``start``, if any."""
        return next((i for i, u in enumerate(self.source) if u.start == start), None)

    def target_at(self, start: int) -> int | None:
        """The target unit that starts at character ``start``, if any."""
        return next((j for j, u in enumerate(self.target) if u.start == start), None)

    def facing(self, j: int) -> list[int] | None:
        """The unmatched source units in the place of target unit ``j``.

        "The place" is the stretch between the source units linked to the
        nearest linked target units on either side of ``j``; None when those
        anchors cross (the other side was reordered), where no place is known.
        """
        t_links = self.t_links
        lo = next((t_links[k] for k in range(j - 1, -1, -1) if t_links[k] is not None), None)
        hi = next((t_links[k] for k in range(j + 1, len(t_links)) if t_links[k] is not None), None)
        first = -1 if lo is None else lo
        last = len(self.source) if hi is None else hi
        if first >= last:
            return None
        return [i for i in range(first + 1, last) if self.s_links[i] is None]

    def is_name(self, i: int) -> bool:
        """Whether source unit ``i`` is a name, as far as case tells: capitalised,
        and not a common word that only starts a sentence ("Tourists came")."""
        unit = self.source[i]
        if not unit.text[:1].isupper():
            return False
        before = self.source_text[: unit.start].rstrip(" \"'“‘(")
        return not ((not before or before[-1] in ".!?:") and _common_word(unit.text.lower()))

    def unmatched_names(self) -> list[int]:
        """Source units that are unmatched and capitalised: names, or words that
        may be ("Virgin" opening a sentence may be the airline), for checks
        that stay silent when a name may have drifted."""
        return [
            i for i, u in enumerate(self.source) if self.s_links[i] is None and u.text[:1].isupper()
        ]


@lru_cache(maxsize=65536)
def _common_word(word: str) -> bool:
    # wordfreq ships its lists in the wheel; imported late, as few callers need it.
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= COMMON_ZIPF


#: a word at least this frequent (wordfreq Zipf) is common English vocabulary
COMMON_ZIPF = 3.5


def _link_acronyms(
    short: Sequence[Unit],
    long: Sequence[Unit],
    s_links: list[int | None],
    l_links: list[int | None],
) -> None:
    for i, unit in enumerate(short):
        acro = _acronym(unit.text)
        if acro is None or s_links[i] is not None:
            continue
        size = len(acro)
        for j in range(len(long) - size + 1):
            window = long[j : j + size]
            if all(l_links[j + k] is None for k in range(size)) and _spells(window, acro):
                s_links[i] = j
                for k in range(size):
                    l_links[j + k] = i
                break


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


@dataclass(frozen=True, slots=True)
class Gap:
    """A stretch of unmatched content words on one side, and what faces it.

    ``start``/``end`` are character offsets of the stretch in its text;
    ``counterpart_words`` counts the unmatched content words the other side has
    between the stretch's anchors, and ``counterpart_chars`` / ``stretch_chars``
    the letters and digits there and in the stretch (function words included).
    """

    first: int
    last: int
    start: int
    end: int
    counterpart_words: int
    counterpart_chars: int
    stretch_chars: int
    other_unmatched_chars: int

    @property
    def size(self) -> int:
        """Content words in the stretch."""
        return self.last - self.first + 1

    @property
    def counterpart_ratio(self) -> float:
        """How much text the other side has in the stretch's place, relative to it."""
        return self.counterpart_chars / max(self.stretch_chars, 1)

    @property
    def loose_ratio(self) -> float:
        """All unmatched content on the other side (wherever it is), relative to the stretch."""
        return self.other_unmatched_chars / max(self.stretch_chars, 1)


@lru_cache(maxsize=CACHE_SIZE)
def unmatched_stretches(text: str, other: str) -> tuple[Gap, ...]:
    """Runs of consecutive unmatched content words of ``text`` against ``other``.

    Cached (systems often give the same back-translation), hence a tuple."""
    src, tgt = content_units(text), content_units(other)
    links, t_links = align(src, tgt)
    loose = sum(_letters(u.text) for u, link in zip(tgt, t_links, strict=True) if link is None)
    gaps: list[Gap] = []
    i = 0
    while i < len(src):
        if links[i] is not None:
            i += 1
            continue
        first = i
        while i < len(src) and links[i] is None:
            i += 1
        last = i - 1
        before = next((links[k] for k in range(first - 1, -1, -1) if links[k] is not None), None)
        after = next((links[k] for k in range(last + 1, len(src)) if links[k] is not None), None)
        lo = -1 if before is None else before
        hi = len(tgt) if after is None else after
        if lo >= hi:
            # The anchors cross (the other side reordered): take the whole other
            # side as the stretch's place, which errs toward silence.
            lo, hi = -1, len(tgt)
        region_start = 0 if lo < 0 else tgt[lo].end
        region_end = len(other) if hi >= len(tgt) else tgt[hi].start
        chars = _letters(other[region_start:region_end]) - sum(
            _letters(tgt[j].text) for j in range(lo + 1, hi) if t_links[j] is not None
        )
        words = sum(1 for j in range(lo + 1, hi) if t_links[j] is None)
        start, end = src[first].start, src[last].end
        gaps.append(
            Gap(first, last, start, end, words, max(chars, 0), _letters(text[start:end]), loose)
        )
    return tuple(gaps)


# A sentence of the source dropped whole: the source has more sentences than
# the back-translation, and one of them (of at least SENTENCE_MIN_WORDS content
# words) has at most SENTENCE_MAX_COVERED of its content words anywhere in the
# back-translation while the rest of the source has at least SENTENCE_MIN_REST
# of theirs (the back-translation does translate the rest).  On flores-dev/ar-en
# this caught five of the labelled dropped sentences and no paraphrase.
SENTENCE_MIN_WORDS = 4
SENTENCE_MAX_COVERED = 0.25
SENTENCE_MIN_REST = 0.5
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“(]?[A-Z0-9])")


_GLUED_END = re.compile(r"[a-z][.!?](?=[A-Z][a-z])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (a simple end-mark split)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _same_word(a: str, b: str) -> bool:
    # Stricter than keys_match: no fuzzy ratio, which pairs look-alikes
    # ("light" / "night") that a whole dropped sentence must not hide behind.
    return a == b or (min(len(a), len(b)) >= 5 and a[:5] == b[:5])


def dropped_sentences(source: str, target: str) -> list[tuple[int, int]]:
    """Spans of source sentences that have (almost) nothing in the back-translation."""
    parts = sentences(source)
    # "advance.You": a missing space still ends a sentence when counting them
    target_count = len(sentences(target)) + len(_GLUED_END.findall(target))
    if len(parts) < 2 or target_count >= len(parts):
        return []
    keys = [u.key for u in content_units(target)]
    covered: list[tuple[int, int]] = []
    for a, b in parts:
        units = content_units(source[a:b])
        hits = sum(1 for u in units if any(_same_word(u.key, k) for k in keys))
        covered.append((hits, len(units)))
    total = sum(size for _, size in covered)
    found: list[tuple[int, int]] = []
    for n, ((a, b), (hits, size)) in enumerate(zip(parts, covered, strict=True)):
        if size < SENTENCE_MIN_WORDS or hits > SENTENCE_MAX_COVERED * size:
            continue
        if len(keys) > total - size / 2:
            continue  # the back-translation is not shorter: reworded, not dropped
        rest_hits = sum(h for m, (h, _) in enumerate(covered) if m != n)
        rest_size = sum(z for m, (_, z) in enumerate(covered) if m != n)
        if rest_size and rest_hits >= SENTENCE_MIN_REST * rest_size:
            found.append((a, b))
    return found


def blank_speaker_tag(text: str) -> str:
    """``text`` with a speaker tag at its start blanked out, offsets kept:
    translations drop or spell out a tag ("Latif Nasser:"); it is no content."""
    m = SPEAKER_TAG.match(text)
    return text if m is None else " " * m.end() + text[m.end() :]


def _stretches(
    pairs: Sequence[SegmentPair],
    *,
    reverse: bool,
    min_run: int,
    max_counterpart: float,
    max_loose: float,
) -> list[tuple[SegmentPair, str, Gap]]:
    found: list[tuple[SegmentPair, str, Gap]] = []
    for pair in pairs:
        if not pair.target or not pair.target.strip():
            continue
        text = pair.target if reverse else pair.source
        other = pair.source if reverse else pair.target
        for gap in unmatched_stretches(text, other):
            if (
                gap.size >= min_run
                and gap.counterpart_ratio <= max_counterpart
                and gap.loose_ratio <= max_loose
                and not _mostly_names(text, gap)
            ):
                found.append((pair, text, gap))
    return found


def _mostly_names(text: str, gap: Gap) -> bool:
    """Whether most content words of a stretch are capitalised inside the
    sentence: a name that vanished, which is the name detector's finding."""
    units = [u for u in content_units(text) if gap.start <= u.start < gap.end]
    names = sum(
        1
        for u in units
        if u.text[:1].isupper() and text[: u.start].rstrip()[-1:] not in ("", ".", "!", "?", ":")
    )
    return names * 2 > len(units)


def _detail(verb: str, stretch: str, gap: Gap) -> str:
    there = (
        "nothing"
        if gap.counterpart_chars == 0
        else f"{gap.counterpart_chars} letters against {gap.stretch_chars}"
    )
    return (
        f"{gap.size} content words {verb} (“{stretch}”); the other side has {there} in their place"
    )


def _extra(gap: Gap) -> tuple[tuple[str, str], ...]:
    return (
        ("content_words", str(gap.size)),
        ("counterpart_ratio", f"{gap.counterpart_ratio:.2f}"),
    )


def _flag(detector: Detector, pair: SegmentPair, text: str, gap: Gap, verb: str) -> Flag:
    span = Span(gap.start, gap.end, text[gap.start : gap.end])
    added = detector.kind == "addition"
    return detector.flag(
        pair.index,
        None if added else span,
        span if added else None,
        Severity.ERROR if gap.size >= ERROR_RUN else Severity.WARNING,
        _detail(verb, span.text, gap),
        extra=_extra(gap),
    )


class _CoverageDetector(Detector):
    reverse = False
    verb = ""

    def __init__(self, *, min_run: int, max_counterpart: float, max_loose: float) -> None:
        self.min_run = min_run
        self.max_counterpart = max_counterpart
        self.max_loose = max_loose

    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        # A speaker tag ("MG:") is no content a translation must carry: the
        # pivot drops it, and a name detector reports a name lost with it.
        untagged = [
            replace(
                p,
                source=blank_speaker_tag(p.source),
                target=blank_speaker_tag(p.target) if p.target else p.target,
            )
            for p in pairs
        ]
        original = {id(u): p for u, p in zip(untagged, pairs, strict=True)}
        found = _stretches(
            untagged,
            reverse=self.reverse,
            min_run=self.min_run,
            max_counterpart=self.max_counterpart,
            max_loose=self.max_loose,
        )
        return [_flag(self, original[id(u)], text, gap, self.verb) for u, text, gap in found]


class OmissionDetector(_CoverageDetector):
    """Source content with no counterpart in the back-translation."""

    kind = "omission"
    description = "a stretch of the source has no counterpart in the back-translation"
    verb = "missing from the back-translation"

    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        flags = super().detect(pairs)
        whole: list[Flag] = []
        for pair in pairs:
            if not pair.target or not pair.target.strip():
                continue
            for a, b in dropped_sentences(pair.source, pair.target):
                # From its first content word to its last, as stretches are.
                units = content_units(pair.source[a:b])
                if units:
                    a, b = a + units[0].start, a + units[-1].end
                span = Span(a, b, pair.source[a:b])
                whole.append(
                    self.flag(
                        pair.index,
                        span,
                        None,
                        Severity.ERROR,
                        f"a whole sentence is missing from the back-translation (“{span.text}”)",
                        extra=(("check", "sentence"),),
                    )
                )
        # A stretch already flagged inside a dropped sentence is the same finding.
        return [
            *flags,
            *(
                w
                for w in whole
                if not any(
                    f.segment == w.segment
                    and f.source is not None
                    and w.source is not None
                    and w.source.start <= f.source.start < w.source.end
                    for f in flags
                )
            ),
        ]

    def __init__(
        self,
        *,
        min_run: int = OMISSION_MIN_RUN,
        max_counterpart: float = OMISSION_MAX_COUNTERPART,
        max_loose: float = OMISSION_MAX_LOOSE,
    ) -> None:
        super().__init__(min_run=min_run, max_counterpart=max_counterpart, max_loose=max_loose)


class AdditionDetector(_CoverageDetector):
    """Back-translation content with no counterpart in the source."""

    kind = "addition"
    description = "a stretch of the back-translation has no counterpart in the source"
    verb = "added in the back-translation"
    reverse = True

    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        # A loop the model fell into is new text, but the repetition
        # detector's finding: "I talk to people, I talk to people, ..." is
        # one problem, reported once.
        from workbench.detectors.repetition import RepetitionDetector

        loops = [
            f
            for f in RepetitionDetector().detect([p for p in pairs if p.target])
            if f.target_side == "back" and f.target is not None
        ]
        return [
            f
            for f in super().detect(pairs)
            if f.target is None
            or not any(
                loop.segment == f.segment
                and loop.target is not None
                and loop.target.start < f.target.end
                and f.target.start < loop.target.end
                for loop in loops
            )
        ]

    def __init__(
        self,
        *,
        min_run: int = ADDITION_MIN_RUN,
        max_counterpart: float = ADDITION_MAX_COUNTERPART,
        max_loose: float = ADDITION_MAX_LOOSE,
    ) -> None:
        super().__init__(min_run=min_run, max_counterpart=max_counterpart, max_loose=max_loose)


__all__ = [
    "NEGATIVE_PREFIXES",
    "STOPWORDS",
    "AdditionDetector",
    "Alignment",
    "Gap",
    "OmissionDetector",
    "Unit",
    "align",
    "clean_tokens",
    "content_units",
    "dropped_sentences",
    "is_function_word",
    "is_negative_form",
    "keys_match",
    "lemma",
    "sentences",
    "unmatched_stretches",
]
