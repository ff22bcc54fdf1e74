"""Name drift and name inconsistency: the names Arabic script respells.

``NameDriftDetector`` compares each source segment with its back-translation.
A proper name of the source that is not in the back-translation (case,
possessive, plural and demonym forms aside) is matched against the
back-translation's capitalised words that are not in the source, with
``arabic.name_similarity``: a key that models what Arabic script confuses
(p/b, v/f, g/j/zh/k/q, ch/sh, unwritten vowels, doubled letters) plus string
similarity.  A match is a *changed* name (Prigozhin -> Prezhugin); no match is
a *missing* one.  When the Arabic pivot is known, the name's rendering in it
is found by its consonant skeleton; it goes in the detail, it lets a
back-translated word that reads like the pivot but not like the source match
(Piquet -> بيكيه -> Becky), and it decides whether a fairly common capitalised
word that is missing was a name the pivot transliterated or a word it
translated.  A name the pivot gave in an Arabic form of its own (Troy ->
طروادة) is paired with a new word that reads like that form (Tarwad) when
each is the only one left unexplained.

An everyday word used as a name (capitalised mid-sentence, or one word of
several: Reading Rainbow, Go Running Tours) is matched only to a rare
spelling (Reding, Ranning); alone it is never reported missing, as it is
more often translated than lost.  A name of several words, joined by "of"
too (Fire of Anatolia), is also judged whole: cut short (Walt Disney World ->
Walt Disney, Santa Fe -> Santa), a word replaced by another capitalised one
(King of Clay -> King of the Dustfields) or made plural (Fire of Anatolia ->
Fires of Anatolia) is drift, unless the word says what kind of thing the
name is (Atlantic Ocean -> the Atlantic, City Hall -> City Council).
Acronyms are compared letter by letter (WNED -> W.N.D.), model designations
by letters and number (Il-76 -> EL-76).  Not drift: a foreign spelling
English hardly uses that came back as its common English exonym (Bolonia ->
Bologna), a spelling with diacritics Arabic script cannot have produced
(Turkey -> Türkiye).

Calls made so that this carries over to systems it was not tuned on: a
name's morphological relatives are the name (Argentine / Argentina, Botanic
/ Botanical), a name in -s cut to a form English never uses is not a
singular (Euripides -> Euripide); an acronym replaced by a widely used one
(ADD -> ADHD) is another name for the thing, and a name missing beside a new
widely used acronym may have become it (Kuomintang -> KMT); a source
spelling English has never seen that came back one letter or swap from a
known spelling was a typo put right.  When the pivot did not transliterate a
name, a name made only of dictionary words (a term: Whirling Dervishes) and
a foreign word of a longer name (Grachtengordel of Amsterdam) were
translated, not lost; a quoted name is a name even so ("Indomitable").  A
word saying what kind of place a name is (Necropolis, Plateau) is not missed
when the name came back.  Drift found besides: a name read as a description
with its kind word lower-cased (Mystic River -> "mysterious river"), a name
that vanished where another name of the sentence came back once more than
the source has it, and a repeated word of a name respelled once (Walla
Walla -> Walla Wala).

Round two (issue 3): a name in another spelling convention English also
writes (Maasai / Masai, Wladyslaw / Vladislav, Herodotus / Herodotos) is not
drift, nor a name the source spells nearby only where the two also look
alike in Latin letters (Edinburgh is no spelling of Addenbrooke's, though
both are d-n-b-r-k in Arabic); nor a dictionary word the pivot translated
that came back as a related word (Nordic -> Norse).  Drift found besides: a
lone two-letter name the pivot spells out, lost (Ma -> "what"); a particle
changed before a name (Lo Piccolo -> Le Piccolo); a title the
back-translation quotes cut short ("Six Days" in Fallujah).

``NameInconsistencyDetector`` looks at one side of a whole document and finds
one name spelled several ways (Haftar / Hifter; Prezhugin / Brigogen /
Przogin).  Two spellings are linked when their ``fine_key``s (which keep
ج-words apart from ك-words) are equal or one symbol apart, their spellings
are similar enough for the key's length, they occur within a few segments of
each other (or are very close spellings), and at least one of them is
unattested in English (``wordfreq`` has never seen it).  Two attested
spellings are never linked: Sergei / Sergey (Shoigu and Lavrov in the
article) are both standard romanisations, as often two people as one, and
Putin / Batten share a key.  Every occurrence of a variant other than the
attested spelling gets a flag (every variant's, when none is attested), so a
reviewer sees each place to fix; each flag's detail lists all variants with
counts and segment indexes, and its suggestion is the attested spelling, or
an attested respelling that two or more variants lead to through Arabic
script's confusions (Brigogen, Prezhugin -> Prigozhin), or None.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from workbench.detectors.arabic import (
    arabic_readings,
    fine_distance,
    fine_key,
    fold,
    is_arabic,
    name_similarity,
    phonetic_key,
    respellings,
    romanize,
    string_similarity,
)
from workbench.detectors.base import Detector, SegmentPair
from workbench.detectors.entities import (
    FREQUENT_ZIPF,
    FUNCTION_WORD_ZIPF,
    NameMention,
    NameToken,
    attested,
    capitalised_mid_sentence,
    dictionary_word,
    extract_names,
    foreign_word,
    lemma_zipf,
    sentence_initial,
    zipf,
)
from workbench.detectors.tokens import CACHE_SIZE, Token, speaker_tag, tokenize
from workbench.results import Flag, Severity, Span

#: A source name and a back-translated word at least this similar are one
#: name respelled (tuned on flores-dev ar-en).
MATCH_THRESHOLD = 0.72
#: A source name and a pivot word at least this similar: the pivot's rendering.
PIVOT_THRESHOLD = 0.8
#: A missing name is flagged only when it is this rare as an English word (a
#: common capitalised word is more often translated than transliterated: Clay
#: -> "dust", Papers -> "documents", Hostels) ...
MISSING_ZIPF = 3.3
#: ... or, when the pivot has a transliteration of it or it is a proper name
#: no dictionary lists as a word, this rare (Stardust, Mister: the pivot kept
#: the name, so the back-translation should have; Harlem, Anderson).
MISSING_PIVOT_ZIPF = 4.5
#: A missing name is excused when the back-translation has a spelling this
#: close that the source itself uses nearby (Gaddafi / Qaddafi).
EXONYM_THRESHOLD = 0.85
#: A source spelling English hardly uses (below the first Zipf frequency)
#: that came back as a close spelling English uses widely (at or above the
#: second) came back as its English exonym: Bolonia (1.1) -> Bologna (3.3).
EXONYM_SOURCE_ZIPF = 2.0
EXONYM_TARGET_ZIPF = 3.0
#: An everyday word used as a name (Reading Rainbow) is matched only to a
#: back-translated spelling rarer than this (Reding 2.0, not Riding 4.0).
RESPELLING_ZIPF = 3.0
#: A name the pivot gave in a form of its own (Troy -> طروادة) and a new
#: back-translated word reading like that form (Tarwad) are paired when they
#: are this similar, below ``MATCH_THRESHOLD``: the pivot vouches for them.
BRIDGE_THRESHOLD = 0.6
#: A lower-case back-translated word rarer than this may be a name.
RARE_LOWERCASE_ZIPF = 2.0
#: Spellings this many segments apart or fewer count as near each other.
NEAR_SEGMENTS = 5
#: When the pivot has no transliteration of a fairly common source word, a
#: back-translated word at least this common in its place is a translation
#: of it (Exposition -> Exhibition, 0.74), not a respelling, unless it is at
#: least this similar (Cologne -> Colony, 0.81).
TRANSLATED_ZIPF = 4.0
TRANSLATED_MATCH = 0.8
#: An all-capitals word of the back-translation this common in English is an
#: acronym of its own, not a respelled source acronym (ADD -> ADHD).
ACRONYM_VARIANT_ZIPF = 3.0
#: A new all-capitals word this common may be a missing name's alias (KMT).
ALIAS_ZIPF = 2.5
#: A source spelling English hardly uses (below ``EXONYM_SOURCE_ZIPF``), one
#: letter or one swap from a spelling it uses at least this often, is a typo
#: the translation mended.
CORRECTED_ZIPF = 2.0
#: ... and at least this much more often than the source's spelling.
CORRECTED_MARGIN = 0.5
#: ... and is this long: one letter of a short name makes another name (Uka / Oka).
CORRECTED_MIN_LETTERS = 5
#: A name word below this Zipf frequency is foreign to English (Binnenstad).
FOREIGN_ZIPF = 1.5
#: At or above this string similarity a changed name is a small respelling.
MINOR_RESPELLING = 0.9
#: Least string similarity of a spelling the source uses nearby, for it to
#: excuse a respelling (Gaddafi / Qaddafi 0.91, Prigozhin / Brigogen 0.73;
#: Addenbrooke / Edinburgh 0.60 is another place).
ALTERNATE_SPELLING = 0.7
#: Zipf frequency from which English is taken to write a name in another
#: spelling convention (Masai 2.65, Vladislav 2.49; Sarinen never).
VARIANT_ZIPF = 2.2

# A sentence's first word, common enough that capitals alone don't make it a
# name, is taken for one when the pivot transliterated it this closely.
PIVOT_NAMED_ZIPF = 3.6
PIVOT_NAMED_MATCH = 0.9

# A capitalised word joined by a hyphen to a lowercase one: Mohenjo-daro.
_HYPHEN_TAIL = re.compile(r"\b([A-Z][a-z]+)-([a-z]{3,})\b")
HYPHEN_TAIL_ZIPF = 3.0

# A lowercase word right after a rare capitalised one, rare itself: a species
# epithet (Geospiza fortis, Karenia brevis).
_EPITHET = re.compile(r" ([a-z]{4,})\b")
EPITHET_ZIPF = 3.0

# Endings that make another form of the same name: plural, demonym, adjective.
_ENDINGS = frozenset(
    (
        *("", "s", "es", "n", "an", "ian", "ians", "ns", "ans", "nian", "nians", "ese"),
        *("i", "is", "ish", "ic", "ics", "ism", "ist", "ists", "ity", "er", "ers", "ern"),
        # demonyms in -ite (Seattle / Seattlites, Israel / Israelites)
        *("ite", "ites"),
        *("a", "e", "y"),
        # adjectives in -al of a name's own word (Botanic / Botanical Garden,
        # Horticulture / Horticultural)
        *("al", "ical"),
        # ... and in -ial of a noun (Minister / Ministerial, President /
        # Presidential)
        "ial",
    )
)
#: A country name in -ia this well attested claims the demonym in -ian
#: (Romania: 3.8; Brazilia, at 1.3, does not take Brazilian from Brazil).
DEMONYM_BASE_ZIPF = 2.0
# British spellings of common words, made American: Harbour / Harbor and
# caesarean / Cesarean are one word, not a drifted name.
_BRITISH = (
    (re.compile(r"our\b|our(?=s\b)"), "or"),
    (re.compile(r"(?<=[^aeiou])re\b"), "er"),
    (re.compile(r"ae"), "e"),
    (re.compile(r"oe(?=[^aeiou])"), "e"),
    (re.compile(r"is(e|ed|es|ing|ation)\b"), r"iz\1"),
    (re.compile(r"mme\b"), "m"),
    (re.compile(r"ogue\b"), "og"),
)


def same_name(a: str, b: str) -> bool:
    """Whether two spellings are one name in another form: case, diacritics,
    possessive, plural or demonym (Russia / Russian, Hungary / Hungarian,
    Afghans / Afghan), or hyphenation (Trans-Alaska / Transalaska)."""
    fa, fb = _norm(a), _norm(b)
    if fa == fb:
        return True
    if len(fa) > len(fb):
        fa, fb = fb, fa
    k = 0
    while k < len(fa) and fa[k] == fb[k]:
        k += 1
    ra, rb = fa[k:], fb[k:]
    if ra == "" and rb == "s" and k >= 2:
        # A plain plural, even of a short name (REMs, Il-76s); but a name in
        # -s that English knows, cut to a form it has never seen, is
        # respelled, not made singular (Aristophanes -> Aristophane).
        return not (zipf(fa) == 0.0 and zipf(fb) > 0.0)
    if _demonym_in_ine(fa, fb, k) or _demonym_of_land(fa, fb):
        return True
    if (
        k >= 4
        and frozenset((ra, rb)) in _ISH_ADJECTIVES
        and min(zipf(fa), zipf(fb)) >= DEMONYM_BASE_ZIPF
    ):
        return True  # a country and its adjective in -ish (Sweden / Swedish, Britain / British)
    if (
        ra == ""
        and rb == "a"
        and fa.endswith("ic")
        and min(zipf(fa), zipf(fb)) >= DEMONYM_BASE_ZIPF
        and dictionary_word(fa)  # an adjective, not a name (Erica / Eric)
    ):
        return True  # a land in -ica and its adjective (Antarctica / Antarctic)
    if k < 4 or ra not in _ENDINGS or rb not in _ENDINGS:
        return False
    if ra == "" and zipf(fa) == 0.0 and zipf(fb) > 0.0:
        # A form English knows cut to one it has never written is the name
        # respelled, not another form of it (Mancunian -> Mancuni).
        return False
    if {ra, rb} == {"es", "is"}:
        return False  # e and i are one letter in Arabic script (Gürses -> Gürsis)
    # Two different single letters (Weise / Weiss, Sergei / Sergey) are a
    # respelling, and so is a final e dropped or added (Berhane / Berhan,
    # Greene / Green): e makes another form only before a demonym ending
    # (Rome / Roman), while a and y also drop for one (Somalia / Somali,
    # Germany / German).
    if {ra, rb} == {"", "e"}:
        return False
    # -n makes a demonym of a name in -a (Russia / Russian), -a a country of
    # one in -i (Somali / Somalia); elsewhere they respell it (Bachman /
    # Bachmann, Glen / Glenn, Latin / Latina, Argentine / Argentinea).
    if ra == "" and ((rb == "n" and fa[-1:] != "a") or (rb == "a" and fa[-1:] != "i")):
        return False
    if {ra, rb} == {"s", "es"} and not fa[:k].endswith(("s", "x", "z", "ch", "sh", "o")):
        return False  # -es is a plural only after a hiss or an o (Sundarbans / Sundarbanes)
    if {ra, rb} == {"n", "an"}:
        return False  # a vowel put in, not an ending (Alden / Aldean)
    if ra == "" and rb in ("ian", "ians") and _own_word(fa):
        return False
    return not (len(ra) == 1 and len(rb) == 1)


_ISH_ADJECTIVES = frozenset((frozenset(("en", "ish")), frozenset(("ain", "ish"))))


def _demonym_in_ine(a: str, b: str, k: int) -> bool:
    """Whether two folded spellings sharing their first ``k`` letters are a
    country in -ina and its demonym in -ine (Argentina / Argentine), both
    attested English words."""
    pair = {a[k:], b[k:]}
    return (
        k >= 5
        and pair == {"a", "e"}
        and a[k - 2 : k] == "in"
        and min(zipf(a), zipf(b)) >= DEMONYM_BASE_ZIPF
    )


def _demonym_of_land(a: str, b: str) -> bool:
    """Whether two folded spellings are a country in -land and its adjective
    in -ish or -ic (Poland / Polish, Finland / Finnish, Iceland / Icelandic),
    both attested English words."""
    land, adjective = (a, b) if a.endswith("land") else (b, a)
    root = land[:-4]
    return (
        land.endswith("land")
        and len(root) >= 2
        and adjective.startswith(root)
        and adjective.endswith(("ish", "ic"))
        and len(adjective) <= len(root) + 5
        and min(zipf(land), zipf(adjective)) >= DEMONYM_BASE_ZIPF
    )


def _own_word(stem: str) -> bool:
    """Whether ``stem`` + "ian" is the demonym of a country in -ia that is not
    ``stem``: Romanian is Romania's, and Roman (more common in English than
    Romania) is a word of its own; Serb and Mongol, rarer than Serbia and
    Mongolia, are other forms of Serbian and Mongolian."""
    country = zipf(stem + "ia")
    return country >= DEMONYM_BASE_ZIPF and zipf(stem) > country


@lru_cache(maxsize=131072)
def _norm(word: str) -> str:
    """The form two words are compared in: folded, possessive, hyphens and
    apostrophes gone, British spelling made American."""
    out = re.sub(r"['’\-]", "", fold(re.sub(r"['’]s$", "", word)))
    for pattern, repl in _BRITISH:
        out = pattern.sub(repl, out)
    return out


@dataclass(frozen=True, slots=True)
class PivotMatch:
    """A word of the Arabic pivot that renders a source name."""

    word: str
    reading: str
    start: int
    end: int
    score: float


# Arabic prepositions, pronouns, particles and auxiliaries, alone or after
# "and" (و): the commonest words of any pivot, and a name's rendering only
# where they spell it exactly (ما: Ma), though their two or three consonants
# match many a short name.
_ARABIC_FUNCTION_WORDS = frozenset(
    pre + word
    for pre in ("", "و", "ف")
    for word in (
        "في", "من", "إلى", "الى", "على", "عن", "مع", "أن", "ان", "إن", "أو", "او",
        "ما", "لا", "لم", "لن", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي", "الذين",
        "كان", "كانت", "قد", "ثم", "حتى", "بين", "عند", "كل", "بعد", "قبل", "هو",
        "هي", "هم", "لكن", "إذا", "منذ", "ضد", "دون", "لقد", "أي", "حيث", "عندما",
    )
)  # fmt: skip


def find_in_pivot(name: str, pivot: Sequence[Token] | str) -> PivotMatch | None:
    """The pivot word whose consonant skeleton best matches ``name``, if any.

    Two adjacent Arabic words are tried as one too (مترو ريل: MetroRail), and
    a Latin-script word the pivot kept as it was counts as its own reading.
    """
    tokens = tokenize(pivot) if isinstance(pivot, str) else pivot
    folded = fold(name)
    candidates: list[tuple[str, str, int, int]] = []
    for k, tok in enumerate(tokens):
        if not is_arabic(tok.text):
            if tok.text[:1].isalpha():
                candidates.append((tok.text, fold(tok.text), tok.start, tok.end))
            continue
        if tok.text in _ARABIC_FUNCTION_WORDS and folded not in {
            fold(r) for r in arabic_readings(tok.text)
        }:
            continue  # إلى ("to") is no rendering of Oli; ما spells Ma exactly
        for reading in arabic_readings(tok.text):
            candidates.append((tok.text, reading, tok.start, tok.end))
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is not None and is_arabic(nxt.text) and nxt.start - tok.end == 1:
            for reading in arabic_readings(tok.text):
                joined = reading + romanize(nxt.text)
                candidates.append((f"{tok.text} {nxt.text}", joined, tok.start, nxt.end))
    best: PivotMatch | None = None
    for word, reading, start, end in candidates:
        if len(phonetic_key(reading)) < 2 and fold(reading) != folded:
            # One consonant matches almost anything; a two-letter name (Ma)
            # counts only where the pivot spells exactly it.
            continue
        score = name_similarity(name, reading, b_is_reading=True)
        if score >= PIVOT_THRESHOLD and (best is None or score > best.score):
            best = PivotMatch(word, reading, start, end, score)
    return best


@dataclass(frozen=True, slots=True)
class _Word:
    """A word of the back-translation, hyphen parts split, possessive cut."""

    text: str
    start: int
    end: int
    index: int  # position among the segment's words


_PART = re.compile(r"[^\W_]+", re.UNICODE)
_ENTITY_POSSESSIVE = re.compile(r"(?<=\w)(?:&#0*39;|&apos;|&#x0*27;)s\b", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


@lru_cache(maxsize=CACHE_SIZE)
def _words(text: str) -> tuple[_Word, ...]:
    # Cached and shared (each text is read by several checks), hence a tuple.
    words: list[_Word] = []
    # A possessive whose apostrophe is an HTML entity (emperor&#39;s) is
    # still a possessive, and no entity's letters are a word (&quot;): both
    # are blanked out, which keeps every offset.
    for tok in tokenize(_ENTITY.sub(_blank, _ENTITY_POSSESSIVE.sub(_blank, text))):
        base = re.sub(r"['’]s$", "", tok.text)
        for m in _PART.finditer(base):
            if m.group(0).isdigit():
                continue
            words.append(_Word(m.group(0), tok.start + m.start(), tok.start + m.end(), len(words)))
    return tuple(words)


# Initials with full stops, read as one acronym: U.S., W.N.D. (a capital
# followed by a lower-case letter starts a word, not an initial).
_DOTTED = re.compile(r"\b[A-Z](?:\.[A-Z](?![a-z]))+\.?")


def _dotted(text: str, words: Sequence[_Word]) -> list[_Word]:
    """The dotted acronyms of ``text`` as words whose text is their letters,
    spanning the whole acronym, indexed at their first letter."""
    by_start = {w.start: w.index for w in words}
    return [
        _Word(m.group(0).replace(".", ""), m.start(), m.end(), by_start.get(m.start(), -1))
        for m in _DOTTED.finditer(text)
    ]


@lru_cache(maxsize=CACHE_SIZE)
def _forms(text: str) -> frozenset[str]:
    """Every folded form of every word: hyphen parts, the whole hyphenated
    token, two words written as one, and dotted initials as one acronym.
    Cached and shared, hence frozen."""
    words = _words(text)
    forms = {_norm(w.text) for w in words}
    forms.update(_norm(t.text) for t in tokenize(text))
    # Two words written as one (Sea Lion / Sealion, Xiao Ping / Xiaoping).
    forms.update(_norm(a.text + b.text) for a, b in itertools.pairwise(words))
    forms.update(_norm(w.text) for w in _dotted(text, words))
    return frozenset(forms)


def acronym_respelled(a: str, b: str) -> bool:
    """Whether two acronyms are one with a letter changed, dropped or added
    (WNED -> WND, WED; PBS -> BBS, whose first letters Arabic script writes
    alike), rather than one cut short or lengthened (BCE / BC,
    which is a variant) or a different acronym."""
    fa, fb = fold(a), fold(b)
    if fa == fb or max(len(fa), len(fb)) < 3:
        return False
    if fa[:1] != fb[:1] and phonetic_key(fa[:1]) != phonetic_key(fb[:1]):
        return False  # a first letter Arabic script tells apart (PBS -> BBS it does not)
    if fa.startswith(fb) or fb.startswith(fa):
        return False
    return Levenshtein.distance(fa, fb) == 1


# A model or type designation: letters, an optional hyphen, digits (Il-76,
# A380, MH17, F-16).
_MODEL = re.compile(r"([A-Za-z]{1,4})-?(\d+)")


def model_numbers(text: str) -> list[tuple[str, str, Token]]:
    """The letters-and-number designations of ``text``: (folded letters,
    digits, token), the letters starting with a capital in the source."""
    found: list[tuple[str, str, Token]] = []
    for tok in tokenize(text):
        m = _MODEL.fullmatch(tok.text)
        if m is not None:
            found.append((fold(m.group(1)), m.group(2), tok))
    return found


# Words and their abbreviations, one word either way (Mister Rogers -> Mr.
# Rogers, Mount Everest -> Mt. Everest).
_ABBREVIATED = {
    "mister": "mr",
    "doctor": "dr",
    "saint": "st",
    "mount": "mt",
    "fort": "ft",
    "junior": "jr",
    "senior": "sr",
}


# Combining forms of a people or country in a compound (Sino-Japanese,
# Anglo-Saxon), and how their country's or people's English names begin.
_COMBINING_FORMS = {
    "sino": ("chin",),
    "anglo": ("engl", "brit"),
    "franco": ("fren", "fran"),
    "russo": ("russ",),
    "indo": ("ind",),
    "austro": ("austr",),
    "greco": ("gree", "grec"),
    "graeco": ("gree", "grec"),
    "judeo": ("jew", "jud"),
    "afro": ("afric",),
    "euro": ("europ",),
    "italo": ("ital",),
    "hispano": ("span", "hisp"),
    "luso": ("portug",),
    "nippo": ("japan",),
    "turco": ("turk",),
    "serbo": ("serb",),
}


# The endings of Latin names of families, subfamilies and orders.
_TAXON = re.compile(r"(?:idae|inae|aceae|oidea|iformes)$")


# The parts of a compound written with inner capitals (MetroRail, NextGen).
_CAMEL_PARTS = re.compile(r"[A-Z][a-z]+|[a-z]+")


def _present(word: str, forms: Set[str], by_prefix: dict[str, list[str]]) -> bool:
    f = _norm(word)
    if f in forms or _ABBREVIATED.get(f, "") in forms:
        return True
    if f in _COMBINING_FORMS:
        # Sino-Japanese -> "Chinese-Japanese"
        return any(o.startswith(_COMBINING_FORMS[f]) for o in forms)
    if f.endswith("land") and any(_demonym_of_land(f, o) for o in forms if o[:2] == f[:2]):
        return True  # Poland's -> Polish
    parts = _CAMEL_PARTS.findall(word) if not word.isupper() else []
    if len(parts) > 1 and all(_norm(p) in forms for p in parts):
        return True  # a compound's parts as words, in any order (MetroRail -> Rail Metro)
    return any(same_name(f, other) for other in by_prefix.get(f[:4], ()))


def _index_by_prefix(forms: Iterable[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for f in forms:
        index[f[:4]].append(f)
    return index


def _is_candidate(
    word: _Word, text: str, source_forms: Set[str], source_index: dict[str, list[str]]
) -> bool:
    """A back-translated word that could be a respelled source name."""
    w = word.text
    if not w[:1].isascii() or sum(c.isalpha() for c in w) < 2:
        return False
    if _present(w, source_forms, source_index):
        return False
    z = zipf(w)
    if not w[:1].isupper():
        # A lower-case word English does not know may be a name lower-cased
        # (Velociraptor -> "veloceraptor").
        return z < RARE_LOWERCASE_ZIPF and len(w) >= 4
    if z >= 6.0:
        return False
    # A common word opening a sentence is capitalised for that reason alone.
    return not (z >= FREQUENT_ZIPF and sentence_initial(text, word.start))


def _mends(folded: str, word: str, source_forms: Set[str]) -> bool:
    """Whether ``word``, new in the back-translation, is an everyday word one
    or two letters from the source's rare ``folded`` spelling: a typo mended."""
    other = fold(word)
    return (
        other[:1] == folded[:1]
        and zipf(word) >= FREQUENT_ZIPF
        and _norm(word) not in source_forms
        and Levenshtein.distance(folded, other) <= 2
        and string_similarity(folded, other) >= 0.85
    )


def _exonym(tok: NameToken, variant: str) -> bool:
    """Whether ``variant`` is the English exonym of a foreign spelling: the
    source's spelling is rare in English, the variant's common and close to
    it: the same initial, about as long, two edits at most (Bolonia ->
    Bologna, Sevilla -> Seville).  A variant English does not use (Bulogna),
    a rare spelling of a rare name (Jarque -> Jarek), a name cut short
    (Moriori -> Mori) and a brand's spelling made a word (MetroPlus ->
    Metropolis) are drift."""
    other = fold(variant)
    return (
        tok.zipf < EXONYM_SOURCE_ZIPF
        and variant[:1].isupper()
        and not any(c.isupper() for c in tok.text[1:])
        and zipf(variant) >= EXONYM_TARGET_ZIPF
        and tok.folded[:1] == other[:1]
        and abs(len(tok.folded) - len(other)) <= 1
        and Levenshtein.distance(tok.folded, other) <= 2
        and string_similarity(tok.text, variant) >= EXONYM_THRESHOLD
    )


# Letters that romanisation conventions English uses side by side write
# differently for one sound: a long vowel doubled or not (Maasai / Masai), w or v
# and y or i for Slavic names (Wladyslaw / Vladislav).
_CONVENTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"([aeiou])\1"), r"\1"),
    (re.compile(r"w"), "v"),
    (re.compile(r"y"), "i"),
)


def _convention_key(folded: str) -> str:
    for pattern, repl in _CONVENTIONS:
        folded = pattern.sub(repl, folded)
    return folded


def _spelling_variant(tok: NameToken, variant: str) -> bool:
    """Whether ``variant`` is the same name under another spelling convention
    that English also writes: the two differ only in the letters of
    ``_CONVENTIONS`` and English uses the variant as a name often enough to
    count (Maasai -> Masai, Wladyslaw -> Vladislav); or a classical name's
    Latin ending given in Greek or the reverse (Herodotus -> Herodotos).
    A form English has never written (Saarinen -> Sarinen) and a common word
    (Reid -> Reed) are drift."""
    other = fold(variant)
    if tok.acronym or not variant[:1].isupper() or other == tok.folded:
        return False
    stem = tok.folded[:-2]
    if len(stem) >= 5 and {tok.folded[-2:], other[-2:]} == {"us", "os"} and other[:-2] == stem:
        return True
    return (
        _convention_key(tok.folded) == _convention_key(other)
        and zipf(variant) >= VARIANT_ZIPF
        and not dictionary_word(variant)
    )


def _agent_noun(tok: NameToken, variant: str) -> bool:
    """Whether one is the plural agent noun of the other, both words a
    dictionary lists: a group of people for their deeds (Crusaders ->
    Crusades) or the reverse, no more drift than a demonym for its country.
    Only the plural: a surname that is also an agent noun (Walker -> Walk)
    names one person and stays drift."""
    agent, deed = tok.folded, fold(variant)
    if len(deed) > len(agent):
        agent, deed = deed, agent
    return (
        agent.endswith("rs")
        and agent[:-1] in (deed.removesuffix("s") + "r", deed.removesuffix("s") + "er")
        and dictionary_word(tok.text)
        and dictionary_word(variant)
    )


def _derived(tok: NameToken, variant: str) -> bool:
    """Whether the source word and the variant are two words of one family
    that a dictionary lists, capitalised in a title (Sustainable ->
    Sustainability, Subtropical -> Tropical): a word's form changed, not a
    name's spelling."""
    a, b = sorted((tok.folded, fold(variant)), key=len)
    return (
        len(a) >= 5
        and (b.startswith(a[: max(6, len(a) - 2)]) or b.endswith(a))
        and dictionary_word(tok.text)
        and dictionary_word(variant)
    )


def _corrected(tok: NameToken, variant: str) -> bool:
    """Whether ``variant`` is the source's misspelling of a name put right:
    English hardly uses the source's spelling, uses the variant clearly more,
    and the two are one letter or one swap of neighbours apart (Madnona ->
    Madonna, Khrushcev -> Khrushchev), or the same letters with one
    misplaced (Phnom Phen -> Phnom Penh).  One letter off a short name
    makes another name (Uka -> Oka)."""
    z = zipf(variant)
    return (
        not tok.acronym  # acronyms are compared letter by letter instead
        and tok.zipf < EXONYM_SOURCE_ZIPF
        and z >= CORRECTED_ZIPF
        and z >= tok.zipf + CORRECTED_MARGIN
        and (
            (
                len(tok.folded) >= CORRECTED_MIN_LETTERS
                and OSA.distance(tok.folded, fold(variant)) <= 1
            )
            or sorted(tok.folded) == sorted(fold(variant))  # a letter misplaced: Phen / Penh
        )
    )


def _stem_of(a: str, b: str) -> bool:
    """Whether one folded spelling is the other cut short, four letters or more."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and short != long and long.startswith(short)


def _severity(a: str, b: str) -> Severity:
    return Severity.WARNING if string_similarity(a, b) >= MINOR_RESPELLING else Severity.ERROR


def _pivot_note(matches: Sequence[PivotMatch | None]) -> str:
    found = [m for m in matches if m is not None]
    if not found:
        return ""
    words = " ".join(m.word for m in found)
    reading = " ".join(m.reading for m in found)
    return f' (the Arabic pivot has "{words}", read "{reading}")'


@dataclass
class _Finding:
    """One source name word and what became of it."""

    token: NameToken
    mention: int
    position: int  # the word's place in its mention
    variant: _Word | None
    pivot: PivotMatch | None


#: A name of several everyday words is the document's own coinage when it
#: names things in this many segments (a talk's "Panic Monster").
COINED_SEGMENTS = 3


def _key(mention: NameMention) -> tuple[str, ...]:
    return tuple(t.folded for t in mention.tokens)


def _coined_names(
    mentions: Sequence[Sequence[NameMention]], speakers: Set[str] = frozenset()
) -> frozenset[tuple[str, ...]]:
    """Names of everyday words that the source spells with capitals in
    ``COINED_SEGMENTS`` segments or more: two or more words (a talk's Panic
    Monster), or one word that also tags a speaker of the transcript (Ray,
    the speaker's co-founder: "Hey Ray", "Thanks, Ray", "Ray: You're
    welcome"). ``speakers``: the folded words of the source's speaker tags.
    A lone everyday word is no name by its capitals alone: nationalities,
    languages and places are capitalised too (Spanish, Olympic, China)."""
    counts = Counter(
        key
        for found in mentions
        for key in {
            _key(m)
            for m in found
            if _everyday(m) and (len(m.tokens) >= 2 or m.tokens[0].folded in speakers)
        }
    )
    return frozenset(key for key, n in counts.items() if n >= COINED_SEGMENTS)


def speaker_words(texts: Iterable[str]) -> frozenset[str]:
    """The folded words of the speaker tags ``texts`` open with (Ray: ...)."""
    return frozenset(
        fold(word)
        for text in texts
        if (m := speaker_tag(text)) is not None
        for word in m.group("tag").split()
    )


def _everyday(mention: NameMention) -> bool:
    """Whether a name is made of dictionary words only, none an acronym or a
    word saying what kind of thing it is (United States, TED Talk are names
    of another sort)."""
    return all(
        not t.acronym and not _descriptive(t.text) and dictionary_word(t.text)
        for t in mention.tokens
    )


@lru_cache(maxsize=4)
def _document_names(names: tuple[frozenset[str], ...]) -> frozenset[str]:
    # One object per document, so that the cached extract_names finds it by
    # identity for every system checked against the same source.
    return frozenset().union(*names)


def name_drift_in(pairs: Sequence[SegmentPair], wanted: Set[int]) -> list[Flag]:
    """The name detector's flags on the ``wanted`` segments, judged with the
    whole document's sources (a talk's own names, names said nearby).  For
    detectors whose finding a drifted name already explains: a name is
    neither a garbled term nor a change of meaning."""
    if not wanted:
        return []
    document = [p if p.index in wanted else replace(p, target=None) for p in pairs]
    return [f for f in NameDriftDetector().detect(document) if f.segment in wanted]


class NameDriftDetector(Detector):
    """A source name respelled, or lost, in the back-translation."""

    kind = "name-drift"
    description = "a name whose spelling changed, or that vanished, in the back-translation"

    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        names = [capitalised_mid_sentence(pair.source) for pair in pairs]
        known = _document_names(tuple(names))
        coined = _coined_names(
            [extract_names(pair.source, known) for pair in pairs],
            speaker_words(pair.source for pair in pairs),
        )
        flags: list[Flag] = []
        for k, pair in enumerate(pairs):
            if pair.target is not None and pair.source.strip():
                nearby = set().union(*names[max(0, k - NEAR_SEGMENTS) : k + NEAR_SEGMENTS + 1])
                found = self._segment(pair, known, nearby, coined)
                flags.extend(self._with_speaker(pair, found, coined))
        return flags

    def _segment(
        self,
        pair: SegmentPair,
        known: frozenset[str],
        nearby: set[str],
        coined: frozenset[tuple[str, ...]] = frozenset(),
    ) -> list[Flag]:
        """Flags for one pair; ``known``: names the whole source capitalises
        mid-sentence, ``nearby``: those of the segments around this one,
        ``coined``: names of everyday words the document keeps using."""
        assert pair.target is not None
        source, back = pair.source, pair.target
        flags = self._models(pair) + self._hyphen_tails(pair)
        back_forms = _forms(back)
        mentions = extract_names(source, known)
        if pair.pivot and pair.pivot_lang == "ar":
            mentions = _pivot_named(source, pair.pivot, mentions, back_forms)
        # A word a name repeats (Pago Pago, Baden-Baden) must come back as
        # often: its later copies are absent when the back-translation has
        # fewer (Pago Bago).
        back_counts = Counter(_norm(w.text) for w in _words(back))
        repeated = {
            tok.start
            for mention in mentions
            for k, tok in enumerate(mention.tokens)
            if (n := sum(_norm(t.text) == _norm(tok.text) for t in mention.tokens[:k])) > 0
            and back_counts[_norm(tok.text)] <= n
        }
        # A name the source mentions more often than the back-translation
        # spells it may have come back respelled in one place (Luna ... Luna
        # -> Lona ... Luna): its later mentions are looked for among the
        # new spellings, but not reported lost when none matches, since a
        # repeated name is often a pronoun the second time.
        said = Counter(_norm(tok.text) for mention in mentions for tok in mention.tokens)
        recount: set[int] = set()
        for mention in mentions:
            for tok in mention.tokens:
                word = _norm(tok.text)
                if tok.start in repeated or said[word] <= max(1, back_counts[word]):
                    continue
                if back_counts[word] and tok.start != _first_mention(mentions, word):
                    recount.add(tok.start)
        repeated |= recount
        if not repeated and all(
            _norm(tok.text) in back_forms for m in mentions for tok in m.tokens
        ):
            # Every name word came back as it was; a particle before one, or
            # the quotation marks around a title, may not have.
            flags.extend(self._particles(pair, flags))
            flags.extend(self._cut_titles(pair, flags))
            return flags
        back_index = _index_by_prefix(back_forms)
        # Words of a hyphenated token that came back joined (Trans-Alaska ->
        # Transalaska) are present.
        joined = {
            offset
            for t in tokenize(source)
            if "-" in t.text and _norm(t.text) in back_forms
            for offset in range(t.start, t.end)
        }
        # So are two words of a name that came back as one (Air Lines -> Airlines).
        for mention in mentions:
            for a, b in itertools.pairwise(mention.tokens):
                if _norm(a.text + b.text) in back_forms:
                    joined.update((a.start, b.start))
        absent: list[tuple[int, int, NameToken]] = [
            (m, p, tok)
            for m, mention in enumerate(mentions)
            for p, tok in enumerate(mention.tokens)
            if tok.start not in joined
            and (tok.start in repeated or not _present(tok.text, back_forms, back_index))
        ]
        missing = [
            (m, p, tok)
            for m, p, tok in absent
            if _looked_for(tok, mentions[m]) or _key(mentions[m]) in coined
        ]
        source_forms = _forms(source)
        source_index = _index_by_prefix(source_forms)
        back_words = _words(back)
        candidates = [w for w in back_words if _is_candidate(w, back, source_forms, source_index)]
        # The romaniser reads Arabic script only; another pivot language is ignored.
        pivot_tokens = tokenize(pair.pivot) if pair.pivot and pair.pivot_lang == "ar" else ()

        # Score each missing name type against each candidate type; assign greedily.
        types: dict[str, NameToken] = {}
        for _, _, tok in missing:
            types.setdefault(tok.folded, tok)
        pivots: dict[str, PivotMatch | None] = {
            f: find_in_pivot(tok.text, pivot_tokens) if pivot_tokens else None
            for f, tok in types.items()
        }
        cand_types: dict[str, list[_Word]] = {}
        for w in candidates:
            cand_types.setdefault(fold(w.text), []).append(w)
        # Dotted initials (W.N.D.) are candidates for acronyms only.
        for w in _dotted(back, back_words):
            if _norm(w.text) not in source_forms:
                cand_types.setdefault("." + fold(w.text), []).append(w)
        # A rare spelling one or two letters from an everyday word of the
        # back-translation is the source's typo, mended (Novemeber, Transportaion).
        mended = {
            f
            for f, tok in types.items()
            if tok.zipf < 2.0 and any(_mends(f, w.text, source_forms) for w in back_words)
        }
        for f in mended:
            del types[f]
        scored: list[tuple[float, str, str]] = []
        for f, tok in types.items():
            pm = pivots[f]
            for cf, words in cand_types.items():
                cand = words[0].text
                if tok.acronym and (cf.startswith(".") or cand.isupper()):
                    # Acronyms are compared letter by letter: WNED -> W.N.D.;
                    # but an acronym English uses widely in its place is
                    # another name for the thing, not a respelling of it
                    # (ADD -> ADHD, UNO -> UN).
                    if acronym_respelled(tok.text, cand) and not (
                        not cf.startswith(".") and zipf(cand) >= ACRONYM_VARIANT_ZIPF
                    ):
                        scored.append((1.0, f, cf))
                    continue
                if cf.startswith("."):
                    continue
                if tok.acronym and (f.startswith(cf) or cf.startswith(f)):
                    continue  # an acronym shortened or lengthened (BCE / BC)
                if (
                    tok.frequent
                    and (zipf(cand) >= RESPELLING_ZIPF or not cand.isascii())
                    and (
                        pm is None
                        or not cand.isascii()
                        or (
                            Levenshtein.distance(f, cf) > 1
                            and dictionary_word(cand)
                            and phonetic_key(cand) != phonetic_key(pm.reading)
                        )
                    )
                ):
                    # An everyday word used as a name (Reading Rainbow) is
                    # matched only to a spelling English hardly uses (Reding),
                    # and not to one with diacritics, which Arabic script
                    # cannot have given (Turkey -> Türkiye is the endonym).
                    # Unless the pivot transliterated it: then it was a name
                    # there, and a word one letter off is its respelling
                    # (Hall -> هال -> Hull; not Turkey -> Turkish), as is a
                    # name or a word that spells the pivot's very consonants
                    # (Louis -> لويس -> Lewis, Wales -> ويلز -> Wells).
                    continue
                score = name_similarity(tok.text, cand)
                if _convention_key(f) == _convention_key(cf):
                    # One name in two spelling conventions (Waclaw / Vaclav),
                    # however far apart Arabic script puts w and v.
                    score = 1.0
                if pm is not None:
                    via_pivot = name_similarity(cand, pm.reading, b_is_reading=True)
                    score = max(score, min(pm.score, via_pivot))
                elif zipf(cand) >= FREQUENT_ZIPF and tok.zipf >= 3.5 and not _stem_of(f, cf):
                    # An everyday word in place of a fairly common one is a
                    # translation (Prix -> Prize), not a respelling; one that
                    # is the name cut short is (Romanian -> Roman).
                    continue
                elif (
                    pivot_tokens
                    and tok.zipf >= 3.5
                    and score < TRANSLATED_MATCH
                    and (
                        zipf(cand) >= TRANSLATED_ZIPF
                        or (dictionary_word(cand) and dictionary_word(tok.text))
                    )
                ):
                    # A pivot that did not transliterate the word says it
                    # translated it: a less common word that only loosely
                    # resembles it is that translation (Exposition ->
                    # Exhibition), a close one still a respelling (Cologne
                    # -> Colony). So is a rarer one where both are words a
                    # dictionary lists (Nordic -> Norse).
                    continue
                if score >= MATCH_THRESHOLD:
                    scored.append((score, f, cf))
        assigned: dict[str, str] = {}
        used: set[str] = set()
        for _, f, cf in sorted(scored, reverse=True):
            if f not in assigned and cf not in used:
                assigned[f] = cf
                used.add(cf)

        # A name the back-translation gives in another spelling that the
        # source itself uses here or a few segments away (Gaddafi, also
        # Qaddafi; Sevilla ... Seville) is not drift: the reader has seen both.
        # It must look alike in Latin letters too, not only in its Arabic
        # consonants: Edinburgh, named a few lines away, is no other spelling
        # of Addenbrooke's, though both reduce to d-n-b-r-k.
        alternates = [
            w.text
            for w in back_words
            if w.text[:1].isupper()
            and zipf(w.text) < FREQUENT_ZIPF
            and (fold(w.text) in nearby or _norm(w.text) in source_forms)
        ]
        own_mention = {tok.folded: {t.folded for t in mentions[m].tokens} for m, _, tok in missing}
        # A name the back-translation also spells as the source does, in
        # another place, was not given its exonym or mended there: the other
        # spelling is a slip (Kenema ... Kenema -> Kenema ... Kenya).
        kept_too = {f for f, tok in types.items() if _present(tok.text, back_forms, back_index)}
        excused = {
            f
            for f, tok in types.items()
            if any(
                fold(alt) not in own_mention[f]
                and name_similarity(tok.text, alt) >= EXONYM_THRESHOLD
                and string_similarity(tok.text, alt) >= ALTERNATE_SPELLING
                for alt in alternates
            )
            or (
                f not in kept_too
                and f in assigned
                and any(
                    other(tok, cand_types[assigned[f]][0].text)
                    for other in (_exonym, _corrected, _spelling_variant, _agent_noun, _derived)
                )
            )
            # a misspelling put right that the keys cannot pair (Phen -> Penh)
            or (
                f not in kept_too
                and f not in assigned
                and any(_corrected(tok, w[0].text) for w in cand_types.values())
            )
        }

        if pivot_tokens:
            bridged = _bridge(
                types, pivots, assigned, used, cand_types, excused | mended, mentions, pivot_tokens
            )
            if bridged is not None:
                f, cf, pm = bridged
                assigned[f] = cf
                pivots[f] = pm

        lost_words = {tok.start for _, _, tok in absent}
        group_of = {t.start: g for g in _name_groups(source, mentions) for t in g}
        # A widely used acronym the back-translation brings in, that no source
        # name was matched to, may be the thing's other name (Islamic State ->
        # ISIS, Kuomintang -> KMT): a name missing beside it is not
        # reported, as the alias cannot be told from a loss.
        alias = any(
            len(cf) >= 3
            and cf not in used
            and words[0].text.isupper()
            and words[0].text.isalpha()
            and zipf(words[0].text) >= ALIAS_ZIPF
            and not _spelled_out(words[0].text, back_words)
            for cf, words in cand_types.items()
        )
        back_acronyms = _acronyms(back, back_words)
        findings: list[_Finding] = []
        seen: Counter[str] = Counter()
        for m, p, tok in missing:
            f = tok.folded
            if f in mended or f in excused:
                continue
            variant: _Word | None = None
            if f in assigned and tok.start in recount and seen[f] >= len(cand_types[assigned[f]]):
                continue  # more later mentions than respellings: pronouns
            group = group_of[tok.start]
            if f in assigned:
                occurrences = cand_types[assigned[f]]
                variant = occurrences[min(seen[f], len(occurrences) - 1)]
                seen[f] += 1
            elif (
                not alias
                and tok.start not in recount
                and not _binomial_gone(source, mentions[m], back_forms)
                and self._missing(
                    tok,
                    pivots[f],
                    bool(pivot_tokens),
                    mentions[m],
                    _quoted(source, mentions[m]),
                    # Another word of the name itself came back: a title or a
                    # kind of thing kept (Professor, Area) does not count.
                    any(t.start not in lost_words and not _descriptive(t.text) for t in group),
                    _key(mentions[m]) in coined
                    or _read_as_words(
                        tok,
                        mentions[m],
                        any(t.start not in lost_words or t.folded in assigned for t in group),
                        back_acronyms,
                        back_forms,
                    ),
                )
            ):
                variant = None
            else:
                continue
            findings.append(_Finding(tok, m, p, variant, pivots[f]))
        # A name lost whole is reported whole (Hong Kong, not Kong), though
        # only some of its words were telling enough to report alone.
        have = {g.token.start for g in findings}
        for g in [g for g in findings if g.variant is None]:
            name_words = mentions[g.mention].tokens
            if all(
                t.start in lost_words and t.start not in recount and t.folded not in assigned
                for t in name_words
            ):
                for k, t in enumerate(name_words):
                    if t.start not in have:
                        findings.append(_Finding(t, g.mention, k, None, pivots.get(t.folded)))
                        have.add(t.start)
        findings.sort(key=lambda g: g.token.start)

        # A name of several words that came back with one lost or changed in
        # form is one finding about the whole name (Walt Disney World -> Walt
        # Disney); it replaces what its words found alone.
        lost = {tok.start for _, _, tok in absent}
        matched = {
            tok.start
            for _, _, tok in missing
            if tok.folded in assigned or tok.folded in excused or tok.folded in mended
        }
        elsewhere = Counter(_norm(w.text) for w in _words(source))
        covered: set[int] = set()
        for group in _name_groups(source, mentions):
            partial = self._partial(
                pair,
                group,
                lost - matched,
                matched,
                back_words,
                source_forms,
                elsewhere,
                pivot_tokens,
            )
            if partial is not None:
                flags.append(partial)
                covered.update(t.start for t in group)
        # A name read as common words (Mystic River -> "mysterious river")
        # likewise replaces what its words found alone.
        vanished = lost - matched
        for group in _name_groups(source, mentions):
            if any(t.start in covered for t in group):
                continue
            translated = self._translated(pair, group, vanished, back_words, source_forms)
            if translated is not None:
                flags.append(translated)
                covered.update(t.start for t in group)
        findings = [g for g in findings if g.token.start not in covered]
        covered.update(g.token.start for g in findings)
        replaced = (
            None if covered else self._replaced(pair, mentions, vanished, covered, back_words)
        )
        if replaced is not None:
            flags.append(replaced)
        else:
            # A name reported lost may have come back as another name: say so
            # instead (Venus -> Jupiter, not "Venus is missing").
            lost_only = {g.token.start for g in findings if g.variant is None}
            swapped = self._swapped(
                pair, mentions, lost, vanished, covered - lost_only, cand_types, used
            )
            if swapped is not None and swapped.source is not None:
                flags.append(swapped)
                start, end = swapped.source.start, swapped.source.end
                findings = [g for g in findings if not start <= g.token.start < end]
        flags.extend(self._flag(pair, group) for group in _group(findings))
        flags.extend(self._particles(pair, flags))
        flags.extend(self._cut_titles(pair, flags))
        return flags

    def _with_speaker(
        self, pair: SegmentPair, flags: list[Flag], coined: frozenset[tuple[str, ...]]
    ) -> list[Flag]:
        """``flags`` with the speaker tag's finding in place of any on its words."""
        assert pair.target is not None
        found = speaker_tag_drift(
            pair.source,
            pair.target,
            lambda word: not dictionary_word(word) or (fold(word),) in coined,
        )
        if found is None:
            return flags
        src, tgt = found
        if tgt is None:
            detail = f'speaker tag "{src.text}" is missing from the back-translation'
            tag = self._lost_flag(pair, src, detail)
        else:
            detail = f'speaker tag "{src.text}" came back as "{tgt.text}"'
            tag = self._variant_flag(pair, src, tgt, Severity.WARNING, detail)
        inside = [f for f in flags if f.source is None or not src.start <= f.source.start < src.end]
        return [tag, *inside]

    def _cut_titles(self, pair: SegmentPair, found: Sequence[Flag]) -> list[Flag]:
        """Flags for a title the back-translation quotes cut short: the source
        runs a title on past a small word (Six Days in Fallujah, Nights at
        Morrow), the back-translation closes its quotation marks before it
        ("Six Days" in Fallujah), making the rest a place or a time.  Every
        word came back, so only the quotation marks show the title changed;
        without them nothing is flagged."""
        assert pair.target is not None
        flags: list[Flag] = []
        taken = [(f.source.start, f.source.end) for f in found if f.source is not None]
        for q in _QUOTED.finditer(pair.target):
            words = q.group(1).split()
            if words and words[0].lower() == "the":
                words = words[1:]
            if not words or not all(w[:1].isupper() for w in words):
                continue
            title = r"\s+".join(re.escape(w) for w in words)
            for m in re.finditer(
                rf"(?<![\w\"“”«»])({title})\s+({_TITLE_LINKS})\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)",
                pair.source,
            ):
                if sentence_initial(pair.source, m.start()) or any(
                    a < m.end() and m.start() < b for a, b in taken
                ):
                    continue
                src = Span(m.start(), m.end(), m.group(0))
                tgt = Span(q.start(1), q.end(1), q.group(1))
                flags.append(
                    self._variant_flag(
                        pair,
                        src,
                        tgt,
                        Severity.WARNING,
                        f'the title "{src.text}" came back cut short, as "{tgt.text}"',
                    )
                )
                taken.append((m.start(), m.end()))
                break
        return flags

    def _particles(self, pair: SegmentPair, found: Sequence[Flag]) -> list[Flag]:
        """Flags for a name whose particle came back as another one (Lo Piccolo
        -> Le Piccolo, Van Dyke -> Von Dyke): the name word alone matches, so
        the rest of the detector cannot see the change.  A particle dropped
        (La Leona -> Leona) or an Arabic article respelled (al- / el-) keeps
        the name, and neither is flagged."""
        assert pair.target is not None
        flags: list[Flag] = []
        taken = [(f.source.start, f.source.end) for f in found if f.source is not None]
        for m in _PARTICLE_NAME.finditer(pair.source):
            particle, word = m.group(1), m.group(2)
            if sentence_initial(pair.source, m.start()) or any(
                a < m.end() and m.start() < b for a, b in taken
            ):
                continue
            before = [
                b
                for b in re.finditer(
                    rf"(?<![\w'’-])([A-Za-z]{{1,4}})[\s-]+{re.escape(word)}\b", pair.target
                )
                if b.group(1)[:1].isupper()
            ]
            if not before or any(_particle_kept(particle, b.group(1)) for b in before):
                continue
            b = before[0]
            src = Span(m.start(), m.end(), m.group(0))
            tgt = Span(b.start(), b.end(), b.group(0))
            flags.append(
                self._variant_flag(
                    pair,
                    src,
                    tgt,
                    Severity.WARNING,
                    f'"{src.text}" came back as "{tgt.text}": the particle changed',
                )
            )
        return flags

    def _translated(
        self,
        pair: SegmentPair,
        group: Sequence[NameToken],
        vanished: set[int],
        back_words: Sequence[_Word],
        source_forms: Set[str],
    ) -> Flag | None:
        """A flag for a name whose own words were translated as common words
        while the word saying what kind of thing it is came back lower-cased
        after them (Mystic River -> "mysterious river", Black Forest -> "dark
        forest"), or None.  The name's words must all be gone, the words
        left all descriptive (River, Fleet), and a new everyday word stand
        right before them: a name read as a description."""
        assert pair.target is not None
        lost = [t for t in group if t.start in vanished]
        kept = [t for t in group if t.start not in vanished]
        if not lost or not kept or group.index(kept[0]) != len(lost):
            return None  # the name's words must come first, the kind after
        if any(t.acronym or t.short or t.sentence_initial or _descriptive(t.text) for t in lost):
            return None
        if not all(_descriptive(t.text) for t in kept):
            # Kept words that are not a kind of place or body (Attention
            # Deficit Disorder -> "deficiency disorder") make a term, as often
            # as a name read as words (Big Brother -> "older brother").
            return None
        head = _norm(kept[0].text)
        if any(w.text[:1].isupper() and _norm(w.text) == head for w in back_words):
            return None  # the kind word came back capitalised: a name still
        for w in back_words:
            if _norm(w.text) != head or not w.text[:1].islower() or w.index == 0:
                continue
            before = back_words[w.index - 1]
            if (
                before.end + 1 != w.start
                or not before.text.isalpha()
                or not before.text[:1].islower()
                or zipf(before.text) >= FUNCTION_WORD_ZIPF
                or _norm(before.text) in source_forms
            ):
                continue
            end = w.end
            for extra in kept[1:]:
                nxt = back_words[w.index + 1] if w.index + 1 < len(back_words) else None
                if nxt is None or _norm(nxt.text) != _norm(extra.text):
                    return None
                end = nxt.end
            src = Span(group[0].start, group[-1].end, pair.source[group[0].start : group[-1].end])
            tgt = Span(before.start, end, pair.target[before.start : end])
            return self._variant_flag(
                pair,
                src,
                tgt,
                Severity.ERROR,
                f'"{src.text}" came back as common words, "{tgt.text}"',
            )
        return None

    def _replaced(
        self,
        pair: SegmentPair,
        mentions: Sequence[NameMention],
        vanished: set[int],
        covered: set[int],
        back_words: Sequence[_Word],
    ) -> Flag | None:
        """A flag for a name that vanished where another name of the same
        sentence came back once more than the source has it (the South Pole
        -> "surrounding Antarctica", for Antarctica ... the South Pole), or
        None: the back-translation put the wrong name in its place.  Only
        when exactly one name vanished, nothing else about the names was
        found, and exactly one name came back extra."""
        assert pair.target is not None
        groups = _name_groups(pair.source, mentions)
        gone = [
            g
            for g in _unreported_losses(groups, vanished, covered)
            if not all(t.short for t in g) and not all(_descriptive(t.text) for t in g)
        ]
        if len(gone) != 1:
            return None
        source_counts = Counter(_norm(w.text) for w in _words(pair.source))
        back_counts = Counter(_norm(w.text) for w in back_words)
        extra: list[str] = []
        for g in groups:
            if g is gone[0] or any(t.start in vanished for t in g):
                continue
            last = _norm(g[-1].text)
            if _descriptive(last) or g[-1].acronym:
                # A generic word (Fair, Expo) may stand for several names,
                # and an acronym is often another's short form (TV).
                continue
            if back_counts[last] > source_counts[last] and last not in extra:
                extra.append(last)
        if len(extra) != 1:
            return None
        lost = gone[0]
        if any(fold(t.text)[:3] == extra[0][:3] for t in lost):
            return None  # a relative of the name, not another (Spanish / Spain)
        where = lost[0].start / max(1, len(pair.source))
        places = [w for w in back_words if _norm(w.text) == extra[0] and w.text[:1].isupper()]
        if not places:
            return None
        word = min(places, key=lambda w: abs(w.start / max(1, len(pair.target or "")) - where))
        return self._another_name_flag(pair, lost, word, "another name of the sentence")

    def _swapped(
        self,
        pair: SegmentPair,
        mentions: Sequence[NameMention],
        lost: set[int],
        vanished: set[int],
        covered: set[int],
        cand_types: dict[str, list[_Word]],
        used: set[str],
    ) -> Flag | None:
        """A flag for a name that vanished where the back-translation has a
        new name of its own in its place (Kenema -> Kenya, Zimbabweans ->
        Zambian, Brazil -> Braille), or None.  Only when exactly one name
        vanished unreported and exactly one new capitalised word, mid-sentence,
        that no dictionary lists, came back unmatched, and every other name
        of the sentence came back as it was: a name that did not may be the
        one the new word renders (Troy -> طروادة -> Tarwad)."""
        assert pair.target is not None
        groups = _name_groups(pair.source, mentions)
        gone = [
            g
            for g in _unreported_losses(groups, vanished, covered)
            if not any(t.short for t in g) and not all(dictionary_word(t.text) for t in g)
        ]
        if len(gone) != 1 or any(t.start in lost for g in groups if g is not gone[0] for t in g):
            return None
        short = _SHORT_FORMS.get(tuple(t.folded for t in gone[0]), frozenset())
        new = [
            words[0]
            for cf, words in cand_types.items()
            if cf not in used
            and words[0].text[:1].isupper()
            and words[0].text.isalpha()
            and not words[0].text.isupper()
            and words[0].text.isascii()  # not an endonym (Turkey -> Türkiye)
            and zipf(words[0].text) < FREQUENT_ZIPF
            and cf not in short
            and not sentence_initial(pair.target, words[0].start)
            and not dictionary_word(words[0].text)
            and not _descriptive(words[0].text)
        ]
        if len(new) != 1:
            return None
        return self._another_name_flag(pair, gone[0], new[0], "another name")

    def _another_name_flag(
        self, pair: SegmentPair, name: Sequence[NameToken], word: _Word, what: str
    ) -> Flag:
        """A flag for a source name (its words) that came back as ``word``,
        a different name; ``what`` says which kind of other name."""
        src = Span(name[0].start, name[-1].end, pair.source[name[0].start : name[-1].end])
        tgt = Span(word.start, word.end, word.text)
        return self._variant_flag(
            pair, src, tgt, Severity.ERROR, f'"{src.text}" came back as {what}, "{tgt.text}"'
        )

    def _models(self, pair: SegmentPair) -> list[Flag]:
        """Model and type designations whose letters changed while the number
        stayed (Il-76 -> EL-76); a case change (IL-76) is no drift."""
        assert pair.target is not None
        source_models = model_numbers(pair.source)
        if not source_models:
            return []
        back_models = model_numbers(pair.target)
        source_forms = {_norm(t.text) for _, _, t in source_models}
        back_forms = {_norm(t.text) for _, _, t in back_models}
        flags: list[Flag] = []
        for letters, digits, tok in source_models:
            if not tok.text[:1].isupper() or _norm(tok.text) in back_forms:
                continue
            for other_letters, other_digits, other in back_models:
                if (
                    other_digits == digits
                    and other_letters != letters
                    and _norm(other.text) not in source_forms
                ):
                    flags.append(
                        self._variant_flag(
                            pair,
                            Span(tok.start, tok.end, tok.text),
                            Span(other.start, other.end, other.text),
                            Severity.ERROR,
                            f'"{tok.text}" came back as "{other.text}"',
                        )
                    )
                    break
        return flags

    def _hyphen_tails(self, pair: SegmentPair) -> list[Flag]:
        """Flags for a name's lowercase part after a hyphen respelled
        (Mohenjo-daro -> Mohenjo-Daru / Mohenjo Darou): capitals mark only
        the head as a name, so the tail is compared here, letters folded, case
        and the hyphen set aside.  A tail English uses as a word (Kremlin-led,
        Paris-based) is no part of the name."""
        assert pair.target is not None
        flags: list[Flag] = []
        for match in _HYPHEN_TAIL.finditer(pair.source):
            head, tail = match.group(1), match.group(2)
            if zipf(tail) >= HYPHEN_TAIL_ZIPF or zipf(head) >= FREQUENT_ZIPF:
                continue
            pattern = re.compile(rf"\b{re.escape(head)}[- ]([^\W\d_]+)", re.IGNORECASE)
            found = pattern.search(pair.target)
            if found is None or fold(found.group(1)) == fold(tail):
                continue
            if name_similarity(tail, found.group(1)) < MATCH_THRESHOLD:
                continue  # another word follows the head: not this name's tail
            flags.append(
                self._variant_flag(
                    pair,
                    Span(match.start(), match.end(), match.group(0)),
                    Span(found.start(), found.end(), found.group(0)),
                    Severity.WARNING,
                    f'"{match.group(0)}" came back as "{found.group(0)}"',
                )
            )
        return flags

    def _partial(
        self,
        pair: SegmentPair,
        group: Sequence[NameToken],
        vanished: set[int],
        changed: set[int],
        back_words: Sequence[_Word],
        source_forms: Set[str],
        elsewhere: Counter[str],
        pivot_tokens: Sequence[Token] = (),
    ) -> Flag | None:
        """A flag for a name of several words that came back cut short, with a
        word replaced, or with a word made plural or singular; or None.

        ``vanished``: offsets of source words the back-translation has in no
        form and no respelling; ``changed``: those it has respelled;
        ``elsewhere``: how often each normalised word occurs in the source.
        The words left must come back together, capitalised and spelled as in
        the source.  Where the lost words were, the back-translation has
        nothing capitalised (cut short: Walt Disney World -> Walt Disney,
        Santa Fe -> Santa) or a new capitalised word (replaced: King of Clay
        -> King of the Dustfields).  Number changed: every word comes back,
        in order, one plural for singular or the reverse (Fire of Anatolia ->
        Fires of Anatolia).  A lost or changed word that says what kind of
        thing the name is (Atlantic Ocean -> Atlantic, City Hall -> City
        Council) is a descriptive part, not the name; an acronym is more
        often expanded than lost (Carolyn Wilson of the OHA); and the words
        left must occur nowhere else in the source (Olympic Games, then
        Olympic program).
        """
        assert pair.target is not None
        if (
            len(group) > 2
            and group[0].sentence_initial
            and group[0].start in vanished
            and dictionary_word(group[0].text)
        ):
            # A common word opening the sentence, taken into the name only
            # because a name follows (Entering Southern Africa), is no part of it.
            group = group[1:]
        while len(group) > 1 and _norm(group[0].text) in _HONORIFICS:
            # A title before the name is no part of it: translations swap
            # one for another (Madam Elizabeth -> Mrs. Elizabeth).
            group = group[1:]
        if len(group) < 2:
            return None
        # A name of everyday words is judged only for a compass word changed
        # in form (Southern Africa -> South Africa) or a word replaced by a
        # new capitalised one (Clean Air Act -> Pure Air Act, Google Earth ->
        # Google Maps): its words are otherwise as often translated as kept.
        everyday = all(t.frequent for t in group)
        if any(t.start in changed for t in group):
            return None
        kept = [t for t in group if t.start not in vanished]
        lost = [t for t in group if t.start in vanished]
        if not kept or any(t.sentence_initial or t.acronym or _descriptive(t.text) for t in lost):
            return None
        if pivot_tokens and any(
            _foreign(t) and find_in_pivot(t.text, pivot_tokens) is None for t in lost
        ):
            # A word English does not know, lost where the pivot did not
            # transliterate it, is a foreign word the pivot translated
            # (Binnenstad of Amsterdam -> the centre of Amsterdam).
            return None
        first = group.index(kept[0])
        if group[first : first + len(kept)] != kept:
            return None  # the words left are not one piece of the name
        if any(elsewhere[_norm(t.text)] > 1 for t in kept):
            return None  # the words left may be another mention's
        run = _find_run(kept, back_words, pair.target)
        if run is None:
            return None
        start_word, end_word, inflected = run
        if lost and inflected is not None:
            return None
        if (
            not lost
            and inflected is group[-1]
            and len(_norm(inflected.text)) > len(_norm(end_word.text))
            and _noun_adjunct(back_words, end_word)
        ):
            # The name's plural made singular where it now qualifies the
            # noun after it, as English does (the Northern Marianas ->
            # the Northern Mariana Emergency Office): the same name.
            return None
        if everyday and lost and inflected is not None:
            return None  # a word lost and another inflected: too much changed to tell
        if everyday and not lost and (inflected is None or not _compass_form(inflected.text)):
            return None
        if not lost and (inflected is None or _descriptive(inflected.text)):
            return None
        if (
            not lost
            and inflected is not None
            and _compass_form(inflected.text)
            and not _compass_place(group, inflected)
        ):
            # Northern California -> North California: the same region, unless
            # one of the two forms is a place of its own (South Africa).
            return None
        # New capitalised words where the lost ones were replaced them.
        before = sum(1 for t in group[:first] if t.start in vanished)
        after = len(lost) - before
        for _ in range(before):
            w = _next_word(back_words, start_word.index, -1)
            if w is None or not _new_name_word(w, source_forms):
                break
            start_word = w
        for _ in range(after):
            w = _next_word(back_words, end_word.index, 1)
            if w is None or not _new_name_word(w, source_forms):
                break
            end_word = w
        replaced = start_word is not run[0] or end_word is not run[1]
        if everyday and lost and not replaced:
            return None
        if lost and not replaced and all(_descriptive(t.text) for t in kept):
            return None  # only "Committee" left: too little to tell it is this name
        if (
            lost
            and not replaced
            and all(dictionary_word(t.text) for t in lost)
            and _translated_beside(back_words, start_word, end_word, before, after, source_forms)
        ):
            # The lost words are common words, and a new lower-case word
            # stands where they stood: translated, not lost (Deity Yoga ->
            # "god Yoga").
            return None
        src = Span(group[0].start, group[-1].end, pair.source[group[0].start : group[-1].end])
        tgt = Span(start_word.start, end_word.end, pair.target[start_word.start : end_word.end])
        detail = f'"{src.text}" came back as "{tgt.text}"'
        if lost and not replaced:
            verb = "is" if len(lost) == 1 else "are"
            detail += f": {_list_words([t.text for t in lost])} {verb} missing"
        return self._variant_flag(
            pair,
            src,
            tgt,
            _severity(src.text, tgt.text),
            detail,
        )

    @staticmethod
    def _missing(
        tok: NameToken,
        pivot: PivotMatch | None,
        have_pivot: bool,
        mention: NameMention,
        quoted: bool,
        rest_kept: bool,
        plainly_named: bool = False,
    ) -> bool:
        """Whether a source name with no counterpart is worth a "missing" flag.

        ``plainly_named``: the name is made of everyday words the document
        uses as a name again and again (a talk's Panic Monster), or of
        dictionary words that all vanished (``_read_as_words``): a name,
        not a term to translate, whatever the pivot did with it.
        ``mention``: the name the word belongs to; ``quoted``: whether the
        source puts that name in quotation marks (a title, a ship, a
        machine: "Indomitable"); ``rest_kept``: whether another word of
        the name came back."""
        if tok.acronym:
            return False  # expanded more often than lost (ACMA, OHA)
        if _TAXON.search(tok.text):
            # A Latin family or order name, given by its common name
            # (Dromaeosauridae -> "fast dinosaurs"), like a species' binomial.
            return False
        if tok.short:
            # A two-letter name is reported lost only where the pivot spelled
            # it out: two capitals' worth of evidence is too little alone.
            return pivot is not None and not rest_kept
        if rest_kept and _descriptive(tok.text):
            # The word saying what kind of thing the name is, lost beside
            # the name itself: translated or dropped (Giza Plateau -> Giza).
            return False
        if (
            have_pivot
            and pivot is None
            and rest_kept
            and not plainly_named
            and (_foreign(tok) or dictionary_word(tok.text))
        ):
            # A word English does not know, in a name whose other words
            # came back, that the pivot did not transliterate: a foreign
            # word the pivot translated (Binnenstad of Amsterdam -> the
            # centre of Amsterdam), or a common noun of it the pivot
            # translated (Easter Vigil -> "Easter Eve prayers").
            return False
        if (
            have_pivot
            and pivot is None
            and not quoted
            and not plainly_named
            and all(dictionary_word(t.text) for t in mention.tokens if not t.short)
        ):
            # A name made only of words a dictionary lists as common nouns
            # and adjectives, that the pivot did not transliterate, is a
            # term the pivot translated (Whirling Dervishes -> "Sufi
            # dancers"); its words are gone because they were translated.
            return False
        if have_pivot and pivot is None and tok.sentence_initial and not plainly_named:
            # Capitals say nothing at a sentence start; a name would have been
            # transliterated, and the pivot translated this word (Canyoning).
            return False
        if plainly_named:
            return True  # the document's own name, however everyday its words
        z = lemma_zipf(tok.text)
        # Rare enough, or fairly common where the pivot spelled it out or
        # where it is a proper name no dictionary lists as a word (Harlem,
        # Anderson: a name, dropped; not Clay or Papers, translated).
        return z < MISSING_ZIPF or (
            z < MISSING_PIVOT_ZIPF
            and (pivot is not None or not (dictionary_word(tok.text) or _descriptive(tok.text)))
        )

    def _variant_flag(
        self, pair: SegmentPair, src: Span, tgt: Span, severity: Severity, detail: str
    ) -> Flag:
        """A flag for a source name that came back as ``tgt``: the source
        spelling is the suggestion, the back-translation's the variant."""
        return self.flag(
            pair.index,
            src,
            tgt,
            severity,
            detail,
            suggestion=src.text,
            extra=(("variant", tgt.text),),
        )

    def _lost_flag(
        self, pair: SegmentPair, src: Span, detail: str, extra: tuple[tuple[str, str], ...] = ()
    ) -> Flag:
        """A flag for a source name (``src``) that did not come back: the
        source spelling is the suggestion."""
        return self.flag(
            pair.index,
            src,
            None,
            Severity.WARNING,
            detail,
            suggestion=src.text,
            extra=extra,
        )

    def _flag(self, pair: SegmentPair, group: list[_Finding]) -> Flag:
        assert pair.target is not None
        first, last = group[0], group[-1]
        src = Span(
            first.token.start, last.token.end, pair.source[first.token.start : last.token.end]
        )
        name = src.text
        note = _pivot_note([g.pivot for g in group])
        extra: list[tuple[str, str]] = []
        if note:
            extra.append(("pivot", " ".join(g.pivot.word for g in group if g.pivot)))
            extra.append(("pivot_reading", " ".join(g.pivot.reading for g in group if g.pivot)))
        if first.variant is None:
            detail = f'name "{name}" is missing from the back-translation{note}'
            return self._lost_flag(pair, src, detail, tuple(extra))
        assert last.variant is not None
        start, end = first.variant.start, last.variant.end
        tgt = Span(start, end, pair.target[start:end])
        extra.insert(0, ("variant", tgt.text))
        return self.flag(
            pair.index,
            src,
            tgt,
            _severity(name, tgt.text),
            f'"{name}" came back as "{tgt.text}"{note}',
            suggestion=name,
            extra=tuple(extra),
        )


# Whatever the back-translation put where a tag goes: up to three words
# before a colon, after stray punctuation (". Latif Nasser: ...").
_BACK_TAG = re.compile(r"^[\s\W]*?((?:[^\W\d_][\w'’-]*)(?: [^\W\d_][\w'’-]*){0,2})\s*:")
_BACK_FIRST = re.compile(r"^[\s\W]*?([^\W\d_][\w'’-]*)")


def speaker_tag_drift(
    source: str, back: str, is_name: Callable[[str], bool]
) -> tuple[Span, Span | None] | None:
    """The source's speaker tag and what came back in its place (None: nothing),
    where the tag did not come back; None where it did or there is none.

    Initials are a tag kept when the back-translation writes them, or names
    whose initials they hold (LN: -> Latif Nasser:, Nasser:, Nasser Latif:;
    NR: -> Natalia:); a fragment, a word translated, or another name in their place
    is drift (LN: -> L:, Nice:; NR: -> Latif Nasser:).  A tag of name words
    (``is_name``: not a word a dictionary lists, or one the text uses as a
    name) counts as lost only when none of its words came back; a respelled
    one is the name check's.
    """
    m = speaker_tag(source)
    if m is None:
        return None
    tag = m.group("tag")
    src = Span(m.start("tag"), m.end("tag"), tag)
    words = tag.split()
    back_tag = _BACK_TAG.match(back)
    head = back_tag
    if head is None or any(not w[:1].isupper() for w in head.group(1).split()):
        first = _BACK_FIRST.match(back)
        head = first if first and first.group(1)[:1].isupper() and is_name(first.group(1)) else None
    if not tag.isupper():
        if not all(is_name(w) for w in words):
            return None  # "Note: ..." is no speaker
        back_words = {fold(w) for w in re.findall(r"[^\W\d_]+", back)}
        if any(fold(w) in back_words for w in words) or back_tag is not None:
            return None
        return src, None
    if re.search(rf"(?<![\w'’-]){tag}(?![\w'’-])", back):
        return None
    if head is None:
        return src, None
    said = head.group(1).split()
    initials = len(said) == 1 and said[0].isupper() and len(said[0]) <= 4
    if (
        not initials
        and len(said) <= len(tag)
        and all(len(w) >= 3 and is_name(w) and w[0].upper() in tag for w in said)
    ):
        return None  # the speaker's names: Latif Nasser, Nasser, Nasser Latif
    return src, Span(head.start(1), head.end(1), head.group(1))


# A particle of a Romance, Dutch or German name before its main word: Lo
# Piccolo, De Niro, Van Dyke (the Arabic al- / el- is respelled too freely to
# count, and is left to the name word itself).
_PARTICLE_NAME = re.compile(
    r"(?<![\w'’-])(Lo|La|Le|De|Da|Di|Du|Del|Della|Van|Von|Der)\s+([A-Z][a-z][\w]+)"
)


# A span in double quotation marks (titles; single ones double as apostrophes).
_QUOTED = re.compile(r"[\"“«]([^\"“”«»]{2,80})[\"”»]")
# Small words a title runs on past (Six Days in Fallujah); not "and", which
# joins two names as often.
_TITLE_LINKS = "in|on|at|of|from|for|to|with|without|over|under|after|before"


def _pivot_named(
    source: str, pivot: str, mentions: list[NameMention], back_forms: Set[str]
) -> list[NameMention]:
    """``mentions`` with a sentence's first word added where the Arabic
    pivot transliterated it: capitals say nothing at a sentence start, and a
    word English also uses (Fluke, Massa) is taken for a name there only
    when the pivot spelled it out instead of translating it.  Only words the
    back-translation lost are looked at: the others cannot have drifted."""
    taken = {t.start for m in mentions for t in m.tokens}
    added: list[NameMention] = []
    for tok in tokenize(source):
        word = tok.text
        if (
            tok.start in taken
            or len(word) < 4
            or not word.isalpha()
            or not word[:1].isupper()
            or _norm(word) in back_forms
            or not sentence_initial(source, tok.start)
        ):
            continue
        z = lemma_zipf(word)
        if z >= PIVOT_NAMED_ZIPF:
            continue
        pm = find_in_pivot(word, pivot)
        if pm is None or pm.score < PIVOT_NAMED_MATCH:
            continue
        name = NameToken(word, tok.start, tok.end, zipf(word), True, False)
        added.append(NameMention(word, tok.start, tok.end, (name,)))
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda m: m.start)


def _foreign(tok: NameToken) -> bool:
    """Whether a name's word is foreign to English: unknown to it, or a
    common word of another language (Sveriges, Asociacion)."""
    return tok.zipf < FOREIGN_ZIPF or foreign_word(tok.text)


def _first_mention(mentions: Sequence[NameMention], word: str) -> int:
    """The offset of the first name word spelled ``word`` (normalised)."""
    return next(t.start for m in mentions for t in m.tokens if _norm(t.text) == word)


def _binomial_gone(source: str, mention: NameMention, back_forms: Set[str]) -> bool:
    """Whether ``mention`` is the genus of a species name (Geospiza fortis)
    that vanished with its epithet: the back-translation gave the species its
    common name ("medium ground finch"), a translation, not a lost name.  A
    respelled binomial (Karenia brevis -> Carinia Previs) is still matched
    as a variant before this is asked."""
    if len(mention.tokens) != 1 or mention.tokens[0].zipf >= RARE_LOWERCASE_ZIPF:
        return False
    after = _EPITHET.match(source, mention.end)
    if after is None:
        return False
    epithet = after.group(1)
    return zipf(epithet) < EPITHET_ZIPF and _norm(epithet) not in back_forms


def _read_as_words(
    tok: NameToken,
    mention: NameMention,
    rest_kept: bool,
    back_acronyms: Set[str],
    back_forms: Set[str],
) -> bool:
    """Whether ``tok`` belongs to a name of two or more everyday words, met
    mid-sentence, that vanished whole from the back-translation: the name
    was read as words and translated (Tri Nations -> "Tripartite Union",
    Sardine Run -> "sardine escape", Planned Parenthood -> "family
    planning"), which loses the thing it names.  Not a word saying what
    kind of thing the name is (Area, Games): that is left to the other
    words.  Not a name whose initials the back-translation writes instead
    (United States -> US, European Union -> EU) or a short name English
    gives it (United States -> America), nor one with a word of
    another language (Medecines Sans Frontieres -> Doctors Without Borders,
    a name with a settled English form)."""
    words = [t for t in mention.tokens if not t.short]
    if (
        len(words) < 2
        or rest_kept
        or mention.tokens[0].sentence_initial
        or _descriptive(tok.text)
        or any(t.acronym or _foreign(t) for t in words)
        or not all(dictionary_word(t.text) for t in words)
    ):
        return False
    initials = "".join(t.text[0] for t in words).lower()
    short = _SHORT_FORMS.get(tuple(t.folded for t in words), frozenset())
    return initials not in back_acronyms and not (short & back_forms)


# Names English often gives by another, shorter name (United States ->
# America, the US), which a back-translation may use in their place.
_SHORT_FORMS: dict[tuple[str, ...], frozenset[str]] = {
    ("united", "states"): frozenset(("america", "american", "americans")),
    ("united", "kingdom"): frozenset(("britain", "british")),
    ("soviet", "union"): frozenset(("ussr", "soviets")),
}


def _acronyms(text: str, words: Sequence[_Word]) -> frozenset[str]:
    """The acronyms ``text`` writes, lower-cased, dots left out (US, U.S., EU)."""
    plain = {w.text.lower() for w in words if len(w.text) > 1 and w.text.isupper()}
    return frozenset(plain | {w.text.replace(".", "").lower() for w in _dotted(text, words)})


def _spelled_out(acronym: str, words: Sequence[_Word]) -> bool:
    """Whether the back-translation spells ``acronym`` out beside it:
    "Médecins Sans Frontières (MSF)", "World Health Organization (WHO)".
    Such an acronym is that name's short form, not an alias standing in for
    a source name that vanished."""
    letters = acronym.lower()
    capitals = [w for w in words if w.text[:1].isupper()]
    n = len(letters)
    return any(
        "".join(w.text[0].lower() for w in capitals[k : k + n]) == letters
        for k in range(len(capitals) - n + 1)
    )


def _particle_kept(particle: str, came_back: str) -> bool:
    """Whether the word before a name in the back-translation keeps its
    particle, or is no particle at all (an honorific, an article: Mr, The)."""
    other = came_back.lower()
    return (
        other == particle.lower()
        or zipf(other) >= FUNCTION_WORD_ZIPF
        or (came_back.lower().rstrip(".") in _TITLES)
    )


_TITLES = frozenset(("mr", "mrs", "ms", "dr", "st", "sir", "gen", "col", "rev", "mt"))


def _bridge(
    types: dict[str, NameToken],
    pivots: dict[str, PivotMatch | None],
    assigned: dict[str, str],
    used: set[str],
    cand_types: dict[str, list[_Word]],
    settled: set[str],
    mentions: Sequence[NameMention],
    pivot_tokens: Sequence[Token],
) -> tuple[str, str, PivotMatch] | None:
    """A source name the pivot gave in a form of its own and the new word of
    the back-translation that reads like that form (Troy -> طروادة ->
    Tarwad): (name, candidate, the candidate's pivot word), when each is the
    only one left unexplained, else None.

    The name is not found in the pivot by its own spelling; the candidate, a
    capitalised word English does not use that still looks a little like the
    name (``BRIDGE_THRESHOLD``), is found there, in a word that no source
    name accounts for.  A garbled common word (Avata: آفات, "scourges") reads
    like the pivot too, hence the resemblance asked of it.
    """
    names = [
        f
        for f, tok in types.items()
        if f not in assigned
        and f not in settled
        and pivots[f] is None
        and not tok.frequent
        and not tok.acronym
        and not tok.sentence_initial
    ]
    if len(names) != 1:
        return None
    found: list[tuple[str, PivotMatch]] = []
    for cf, words in cand_types.items():
        cand = words[0].text
        if cf in used or cf.startswith(".") or not cand[:1].isupper() or attested(cand):
            continue
        if name_similarity(types[names[0]].text, cand) < BRIDGE_THRESHOLD:
            continue
        pm = find_in_pivot(cand, pivot_tokens)
        if pm is not None:
            found.append((cf, pm))
    if len(found) != 1:
        return None
    cf, pm = found[0]
    for mention in mentions:
        for tok in mention.tokens:
            own = find_in_pivot(tok.text, pivot_tokens)
            if own is not None and own.start < pm.end and pm.start < own.end:
                return None  # the pivot word renders another source name
    return names[0], cf, pm


# Either curly quote may open or close: typed text mixes them ("the ”Indomitable”").
_QUOTES = frozenset("\"“”‘’«»'")


def _quoted(text: str, mention: NameMention) -> bool:
    """Whether ``mention`` stands alone in quotation marks in ``text``
    ("Indomitable", “Six Days”), as titles and names of things often do."""
    before = text[: mention.start].rstrip()
    after = text[mention.end :].lstrip()
    return before[-1:] in _QUOTES and after[:1] in _QUOTES


def _looked_for(tok: NameToken, mention: NameMention) -> bool:
    """Whether a source name word absent from the back-translation is looked
    for there: a two-letter word never alone, an everyday word only where it
    is plainly a name, capitalised mid-sentence or one word of several
    (Reading Rainbow, Running Tours)."""
    if tok.short:
        # Two letters are too few to match on their own; a two-letter name
        # standing alone (Ma, Io) is still looked for, on the pivot's word.
        return len(mention.tokens) == 1
    return not tok.frequent or not tok.sentence_initial or len(mention.tokens) > 1


# Words that say what kind of thing a name is: a place's, a body's, an
# event's, a person's title.  Translations drop them or give a synonym
# (Atlantic Ocean -> the Atlantic, Paro District -> Paro area, City Hall ->
# City Council), which leaves the name itself whole.
_DESIGNATORS = frozenset(
    (
        # geography
        *("ocean", "sea", "river", "lake", "mount", "mountain", "hill", "island", "isle"),
        *("bay", "gulf", "strait", "channel", "canal", "cape", "peninsula", "desert"),
        *("valley", "plateau", "plain", "forest", "falls", "coast", "beach", "reef"),
        *("glacier", "volcano", "park", "range", "basin", "creek", "harbor", "port"),
        *("pass", "sound", "lagoon", "crater", "cave", "canyon", "gorge", "spring"),
        # administrative divisions and polities
        *("district", "province", "region", "county", "state", "city", "town", "village"),
        *("borough", "municipality", "prefecture", "territory", "department", "commune"),
        *("governorate", "parish", "quarter", "neighborhood", "area", "zone", "kingdom"),
        *("empire", "republic", "dynasty", "federation", "union", "confederation"),
        *("caliphate", "sultanate", "principality", "duchy", "emirate"),
        # buildings, bodies and events
        *("university", "college", "school", "academy", "institute", "museum", "library"),
        *("hospital", "clinic", "church", "cathedral", "chapel", "temple", "mosque"),
        *("monastery", "abbey", "palace", "castle", "fort", "fortress", "tower", "bridge"),
        *("station", "airport", "stadium", "arena", "hall", "center", "theater", "gallery"),
        *("room", "chamber", "pavilion"),
        *("zoo", "garden", "company", "corporation", "group", "association", "society"),
        # their abbreviations, which translations write out (Co. -> Company)
        *("co", "corp", "inc", "ltd", "bros", "assn", "dept", "intl"),
        *("council", "committee", "commission", "agency", "ministry", "office", "bureau"),
        *("authority", "administration", "service", "court", "parliament", "assembly"),
        *("congress", "senate", "party", "movement", "army", "navy", "corps", "force"),
        *("fleet", "regiment", "brigade", "division", "airline", "airway", "railway"),
        *("bank", "foundation", "fund", "trust", "club", "team", "league", "game"),
        *("cup", "championship", "tournament", "festival", "fair", "expo", "exposition"),
        *("exhibition", "conference", "summit", "treaty", "accord", "convention"),
        *("agreement", "protocol", "act", "street", "road", "avenue", "boulevard"),
        *("square", "lane", "alley", "highway", "trail", "market", "hotel", "brewery"),
        *("farm", "prize", "award", "medal", "drive", "route", "parkway", "crescent"),
        *("cruise", "tour", "magazine", "journal", "newspaper", "talk", "lecture"),
        # more kinds of places and sites, often translated (Necropolis ->
        # "city of the dead", Oasis -> "oasis")
        *("necropolis", "cemetery", "tomb", "mausoleum", "pyramid", "shrine", "sanctuary"),
        *("monument", "memorial", "ruins", "site", "oasis", "reserve", "plaza", "pier"),
        *("dam", "lighthouse", "observatory", "prison", "jail", "base", "camp", "estate"),
        *("mansion", "archipelago", "atoll", "fjord", "peak", "ridge", "heights"),
        *("highlands", "marsh", "wetlands", "dunes", "cliffs", "waterfall", "delta"),
        # titles
        *("president", "vice", "prime", "minister", "king", "queen", "prince", "princess"),
        *("emperor", "empress", "sultan", "emir", "sheikh", "shah", "pope", "saint"),
        *("general", "colonel", "captain", "admiral", "major", "lieutenant", "sergeant"),
        *("commander", "marshal", "senator", "representative", "congressman", "governor"),
        *("mayor", "judge", "justice", "chancellor", "secretary", "ambassador"),
        *("professor", "doctor", "sir", "dame", "lord", "lady", "father", "sister"),
        *("fray", "friar", "rabbi", "imam", "bishop", "archbishop", "cardinal"),
        *("reverend", "chairman", "chief", "director", "superintendent", "officer"),
        *("acting", "deputy", "interim"),
        # time words (Superintendent of the Year, Independence Day), like the
        # calendar words extract_names leaves out
        *("year", "day", "week", "month", "century", "decade", "season", "era"),
        # number words: a number, not a name, and number-mismatch's to judge
        *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
        *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"),
        *("ninth", "tenth", "hundred", "thousand", "million"),
    )
)


def _descriptive(word: str) -> bool:
    """Whether ``word`` says what kind of thing a name is (Sea, District,
    Airlines, Colonels), or is a number word."""
    f = _norm(word)
    return any(
        form in _DESIGNATORS
        for form in (f, f[:-1] if f.endswith("s") else f, f[:-3] + "y" if f.endswith("ies") else f)
    )


# What may join two mentions into one name: Fire of Anatolia, Bank of the West.
_CONNECTORS = frozenset((" of ", " of the "))
_CONNECTOR_WORDS = frozenset(("of", "the"))
# Forms of address put before a name.
_HONORIFICS = frozenset(
    (
        *("mr", "mrs", "ms", "miss", "mister", "madam", "madame", "mme"),
        *("lady", "lord", "sir", "dame", "monsieur", "herr"),
    )
)


def _unreported_losses(
    groups: Sequence[list[NameToken]], vanished: set[int], covered: set[int]
) -> list[list[NameToken]]:
    """The names whose every word vanished and that no other finding covers,
    not opening the sentence (capitals say nothing there) and with no
    acronym (more often expanded than lost)."""
    return [
        g
        for g in groups
        if all(t.start in vanished for t in g)
        and not any(t.start in covered for t in g)
        and not g[0].sentence_initial
        and not any(t.acronym for t in g)
    ]


def _name_groups(text: str, mentions: Sequence[NameMention]) -> list[list[NameToken]]:
    """The words of each name, mentions joined by "of" into one."""
    groups: list[list[NameToken]] = []
    for k, mention in enumerate(mentions):
        if k and text[mentions[k - 1].end : mention.start] in _CONNECTORS:
            groups[-1].extend(mention.tokens)
        else:
            groups.append(list(mention.tokens))
    return groups


def _find_run(
    kept: Sequence[NameToken], back_words: Sequence[_Word], back: str
) -> tuple[_Word, _Word, NameToken | None] | None:
    """Where the back-translation has ``kept`` one after another, capitalised,
    whole words (not parts of a hyphenated one: Sub-Committee), only "of" or
    "the" between them, each as in the source, made plural or singular, or
    swapped between a compass point and its -ern form: (first word, last word,
    the source word whose form changed, if any: Fire -> Fires, Southern ->
    South), or None."""
    for i in range(len(back_words)):
        run: list[_Word] = []
        inflected: NameToken | None = None
        k = i
        for tok in kept:
            while run and k < len(back_words) and back_words[k].text in _CONNECTOR_WORDS:
                k += 1
            if k >= len(back_words):
                break
            cand = back_words[k]
            if not cand.text[:1].isupper() or _hyphen_part(back, cand):
                break
            a, b = _norm(cand.text), _norm(tok.text)
            if a != b:
                if inflected is not None or not (_plural_of(a, b) or _regional_of(a, b)):
                    break
                inflected = tok
            run.append(cand)
            k += 1
        if len(run) == len(kept):
            return run[0], run[-1], inflected
    return None


def _translated_beside(
    words: Sequence[_Word],
    first: _Word,
    last: _Word,
    before: int,
    after: int,
    source_forms: Set[str],
) -> bool:
    """Whether a lower-case content word the source does not have stands
    right where a name's lost words stood: before ``first`` when ``before``
    words were lost there, after ``last`` when ``after`` were."""

    def fresh(w: _Word | None) -> bool:
        return w is not None and w.text[:1].islower() and _new_word(w, source_forms)

    return (before == 0 or fresh(_next_word(words, first.index, -1))) and (
        after == 0 or fresh(_next_word(words, last.index, 1))
    )


def _noun_adjunct(words: Sequence[_Word], word: _Word) -> bool:
    """Whether ``word`` is directly followed by a capitalised word that goes
    on the name it ends (Mariana in "Northern Mariana Emergency Office")."""
    k = word.index + 1
    return k < len(words) and words[k].text[:1].isupper() and words[k].start - word.end <= 1


def _hyphen_part(text: str, word: _Word) -> bool:
    """Whether ``word`` is joined to another by a hyphen in ``text``."""
    return text[word.start - 1 : word.start] == "-" or text[word.end : word.end + 1] == "-"


def _next_word(words: Sequence[_Word], index: int, step: int) -> _Word | None:
    """The next word from ``index`` in direction ``step`` that is not "of" or "the"."""
    k = index + step
    while 0 <= k < len(words) and words[k].text.lower() in _CONNECTOR_WORDS:
        k += step
    return words[k] if 0 <= k < len(words) else None


def _new_word(word: _Word, source_forms: Set[str]) -> bool:
    """A content word the source does not have (Dustfields for Clay, god
    for Deity)."""
    return zipf(word.text) < FUNCTION_WORD_ZIPF and _norm(word.text) not in source_forms


def _new_name_word(word: _Word, source_forms: Set[str]) -> bool:
    """A capitalised word the source does not have (Dustfields for Clay)."""
    return word.text[:1].isupper() and _new_word(word, source_forms)


def _plural_of(a: str, b: str) -> bool:
    """Whether one of two folded words is the other's plural (fire / fires)."""
    short, long = sorted((a, b), key=len)
    return long in (short + "s", short + "es") or (
        short.endswith("y") and long == short[:-1] + "ies"
    )


_COMPASS = frozenset(("north", "south", "east", "west"))


def _regional_of(a: str, b: str) -> bool:
    """Whether one of two folded words is a compass point and the other its
    -ern form (south / southern): within a name they name different places
    (Southern Africa, South Africa; Northern Rock)."""
    short, long = sorted((a, b), key=len)
    return short in _COMPASS and long == short + "ern"


# Places whose name is a compass point, or its -ern form, and another word:
# changing the form gives another place (Southern Africa / South Africa) or
# a name no one uses for it (Northern Ireland / North Ireland).
_COMPASS_PLACES = frozenset(
    (
        *("south africa", "north korea", "south korea", "south sudan", "east timor"),
        *("west bank", "north macedonia", "northern ireland", "northern cyprus"),
        *("western sahara", "east germany", "west germany", "north america"),
        *("south america", "north carolina", "south carolina", "north dakota"),
        *("south dakota", "west virginia", "northern territory", "western australia"),
        *("south australia", "northern mariana", "south georgia", "east jerusalem"),
        *("south ossetia", "north ossetia", "western cape", "eastern cape"),
        *("northern cape", "east sussex", "west sussex", "north yorkshire"),
        *("south yorkshire", "west yorkshire", "west midlands", "east midlands"),
        *("northern rhodesia", "southern rhodesia", "east java", "west java"),
        *("north island", "south island", "east anglia", "north pole", "south pole"),
    )
)


def _compass_place(group: Sequence[NameToken], compass: NameToken) -> bool:
    """Whether a name's compass word and the word after it, in either form
    (South / Southern), make a place of its own (South Africa)."""
    k = next((i for i, t in enumerate(group) if t is compass), len(group))
    if k + 1 >= len(group):
        return False
    point = _norm(compass.text).removesuffix("ern")
    after = _norm(group[k + 1].text)
    return any(f"{form} {after}" in _COMPASS_PLACES for form in (point, point + "ern"))


def _compass_form(word: str) -> bool:
    """Whether ``word`` is a compass point or its -ern form."""
    f = _norm(word)
    return f in _COMPASS or (f.endswith("ern") and f[:-3] in _COMPASS)


def _group(findings: list[_Finding]) -> list[list[_Finding]]:
    """Join adjacent words of one name that drifted alike into one finding
    (Dilokrit Pattavee -> Delocret Batavi; Mossack Fonseca missing)."""
    groups: list[list[_Finding]] = []
    for f in findings:
        if groups:
            prev = groups[-1][-1]
            same_kind = (prev.variant is None) == (f.variant is None)
            adjacent_back = f.variant is None or (
                prev.variant is not None and f.variant.index == prev.variant.index + 1
            )
            adjacent = prev.mention == f.mention and f.position == prev.position + 1
            if adjacent and same_kind and adjacent_back:
                groups[-1].append(f)
                continue
        groups.append([f])
    return groups


@dataclass(frozen=True, slots=True)
class NameVariant:
    """One spelling of a name in one text, and where it occurs."""

    folded: str  # the compared form (lower case, no diacritics)
    text: str  # the spelling as the text mostly writes it
    places: tuple[tuple[int, NameToken], ...]  # (segment index, word) per occurrence
    mentions: frozenset[tuple[int, int]]  # (segment index, mention start) per occurrence

    @property
    def attested(self) -> bool:
        """Whether wordfreq knows this spelling (Haftar yes, Hifter no)."""
        return attested(self.folded)


def _deletions(key: str) -> set[str]:
    """The key and the key with any one symbol removed: a blocking key under
    which spellings one edit apart meet."""
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


def _gap(a: NameVariant, b: NameVariant) -> int:
    """Segments between the nearest occurrences of two spellings."""
    segs_a = sorted({s for s, _ in a.places})
    segs_b = sorted({s for s, _ in b.places})
    best = abs(segs_a[0] - segs_b[0])
    k = 0
    for x in segs_a:
        while k + 1 < len(segs_b) and segs_b[k + 1] <= x:
            k += 1
        best = min(best, abs(x - segs_b[k]))
        if k + 1 < len(segs_b):
            best = min(best, abs(segs_b[k + 1] - x))
    return best


def _link_score(a: NameVariant, b: NameVariant) -> float | None:
    """How sure we are that two spellings in one text are one name, or None.

    Without an aligned source to vouch for a match, the coarse key is too
    forgiving (Jefferson and Coverciano share it), so this compares fine keys
    and asks for more string similarity the shorter the key.  Spellings far
    apart in the text (more than ``NEAR_SEGMENTS``) need equal keys of four
    symbols or more and a close spelling: a garbled name usually recurs
    within a few sentences, while two unrelated names with similar skeletons
    are scattered (tuned on flores-dev read as one text).
    """
    ka, kb = fine_key(a.text), fine_key(b.text)
    shorter = min(len(ka), len(kb))
    if shorter < 2:
        return None
    d = fine_distance(ka, kb)
    jw = string_similarity(a.text, b.text)
    near = _gap(a, b) <= NEAR_SEGMENTS
    if d == 0:
        need = 0.55 if shorter >= 4 else 0.75 if shorter == 3 else 0.9
        if not near:
            need = 0.85 if shorter >= 4 else 2.0
    elif d == 1 and shorter >= 3 and near:
        need = 0.8
    else:
        return None
    return jw if jw >= need else None


def name_clusters(texts: Sequence[tuple[int, str]]) -> list[list[NameVariant]]:
    """Groups of spellings that look like one name, over ``(segment, text)`` pairs.

    Only rare capitalised words of four letters or more take part; two
    attested spellings are never linked directly, and an unattested spelling
    joins at most one attested one (its closest), so a garbled spelling cannot
    chain two real names together.
    """
    known = _document_names(tuple(capitalised_mid_sentence(text) for _, text in texts))
    shown: dict[str, Counter[str]] = defaultdict(Counter)
    places: dict[str, list[tuple[int, NameToken]]] = defaultdict(list)
    mentions: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for segment, text in texts:
        for mention in extract_names(text, known):
            for tok in mention.tokens:
                if tok.frequent or tok.acronym or sum(c.isalpha() for c in tok.text) < 4:
                    continue
                shown[tok.folded][tok.text.title() if tok.text.isupper() else tok.text] += 1
                places[tok.folded].append((segment, tok))
                mentions[tok.folded].add((segment, mention.start))
    variants = {
        f: NameVariant(f, shown[f].most_common(1)[0][0], tuple(places[f]), frozenset(mentions[f]))
        for f in places
    }

    names = list(variants)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(names):
        key = phonetic_key(f)
        if len(key) >= 2:
            for k in _deletions(key):
                blocks[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) > 1:
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pairs.add((min(members[x], members[y]), max(members[x], members[y])))

    parent = list(range(len(names)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best_attested: dict[int, tuple[float, int]] = {}
    for i, j in sorted(pairs):
        a, b = variants[names[i]], variants[names[j]]
        if (a.attested and b.attested) or same_name(a.folded, b.folded):
            continue
        if a.mentions & b.mentions:
            continue  # two words of one name (Galileo Galilei), not two spellings
        score = _link_score(a, b)
        if score is None:
            continue
        if a.attested or b.attested:
            loose, real = (j, i) if a.attested else (i, j)
            if score > best_attested.get(loose, (0.0, -1))[0]:
                best_attested[loose] = (score, real)
            continue
        parent[find(i)] = find(j)
    # Each unattested cluster joins at most one attested spelling: its closest.
    cluster_best: dict[int, tuple[float, int]] = {}
    for loose, (score, real) in best_attested.items():
        root = find(loose)
        if score > cluster_best.get(root, (0.0, -1))[0]:
            cluster_best[root] = (score, real)
    for root, (_, real) in cluster_best.items():
        if find(real) == find(root):
            continue
        parent[find(root)] = find(real)

    groups: dict[int, list[NameVariant]] = defaultdict(list)
    for i, f in enumerate(names):
        groups[find(i)].append(variants[f])
    clusters = [g for g in groups.values() if len(g) > 1]
    for g in clusters:
        g.sort(key=lambda v: v.places[0][0])
    clusters.sort(key=lambda g: g[0].places[0][0])
    return clusters


def attested_respelling(spellings: Sequence[str]) -> str | None:
    """An attested spelling that Arabic script would write like ``spellings``.

    Each spelling is respelled within its key classes (``arabic.respellings``)
    and the respellings wordfreq knows are counted; the one most spellings
    lead to wins, then the more frequent.  Brigogen and Prezhugin both lead
    to Prigozhin.  ``None`` unless at least two spellings lead to one.
    """
    support: Counter[str] = Counter()
    for spelling in dict.fromkeys(fold(s) for s in spellings):
        for cand in set(respellings(spelling)):
            if cand != spelling and attested(cand) and zipf(cand) < FREQUENT_ZIPF:
                support[cand] += 1
    # One garbled spelling alone leads to many attested words (Musak: music,
    # muzak, masak); two spellings agreeing on one is evidence.
    if not support or max(support.values()) < 2:
        return None
    best = max(support, key=lambda c: (support[c], zipf(c)))
    return best.capitalize()


def _list_words(words: Sequence[str]) -> str:
    quoted = [f'"{w}"' for w in words]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def _segments(places: Sequence[tuple[int, NameToken]], limit: int = 8) -> str:
    segs = sorted(dict.fromkeys(s for s, _ in places))
    shown = ", ".join(str(s) for s in segs[:limit])
    if len(segs) > limit:
        shown += f", … ({len(segs) - limit} more)"
    return ("segment " if len(segs) == 1 else "segments ") + shown


class NameInconsistencyDetector(Detector):
    """One name spelled several ways within one text."""

    kind = "name-inconsistency"
    description = "one name spelled several ways in the same text"

    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        flags = self._side(pairs, "source")
        if any(p.target for p in pairs):
            flags.extend(self._side(pairs, "back"))
        return flags

    def _side(self, pairs: Sequence[SegmentPair], side: str) -> list[Flag]:
        texts = tuple((p.index, p.source if side == "source" else p.target or "") for p in pairs)
        if side == "source":
            # The same for every system checked against this source: once.
            return list(_side_flags(texts, side, self.kind, type(self).__name__))
        return list(_side_flags.__wrapped__(texts, side, self.kind, type(self).__name__))


@lru_cache(maxsize=4)
def _side_flags(
    texts: tuple[tuple[int, str], ...], side: str, kind: str, detector: str
) -> tuple[Flag, ...]:
    """NameInconsistencyDetector's flags for one side of a document."""
    text_of = dict(texts)
    flags: list[Flag] = []
    for cluster in name_clusters(texts):
        if all(v.attested for v in cluster):
            continue
        real = [v for v in cluster if v.attested]
        by_count = sorted(cluster, key=lambda v: -len(v.places))
        counts = "; ".join(f"{v.text} ×{len(v.places)} in {_segments(v.places)}" for v in by_count)
        spelled = f"{_NUMBER_WORDS.get(len(cluster), str(len(cluster)))} ways"
        names = _list_words([v.text for v in by_count])
        suggestion: str | None
        if real:
            best = max(real, key=lambda v: zipf(v.folded))
            suggestion = best.text
            tail = f'"{suggestion}" is the attested spelling.'
            flagged = [v for v in cluster if v is not best]
        else:
            suggestion = attested_respelling([v.text for v in cluster])
            flagged = list(cluster)
            if suggestion:
                tail = (
                    f'none is attested, but "{suggestion}", an attested name that Arabic '
                    "script writes the same way, is likely the spelling meant."
                )
            else:
                tail = "no attested spelling."
        detail = f"{names} look like one name spelled {spelled} ({counts}); {tail}"
        extra = (("variants", ", ".join(v.text for v in by_count)),)
        for v in flagged:
            for segment, tok in v.places:
                span = Span(tok.start, tok.end, text_of[segment][tok.start : tok.end])
                flags.append(
                    Flag(
                        kind=kind,
                        segment=segment,
                        source=span if side == "source" else None,
                        target=span if side == "back" else None,
                        severity=Severity.WARNING,
                        detail=detail,
                        detector=detector,
                        target_side="source" if side == "source" else "back",
                        suggestion=suggestion,
                        extra=extra,
                    )
                )
    return tuple(flags)
