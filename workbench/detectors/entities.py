"""Candidate proper names in English text, with character spans.

There is no tagger here: a name is a capitalised word that capitalisation
alone explains (mid-sentence), or a sentence-initial capitalised word that is
rare as an English word (``wordfreq``), or is seen capitalised mid-sentence
elsewhere in the same text.  Consecutive name words make one mention
("Khalifa Haftar", "Mossack Fonseca"); possessive endings are left out of the
span ("Haftar’s" -> "Haftar").  A capitalised two-letter word belongs to a
mention only next to a longer name word ("Santa Fe"; "Ma" alone is no name),
articles and particles aside ("La", "al").

Each word carries its Zipf frequency so callers can tell a rare name, which
Arabic script is likely to respell, from a frequent one (Russia, Washington)
or a title-case common word (Minister, Grand), which it is not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from workbench.detectors.arabic import fold
from workbench.detectors.tokens import CACHE_SIZE, tokenize

#: Zipf frequency at or above which a word is an everyday English word
#: (minister 5.0, papers 4.6, grand 4.9) rather than a name likely to drift.
FREQUENT_ZIPF = 4.5
#: A sentence-initial capitalised word below this Zipf frequency is taken as a
#: name even without other evidence (Batten 2.7, Piquet 2.1, Hsieh 2.4).
INITIAL_NAME_ZIPF = 3.0

#: A word rarer than this is not taken as a dictionary word even if listed.
DICTIONARY_MIN_ZIPF = 1.5

#: Title-case function words (The, And, Of) are never part of a name.
FUNCTION_WORD_ZIPF = 6.0

# Capitalised words that are never names for our purposes: calendar words,
# honorifics and generational suffixes, the pronoun I.
_NOT_NAMES = frozenset(
    (
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december"),
        *("jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("mr", "mrs", "ms", "dr", "jr", "sr", "st", "mt", "prof", "gen", "col", "lt"),
        *("sgt", "capt", "hon", "rev", "i", "i'm", "i've", "i'd", "i'll"),
    )
)
_ROMAN = re.compile(r"^[IVXLCDM]+$")
# Articles and particles of Romance and Arabic names (La Leona, al-Sarraj):
# translations drop or respell them, and a name keeps its identity without.
_PARTICLES = frozenset(("al", "el", "la", "le", "lo", "de", "da", "di", "du", "do", "van", "von"))
# Endings of English adjectives and abstract nouns, rare in names: a sentence
# opening with "Convergent" or "Asynchronous" is not about a person.
_WORDLIKE_ENDING = re.compile(
    r"(?:ous|able|ible|ness|ments?|tions?|sions?|ly|ive|ity|ful|less|i[sz]ed|ism|ent|ance|ence)$"
)
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_SENTENCE_END = frozenset(".!?…:")
_OPENERS = frozenset("\"'“‘«([{—–-*•")


@dataclass(frozen=True, slots=True)
class NameToken:
    """One word of a name: its text (possessive left out) and offsets."""

    text: str
    start: int
    end: int
    zipf: float
    sentence_initial: bool
    acronym: bool
    #: a two-letter word (Santa Fe, Lo Piccolo), taken only next to a longer
    #: name word: too short to match on its own, it can still go missing
    short: bool = False

    @property
    def frequent(self) -> bool:
        """An everyday English word or a very common name: not expected to drift."""
        return self.zipf >= FREQUENT_ZIPF

    @property
    def folded(self) -> str:
        """Lower-cased, diacritics stripped: the form names are compared in."""
        return fold(self.text)


@dataclass(frozen=True, slots=True)
class NameMention:
    """Consecutive name words: ``text[start:end]`` of the text they came from."""

    text: str
    start: int
    end: int
    tokens: tuple[NameToken, ...]


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    import wordfreq  # ~0.1 s; paid only when names are looked at

    freqs: dict[str, float] = wordfreq.get_frequency_dict("en")
    return freqs


@lru_cache(maxsize=131072)
def zipf(word: str) -> float:
    """Zipf frequency of ``word`` in English (0.0 when wordfreq has never seen it)."""
    freqs = _frequencies()
    lower = word.lower().replace("’", "'")
    f = freqs.get(lower)
    if f is None:
        f = freqs.get(fold(lower))
    if not f:
        return 0.0
    return round(math.log10(f) + 9, 2)


def lemma_zipf(word: str) -> float:
    """Zipf frequency of ``word`` or of its singular, whichever is higher:
    "Hostels" (2.99) is as ordinary as "hostel" (3.43)."""
    z = zipf(word)
    lower = word.lower()
    if lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3:
        z = max(z, zipf(lower[:-1]))
        if lower.endswith("es"):
            z = max(z, zipf(lower[:-2]))
    return z


#: Languages whose names English texts quote untranslated most often.
FOREIGN_LANGUAGES = ("es", "fr", "de", "it", "pt", "nl", "sv")
#: A word this much more frequent in one of them than in English (in zipf)
#: and common there is that language's word (Sveriges 5.5 in Swedish against
#: 2.1 in English; Asociacion 3.1 in Spanish against 1.5).
FOREIGN_MARGIN = 1.5
FOREIGN_MIN_ZIPF = 3.0
#: ... and English must rarely use it: Prix (3.8) is English in Grand Prix.
FOREIGN_MAX_ENGLISH_ZIPF = 3.0


@lru_cache(maxsize=65536)
def foreign_word(word: str) -> bool:
    """Whether ``word`` is a common word of another language that English
    rarely uses: a name's words in their own language (Sveriges Radio,
    Asociacion Argentina), which translations into English translate."""
    import wordfreq

    english = zipf(word)
    if english >= FOREIGN_MAX_ENGLISH_ZIPF:
        return False
    lower = word.lower()
    return any(
        (z := wordfreq.zipf_frequency(lower, lang)) >= FOREIGN_MIN_ZIPF
        and z >= english + FOREIGN_MARGIN
        for lang in FOREIGN_LANGUAGES
    )


@lru_cache(maxsize=65536)
def dictionary_word(word: str) -> bool:
    """Whether ``word`` is an English common noun, adjective or verb form that
    a dictionary lists (dervishes, horticultural, mystic), as against a proper
    name (Oakland, Hawaii: simplemma gives their lemma a capital) or a word it
    does not know (Maroochydore)."""
    import simplemma

    # Not folded: a word with diacritics (Unión) is not an English word.
    lower = word.lower()
    if not lower.isascii() or not lower.isalpha() or zipf(lower) < DICTIONARY_MIN_ZIPF:
        return False
    out: str = simplemma.lemmatize(lower, lang="en")
    return out[:1].islower() and (out != lower or bool(simplemma.is_known(lower, lang="en")))


def attested(word: str, min_zipf: float = 1.0) -> bool:
    """Whether English text spells a word or name this way often enough to count."""
    return zipf(word) >= min_zipf


# Abbreviations whose full stop does not end a sentence (Mr. Reid, Gen. Haftar).
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "prof",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "rev",
        "hon",
        "mt",
        "vs",
        "v",
        "no",
        "fig",
    ]
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.$")


def sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, a line or the text, so
    that its capital letter says nothing about it being a name."""
    i = start - 1
    while i >= 0:
        ch = text[i]
        if ch == "\n":
            return True
        if ch.isspace() or ch in _OPENERS:
            i -= 1
            continue
        if ch == ".":
            m = _WORD_BEFORE.search(text, max(0, i - 12), i + 1)
            if m and (m.group(1).lower() in _ABBREVIATIONS or len(m.group(1)) == 1):
                return False  # a title or an initial: "Mr. Reid", "J. Smith"
        return ch in _SENTENCE_END
    return True


@dataclass(frozen=True, slots=True)
class _Part:
    text: str
    start: int
    end: int
    joined: bool  # attached to the previous part by a hyphen


_HYPHEN = re.compile(r"(-)")


@lru_cache(maxsize=CACHE_SIZE)
def _parts(text: str) -> tuple[_Part, ...]:
    """Tokens split at hyphens (Riina-driven, Turkish-Russian), possessives cut.
    Cached and shared, hence a tuple."""
    parts: list[_Part] = []
    for tok in tokenize(text):
        offset = tok.start
        if "-" not in tok.text:
            word = _POSSESSIVE.sub("", tok.text)
            parts.append(_Part(word, offset, offset + len(word), joined=False))
            continue
        for k, piece in enumerate(_HYPHEN.split(tok.text)):
            if piece == "-" or not piece:
                offset += len(piece)
                continue
            word = _POSSESSIVE.sub("", piece)
            parts.append(_Part(word, offset, offset + len(word), joined=k > 0))
            offset += len(piece)
    return tuple(parts)


def _joins(gap: str) -> bool:
    """Whether two words separated by ``gap`` can belong to one name."""
    return gap in ("", "-", " ", "\u00a0")


def _capitalised(word: str) -> bool:
    """A Latin capital first, diacritics allowed (Ürümqi, Łódź, Évora)."""
    first = word[:1]
    return first.isupper() and fold(first).isascii() and fold(first).isalpha()


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def _acronym(word: str) -> bool:
    """ACMA, UW, AfCFTA, ISIL, NATO; not an all-caps heading word (UNITED,
    OBSERVATORY)."""
    letters = [ch for ch in word if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    if len(letters) < 2 or upper < 2 or upper * 2 < len(letters) or len(letters) > 6:
        return False
    # Frequency alone cannot tell the two apart: ISIL (3.3) and NATO (4.0) are
    # as common as OBSERVATORY (3.7). What tells them apart is that a heading
    # word is an English word a dictionary lists and an acronym is not.
    return (
        upper < len(letters) or len(letters) <= 3 or zipf(word) < 3.0 or not dictionary_word(word)
    )


@lru_cache(maxsize=CACHE_SIZE)
def capitalised_mid_sentence(text: str) -> frozenset[str]:
    """Folded forms of words capitalised mid-sentence in ``text``: names the
    text itself vouches for, used to accept them at a sentence start too.
    Cached and shared, hence frozen."""
    return _mid_sentence(text, _parts(text))


def _mid_sentence(text: str, parts: Sequence[_Part]) -> frozenset[str]:
    return frozenset(
        {
            fold(part.text)
            for part in parts
            if _capitalised(part.text) and not sentence_initial(text, part.start)
        }
    )


#: A two-letter word standing alone is taken as a name (Ma, Io) only below
#: this Zipf frequency: everyday words capitalised in titles (Go 6.0, No 6.4)
#: and abbreviations (Co 5.2, Re 5.2) are above it.
LONE_SHORT_ZIPF = 5.0


def _lone_short_name(text: str, tok: NameToken) -> bool:
    """Whether a two-letter word with no name word beside it is still a name:
    capitalised mid-sentence, a capital and a small letter (Ma, Io; not US),
    not cut short by a full stop (Co., Ft.) and not an everyday word."""
    return (
        not tok.sentence_initial
        and tok.text[1:].islower()
        and text[tok.end : tok.end + 1] != "."
        and tok.zipf < LONE_SHORT_ZIPF
    )


def extract_names(text: str, known: Iterable[str] = ()) -> list[NameMention]:
    """Candidate proper names in ``text`` (English), left to right.

    ``known`` holds folded names seen elsewhere in the same document (see
    ``capitalised_mid_sentence``), so a name opening a sentence is still found.
    Pass a frozenset, the same one for every segment of a document, to reuse
    the cached result (the source is read once per system).
    """
    frozen = known if isinstance(known, frozenset) else frozenset(known)
    return list(_extract_names(text, frozen))


@lru_cache(maxsize=CACHE_SIZE)
def _extract_names(text: str, known: frozenset[str]) -> tuple[NameMention, ...]:
    # Cached and shared, hence a tuple.
    parts = _parts(text)
    mid = _mid_sentence(text, parts)
    is_name: list[bool] = []
    info: list[NameToken | None] = []
    for idx, part in enumerate(parts):
        word = part.text
        if (
            not _capitalised(word)
            or word.lower().replace("’", "'") in _NOT_NAMES
            or _letters(word) < 2
            or zipf(word) >= FUNCTION_WORD_ZIPF
            or (_ROMAN.match(word) is not None and len(word) <= 4)
        ):
            is_name.append(False)
            info.append(None)
            continue
        if _letters(word) < 3 and not _acronym(word):
            # A two-letter word counts only as part of a longer name (Santa Fe).
            short = len(word) == 2 and word.isalpha() and fold(word) not in _PARTICLES
            is_name.append(short)
            initial = not part.joined and sentence_initial(text, part.start)
            info.append(
                NameToken(word, part.start, part.end, zipf(word), initial, False, short=True)
                if short
                else None
            )
            continue
        initial = not part.joined and sentence_initial(text, part.start)
        z = zipf(word)
        name = True
        if initial:
            nxt = parts[idx + 1] if idx + 1 < len(parts) else None
            followed_by_name = (
                nxt is not None
                and _capitalised(nxt.text)
                and _joins(text[part.end : nxt.start])
                and fold(nxt.text) not in _NOT_NAMES
            )
            rare = lemma_zipf(word) < INITIAL_NAME_ZIPF and not (
                z > 0 and _WORDLIKE_ENDING.search(fold(word))
            )
            name = (
                rare
                or fold(word) in known
                or fold(word) in mid
                or (followed_by_name and z < FREQUENT_ZIPF)
            )
        is_name.append(name)
        info.append(NameToken(word, part.start, part.end, z, initial, _acronym(word)))

    mentions: list[NameMention] = []
    run: list[NameToken] = []

    def close() -> None:
        if all(t.short for t in run) and not (len(run) == 1 and _lone_short_name(text, run[0])):
            run.clear()  # two-letter words alone are mostly no name (Co., At)
        if run:
            start, end = run[0].start, run[-1].end
            mentions.append(NameMention(text[start:end], start, end, tuple(run)))
            run.clear()

    for idx, part in enumerate(parts):
        tok = info[idx]
        if not is_name[idx] or tok is None:
            close()
            continue
        if run and not _joins(text[run[-1].end : part.start]):
            close()
        run.append(tok)
    close()
    return tuple(mentions)
