"""Garbled terms: non-words and corrupted compounds in the source or the
back-translation ("mercenary-med" for "mercenary-led", "pilgrimical").

Word frequencies come from ``wordfreq`` (its data ships in the wheel).  A
lowercase word is accepted when it is attested, or when it is an attested
word with an inflection, a derivational suffix or prefix, or two attested
words run together ("sightrunning", "overscan"); what is left is a non-word.
A hyphenated compound is checked part by part, and is also garbled when one
part is a rare word one letter away from a common compound head ("-med" for
"-led"; "med" is a clipped word, not something compounds are made with).

Never checked, because they are not vocabulary: anything with a capital
letter (names, acronyms, and the first word of a sentence, which may be a
name), tokens with digits, URLs and e-mail addresses, words quoted on their
own ("vidde"), and words under three letters.  One exception: in a
back-translation, a capitalised made-up word (rare in wordfreq, not in the
source, linked to no source word) that stands where the source has only
common words ("gurus" -> "Goro", "a hush fell" -> "Sadar") is a garbled term,
when the source has no unmatched name it could be and, where an Arabic pivot
is given, when it spells out a word of the pivot ("Ghour" for الغور): one
the pivot does not have, the system invented.  Conversely a lowercase
non-word that stands for a source *name* ("Velociraptor" -> "phyloseract") is
left to the name detector.

Suggestions are edit-distance-1 corrections ranked by frequency.

The morphology (inflections, suffixes, prefixes, compound heads) is
English, so only English texts are checked; segments in other languages get
no flags rather than a flood of false ones.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from workbench.detectors.base import Detector, SegmentPair
from workbench.detectors.coverage import Alignment, Unit
from workbench.detectors.tokens import Token, tokenize
from workbench.results import Flag, Severity, Span

# A word this frequent (Zipf scale: 1 is once per 10^8 words) is attested.
# wordfreq lists typos and hapaxes down to about 1.0; 1.5 keeps them out.
_KNOWN = 1.5
# The base of an inflected or derived form must be a real word, not a typo.
_BASE = 2.5
# Both halves of a closed compound must be common words.
_COMPOUND_PART = 3.5
# A suggestion must be a common word.
_SUGGESTION = 3.0
# A compound head rarer than this, and this much rarer than a common head one
# letter away, is taken for a misspelling of that head.
_RARE_HEAD = 4.2
_HEAD_MARGIN = 1.0

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_LANGUAGES = frozenset({"en"})
_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|\S+\.(?:com|org|net)\b")
_QUOTES = "\"'“”‘’«»"

# Second parts that English forms compounds with freely ("Kremlin-backed").
_HEADS = frozenset(
    [
        "led",
        "fed",
        "based",
        "backed",
        "run",
        "owned",
        "made",
        "related",
        "free",
        "like",
        "style",
        "friendly",
        "oriented",
        "driven",
        "funded",
        "sponsored",
        "linked",
        "born",
        "bound",
        "wide",
        "long",
        "old",
        "term",
        "scale",
        "level",
        "class",
        "size",
        "sized",
        "type",
        "shaped",
        "held",
        "controlled",
        "dominated",
        "affiliated",
        "aligned",
        "allied",
        "inspired",
        "themed",
        "focused",
        "centred",
        "centered",
        "specific",
        "proof",
        "ready",
        "rich",
        "heavy",
        "laden",
        "filled",
        "packed",
        "armed",
        "trained",
        "equipped",
        "built",
        "designed",
        "produced",
        "fired",
        "powered",
        "fuelled",
        "fueled",
        "operated",
        "managed",
        "appointed",
        "elected",
        "imposed",
        "induced",
        "ridden",
        "stricken",
        "torn",
        "hit",
        "affected",
        "occupied",
        "seeking",
        "making",
        "looking",
        "speaking",
        "sharing",
        "winning",
        "leading",
        "minded",
        "hearted",
        "faced",
        "eyed",
        "haired",
        "headed",
        "handed",
        "sided",
        "legged",
        "tailed",
        "sounding",
        "looking",
        "smelling",
        "tasting",
        "feeling",
        "making",
        "breaking",
        "taking",
        "giving",
        "supported",
        "approved",
        "certified",
        "registered",
        "licensed",
        "fold",
        "odd",
        "ish",
        "esque",
        "wise",
        "ward",
        "wards",
        "way",
        "ways",
    ]
)

_INFLECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # suffix, then the endings to try on the stem ("" = none, "e" = restore e)
    ("'s", ("",)),
    ("ies", ("y",)),
    ("ied", ("y",)),
    ("ier", ("y",)),
    ("iest", ("y",)),
    ("ily", ("y",)),
    ("ing", ("", "e", "-double")),
    ("ed", ("", "e", "-double")),
    ("es", ("",)),
    ("er", ("", "e", "-double")),
    ("ers", ("", "e", "-double")),
    # a plural on a gerund noun: "stumpings", "tastings" (the gerund itself is
    # often too rare for wordfreq, the verb under it is not)
    ("ings", ("", "e", "-double")),
    ("est", ("", "e", "-double")),
    ("ly", ("", "le")),
    ("s", ("",)),
)
_DERIVATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ness", ("", "y")),
    ("iness", ("y",)),  # costliness -> costly
    ("ibility", ("ible",)),
    ("ability", ("able",)),
    ("ity", ("", "e")),
    ("ist", ("", "e", "y")),
    ("ists", ("", "e", "y")),
    ("ism", ("", "e")),
    ("isms", ("", "e")),
    ("ise", ("", "e", "y")),
    ("ize", ("", "e", "y")),
    ("ised", ("", "e", "y")),
    ("ized", ("", "e", "y")),
    ("ising", ("", "e", "y")),
    ("izing", ("", "e", "y")),
    ("isation", ("", "e", "y")),
    ("ization", ("", "e", "y")),
    ("ation", ("", "e", "ate")),
    ("ations", ("", "e", "ate")),
    ("ment", ("",)),
    ("ments", ("",)),
    ("eer", ("",)),
    ("eers", ("",)),
    ("eering", ("",)),
    ("ship", ("",)),
    ("hood", ("",)),
    ("less", ("",)),
    ("ful", ("",)),
    ("able", ("", "e")),
    ("ible", ("", "e")),
    ("ably", ("", "e")),
    ("er", ("", "e")),
    ("ers", ("", "e")),
    ("ics", ("", "e")),
    ("ee", ("",)),
    ("ees", ("",)),
)
_PREFIXES = (
    "un",
    "re",
    "non",
    "pre",
    "post",
    "over",
    "under",
    "anti",
    "co",
    "sub",
    "inter",
    "intra",
    "multi",
    "micro",
    "macro",
    "mini",
    "mega",
    "super",
    "ultra",
    "out",
    "mis",
    "dis",
    "semi",
    "counter",
    "cross",
    "self",
    "half",
    "trans",
    "hyper",
    "neo",
    "pseudo",
    "proto",
    "quasi",
    "bio",
    "geo",
    "eco",
    "tele",
    "auto",
    "de",
    "ex",
    "mid",
    "pro",
)
# Hyphenated first parts that are prefixes, not words ("co-", "ex-", "e-").
_HYPHEN_PREFIXES = frozenset((*_PREFIXES, "e", "x", "t", "u", "a", "i", "o", "vice", "all", "well"))


class _Lexicon:
    """wordfreq's frequency list for one language, as Zipf values."""

    def __init__(self, lang: str) -> None:
        from wordfreq import get_frequency_dict

        self.freqs: dict[str, float] = get_frequency_dict(lang)

    def zipf(self, word: str) -> float:
        freq = self.freqs.get(word)
        return math.log10(freq) + 9 if freq else 0.0


@lru_cache(maxsize=8)
def _lexicon(lang: str) -> _Lexicon:
    return _Lexicon(lang)


def word_zipf(word: str, lang: str = "en") -> float:
    """How common ``word`` is on wordfreq's Zipf scale (0 when unlisted)."""
    return _lexicon(lang).zipf(word.lower())


#: a capitalised word rarer than this (Zipf) is neither a common word nor a
#: well-known name: "Arar", "Goro", "Pomerang" (but not "Victoria", "Flynn")
INVENTED_ZIPF = 2.6


# Endings of English derived words: a rare capitalised word with one of these
# that wordfreq knows is vocabulary in title case ("Seismological").
_ENGLISH_ENDINGS = (
    "al", "ic", "ion", "ment", "ness", "ity", "ous", "ive", "ism", "ist", "ary",
    "ory", "ence", "ance", "ing", "ed", "er", "ers", "ly", "logy", "graphy",
)  # fmt: skip


def _fold(text: str) -> str:
    """``text`` lower-cased without diacritics."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def invented_word(unit: Unit, source: str, lang: str = "en") -> bool:
    """Whether a capitalised back-translation word is made up: rare, not an
    acronym, no English derived word, and nowhere in the source."""
    word = unit.text
    if not (len(word) >= 3 and word[:1].isupper() and word.isalpha() and not word.isupper()):
        return False
    zipf = word_zipf(word, lang)
    # Accents folded: "Guarani" for the source's "Guaraní" is the same word.
    if zipf >= INVENTED_ZIPF or _fold(word) in _fold(source):
        return False
    return not (zipf >= _KNOWN and word.lower().endswith(_ENGLISH_ENDINGS))


def _stems(word: str, suffix: str, endings: tuple[str, ...]) -> Iterator[str]:
    if not word.endswith(suffix) or len(word) - len(suffix) < 2:
        return
    stem = word[: -len(suffix)]
    for ending in endings:
        if ending == "-double":
            # "running" -> "run": a doubled final consonant
            if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
                yield stem[:-1]
        else:
            yield stem + ending


def _valid_inflection(stem: str, suffix: str) -> bool:
    # "bookes", "satisfys": English spells these "books", "satisfies"; and an
    # e-final stem drops its e before -ed/-er/-est ("sightseers", not "sightseeers")
    if suffix[:1] == "e" and stem.endswith("e"):
        return False
    if suffix == "es":
        return stem.endswith(("s", "x", "z", "ch", "sh", "o"))
    if suffix == "s":
        return not (
            len(stem) > 1 and stem[-1] == "y" and stem[-2] not in "aeiou"
        ) and not stem.endswith("s")
    return True


class _Judge:
    """Decides whether lowercase words are words, for one language."""

    def __init__(self, lang: str) -> None:
        self.lex = _lexicon(lang)
        self.known_cache: dict[str, bool] = {}

    def zipf(self, word: str) -> float:
        return self.lex.zipf(word)

    def is_word(self, word: str, depth: int = 0) -> bool:
        cached = self.known_cache.get(word)
        if cached is not None:
            return cached
        result = self._is_word(word, depth)
        if depth == 0:
            self.known_cache[word] = result
        return result

    def _lemma_zipf(self, stem: str) -> float:
        # "accustom" is rare, "accustomed" is not: judge a stem by its family.
        return max(self.zipf(stem + ending) for ending in ("", "s", "ed", "ing"))

    def _is_word(self, word: str, depth: int) -> bool:
        if self.zipf(word) >= _KNOWN:
            return True
        if depth > 1:
            return False
        for suffix, endings in _INFLECTIONS:
            for stem in _stems(word, suffix, endings):
                if _valid_inflection(stem, suffix) and self._lemma_zipf(stem) >= _BASE:
                    return True
        for suffix, endings in _DERIVATIONS:
            if suffix[:1] == "e" and word[: -len(suffix)].endswith("e"):
                continue  # "sightseeers": an e-final stem drops its e here
            for stem in _stems(word, suffix, endings):
                if self.zipf(stem) >= _COMPOUND_PART or (
                    depth == 0 and len(stem) > 3 and self.is_word(stem, depth + 1)
                ):
                    return True
        for prefix in _PREFIXES:
            rest = word[len(prefix) :]
            if (
                word.startswith(prefix)
                and len(rest) >= 3
                and (self.zipf(rest) >= _BASE or self.is_word(rest, depth + 1))
            ):
                return True
        # Two common words run together: "sightrunning", "wallcharts".
        return any(
            self.zipf(word[:i]) >= _COMPOUND_PART and self.zipf(word[i:]) >= _COMPOUND_PART
            for i in range(3, len(word) - 2)
        )

    def corrections(self, word: str, accept: Callable[[str], bool] | None = None) -> list[str]:
        """Words one edit away, most frequent first."""
        candidates = set()
        for i in range(len(word) + 1):
            left, right = word[:i], word[i:]
            if right:
                candidates.add(left + right[1:])
                for c in _LETTERS:
                    candidates.add(left + c + right[1:])
            if len(right) > 1:
                candidates.add(left + right[1] + right[0] + right[2:])
            for c in _LETTERS:
                candidates.add(left + c + right)
        candidates.discard(word)
        scored = [
            (self.zipf(c), c)
            for c in candidates
            if (accept is None or accept(c)) and self.zipf(c) >= _SUGGESTION
        ]
        return [c for _, c in sorted(scored, reverse=True)]


_NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "half",
        "multi",
        "many",
    ]
)
# Species epithets after a genus: "Hesperonychus elizabethae", "Karenia brevis".
_LATIN_ENDINGS = ("ae", "ii", "us", "um", "is", "ensis", "oides", "ata", "ica", "ina")
_GENUS = re.compile(r"\b[A-Z][a-z]+ $")
# A non-word the document uses this often is its own vocabulary (a foreign
# term such as the Maori "hangi"), not a slip.
_DELIBERATE = 3


def _checkable(token: Token, text: str) -> bool:
    word = token.text
    if len(word) < 3 or any(ch.isdigit() for ch in word):
        return False
    if any(ch.isupper() for ch in word):
        # A name is never checked, but the lowercase head of a compound made
        # with one is: "Kremlin-bakced".
        parts = word.split("-")
        if len(parts) == 1 or not parts[-1].islower():
            return False
    if not word.isascii():
        return False  # "hānji": a transliterated foreign term, not an English slip
    if not all(ch.isalpha() or ch in "-'’" for ch in word):
        return False
    before = text[token.start - 1] if token.start else ""
    after = text[token.end] if token.end < len(text) else ""
    # A word quoted on its own is a term being mentioned, often foreign ("vidde").
    if before in _QUOTES and after in _QUOTES:
        return False
    if before == "]" or after == "[":
        return False  # an editor's insertion: "con[c]essions"
    return not (
        word.endswith(_LATIN_ENDINGS)
        and token.start > 1
        and _GENUS.search(text, max(0, token.start - 40), token.start) is not None
    )


def _stands_for_name(aligned: Alignment, token: Token) -> bool:
    """Whether a back-translation non-word stands for a source name: linked to
    one ("Velociraptor" -> "veloxiraptor"), or facing only unmatched names
    ("Velociraptor" -> "phyloseract").  That is the name detector's case."""
    j = aligned.target_at(token.start)
    if j is None:
        return False
    link = aligned.t_links[j]
    if link is not None:
        return aligned.is_name(link)
    facing = aligned.facing(j)
    if not facing:
        return False
    return all(aligned.is_name(i) for i in facing)


def may_invent(source: str, target: str) -> bool:
    """A cheap test before aligning: does ``target`` have any made-up capitalised word?"""
    return any(invented_word(Unit(t.text, t.start, t.end, ""), source) for t in tokenize(target))


def invented_terms(aligned: Alignment, source: str) -> list[tuple[Unit, Span]]:
    """Made-up capitalised words that stand for common source words.

    "a hush fell" -> "Sadar was silent", "gurus" -> "Goro": a capitalised word
    that is no English word, not in the source and not linked to any source
    word, facing source words that are all lowercase.  Names are left alone: a
    pair whose source has an unmatched name at all is skipped (the word may be
    that name, drifted), and so is a made-up word that faces nothing, follows
    a title ("Governor Arar"): a name tacked on, which is not a garbled term,
    or repeats a drifted source name the aligner linked elsewhere.
    """
    if aligned.unmatched_names():
        return []
    found: list[tuple[Unit, Span]] = []
    for j, unit in enumerate(aligned.target):
        if aligned.t_links[j] is not None or not invented_word(unit, source):
            continue
        if after_title(aligned, j):
            continue
        if _another_mention(aligned, j):
            continue
        facing = aligned.facing(j)
        if not facing:
            continue
        first, last = aligned.source[facing[0]], aligned.source[facing[-1]]
        found.append((unit, Span(first.start, last.end, source[first.start : last.end])))
    return found


def _pivot_has(unit: Unit, pivot: str) -> bool:
    """Whether a made-up word of the back-translation is an Arabic pivot
    word spelled out ("Ghour" for الغور, "the valley"): an Arabic term the
    system did not translate, a garbled term.  One the pivot does not have
    ("Arar" where the pivot says "notably") the system invented; reviewers
    read it as a change of meaning, which the word alone cannot say.  Over
    the labelled FLORES and TED pairs, 11 of 12 made-up words the pivot
    spells were labelled garbled-term, against 4 of 10 it does not."""
    from workbench.detectors.names import find_in_pivot

    return find_in_pivot(unit.text, pivot) is not None


def _another_mention(aligned: Alignment, j: int) -> bool:
    """Whether target unit ``j`` is spelled like another target unit that is
    linked to a source name: a name the back-translation mentions twice
    ("Lakkha ... as well" -> "Lakha ... to Lakha"), which the aligner links
    once.  Its respelling is the name detector's finding, and a name is not a
    garbled term."""
    word = _fold(aligned.target[j].text)
    return any(
        k != j and link is not None and aligned.is_name(link) and _fold(other.text) == word
        for k, (other, link) in enumerate(zip(aligned.target, aligned.t_links, strict=True))
    )


def after_title(aligned: Alignment, j: int) -> bool:
    """Whether target unit ``j`` directly follows a capitalised word that the
    source has too ("Governor Arar", "Brazilian Sarar"): a name tacked on.

    The previous word counts when it is linked to a source word, or when the
    source has it anyway: a name mentioned twice in the back-translation gets
    only one link, and its second mention is as much a title for the next word.
    """
    if j == 0:
        return False
    prev, unit = aligned.target[j - 1], aligned.target[j]
    if aligned.t_links[j - 1] is None and not any(
        _fold(prev.text) == _fold(u.text) for u in aligned.source
    ):
        return False
    if prev.text.lower() in _NUMBER_WORDS:
        return False  # "Four Qarat": a number, not a title
    return prev.text[:1].isupper() and unit.start - prev.end <= 1


_Found = tuple[SegmentPair, str, Token, str | None, Span | None]


def _without_drifted_names(pairs: Sequence[SegmentPair], found: list[_Found]) -> list[_Found]:
    """``found`` less the back-translation words the name detector reports
    as a source name respelled ("Triceratops" -> "trayseratops"): a name is
    not a garbled term, and the name detector's flag already sends the
    reviewer there.  The alignment test in :func:`_stands_for_name` misses
    these where the word also faces other lost words."""
    from workbench.detectors.names import name_drift_in

    wanted = {pair.index for pair, side, *_ in found if side == "back"}
    drifted: dict[int, list[Span]] = {}
    for flag in name_drift_in(pairs, wanted):
        if flag.target is not None:
            drifted.setdefault(flag.segment, []).append(flag.target)
    kept: list[_Found] = []
    for item in found:
        pair, side, token, *_ = item
        spans = drifted.get(pair.index, ()) if side == "back" else ()
        if not any(span.start < token.end and token.start < span.end for span in spans):
            kept.append(item)
    return kept


class GarbledTermDetector(Detector):
    """Non-words and corrupted compounds, in the source or the back-translation."""

    kind = "garbled-term"
    description = "a non-word or corrupted compound in the source or the back-translation"

    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        found: list[_Found] = []
        judges: dict[str, _Judge] = {}
        for pair in pairs:
            if pair.source_lang not in _LANGUAGES:
                continue
            judge = judges.get(pair.source_lang)
            if judge is None:
                judge = judges[pair.source_lang] = _Judge(pair.source_lang)
            for token, suggestion in self._garbled(pair.source, judge):
                found.append((pair, "source", token, suggestion, None))
            if pair.target:
                seen_in_source = {t.text.lower() for t in tokenize(pair.source)}
                aligned: Alignment | None = None  # aligned only when needed: it is slow
                for token, suggestion in self._garbled(pair.target, judge):
                    if token.text.lower() in seen_in_source:
                        continue  # the source has it too: not the translation's doing
                    aligned = aligned or Alignment.of(pair.source, pair.target)
                    if _stands_for_name(aligned, token):
                        continue  # a source name mangled: name drift, not a garbled term
                    found.append((pair, "back", token, suggestion, None))
                if not may_invent(pair.source, pair.target):
                    continue
                aligned = aligned or Alignment.of(pair.source, pair.target)
                for unit, term in invented_terms(aligned, pair.source):
                    if pair.pivot and pair.pivot_lang == "ar" and not _pivot_has(unit, pair.pivot):
                        continue
                    token = Token(unit.text, unit.start, unit.end)
                    found.append((pair, "back", token, None, term))
        found = _without_drifted_names(pairs, found)
        uses = Counter((side, token.text.lower()) for _, side, token, _, _ in found)
        return [
            self._flag(pair, side, token, suggestion, term)
            for pair, side, token, suggestion, term in found
            if uses[side, token.text.lower()] < _DELIBERATE
        ]

    def _garbled(self, text: str, judge: _Judge) -> Iterator[tuple[Token, str | None]]:
        masked = _URL_OR_EMAIL.sub(lambda m: "0" * len(m.group(0)), text)
        for token in tokenize(masked):
            if not _checkable(token, masked):
                continue
            word = token.text.replace("’", "'")
            verdict = self._judge(word, judge)
            if verdict is not None:
                yield Token(text[token.start : token.end], token.start, token.end), verdict or None

    def _judge(self, word: str, judge: _Judge) -> str | None:
        """``None`` when ``word`` is fine; otherwise a suggestion, or "" for none."""
        if word.endswith(("'s", "'S")):
            verdict = self._judge(word[:-2], judge)
            return verdict + "'s" if verdict else verdict
        base = word.rstrip("'")
        if "'" in base:
            return None  # contractions and elisions: not worth the risk
        parts = base.split("-")
        if len(parts) == 1:
            if judge.is_word(base):
                return None
            fixes = judge.corrections(base)
            return fixes[0] if fixes else ""
        if any(not p for p in parts):
            return None
        for i, part in enumerate(parts):
            if not part.islower():
                continue  # a name: "Saudi-led"
            if (i == 0 and part in _HYPHEN_PREFIXES) or judge.is_word(part):
                continue
            fixes = judge.corrections(part)
            if not fixes:
                return ""
            return "-".join([*parts[:i], fixes[0], *parts[i + 1 :]])
        head = parts[-1]
        first = parts[0].lower()
        if first in _NUMBER_WORDS or first in _HYPHEN_PREFIXES:
            return None  # "four-fold", "pre-med": not the noun-participle pattern
        if head in _HEADS or judge.zipf(head) >= _RARE_HEAD:
            return None
        heads = judge.corrections(head, accept=lambda c: c in _HEADS)
        if heads and judge.zipf(heads[0]) >= judge.zipf(head) + _HEAD_MARGIN:
            return "-".join([*parts[:-1], heads[0]])
        return None

    def _flag(
        self,
        pair: SegmentPair,
        side: str,
        token: Token,
        suggestion: str | None,
        term: Span | None = None,
    ) -> Flag:
        span = Span(token.start, token.end, token.text)
        where = "source" if side == "source" else "back-translation"
        if term is not None:
            detail = (
                f'"{token.text}" in the back-translation is a made-up word '
                f'where the source says "{term.text}"'
            )
        elif "-" in token.text and suggestion and "-" in suggestion:
            detail = f'"{token.text}" in the {where} looks like a garbled compound'
        else:
            detail = f'"{token.text}" in the {where} is not a known word'
        if suggestion:
            detail += f'; perhaps "{suggestion}"'
        return self.flag(
            pair.index,
            span if side == "source" else term,
            None if side == "source" else span,
            Severity.WARNING,
            detail,
            side=side,
            suggestion=suggestion,
        )
