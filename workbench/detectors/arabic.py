"""Phonetic keys that see a name the way Arabic script writes it.

A name that goes from English into Arabic and back loses what Arabic script
cannot write: there is no p (ب is b), no v (ف is f), g is written غ, ج, ك or ق,
zh and j share ج, ch and sh share ش / تش, short vowels are not written and
doubled letters are written once.  Read back into English, one Arabic spelling
comes out in many Latin spellings (بريغوجين: Prezhugin, Brigogen, Przogin),
so plain string similarity cannot tell a respelled name from a different one.

``phonetic_key`` reduces a Latin spelling to a consonant skeleton in which the
letters Arabic script confuses share one symbol; ``romanize`` reads an
Arabic-script word into Latin letters so that the same key applies to the
Arabic pivot; ``name_similarity`` combines key and string similarity into the
one score the name detectors threshold.  ``fine_key`` / ``fine_distance`` are
a stricter version for comparing spellings within one text, and
``respellings`` inverts the key to generate what a garbled name may have been.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein

# Consonant classes of the key.  Each class is one Arabic-script letter group:
#   B  b p          (ب)
#   F  f v ph       (ف, ڤ)
#   K  k c q g j gh kh zh ck x   (ك ق غ ج خ: g, j and zh all pass through ج or غ;
#                                  ``fine_key`` splits it into K: k c q kh ck x,
#                                  J: j zh dj dzh, and G: g gh)
#   S  s z c(e/i) ts tz         (س ص ز)
#   C  sh ch tch tsh sch cz sz  (ش, تش)
#   T  t th         (ت ط ث)
#   D  d dh         (د ض ذ)
#   H  h            (ه ح)
#   W  w before a vowel; Y  y before a vowel at the start
#   L M N R         themselves
#   A  a vowel at the start of the word (Arabic writes it as alif or ʿayn)
# Vowels elsewhere are dropped: Arabic rarely writes short vowels, and the
# long ones come back as any of a e i o u.
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("tsch", "C"),
    ("tch", "C"),
    ("tsh", "C"),
    ("sch", "C"),
    ("dzh", "J"),
    ("sh", "C"),
    ("ch", "C"),
    ("cz", "C"),
    ("sz", "C"),
    ("zh", "J"),
    ("dj", "J"),
    ("gh", "G"),
    ("kh", "K"),
    ("ck", "K"),
    ("cq", "K"),
    ("qu", "K"),
    ("ph", "F"),
    ("th", "T"),
    ("dh", "D"),
    ("ts", "S"),
    ("tz", "S"),
)
_SINGLE: dict[str, str] = {
    "b": "B",
    "p": "B",
    "f": "F",
    "v": "F",
    "k": "K",
    "q": "K",
    "g": "G",
    "j": "J",
    "s": "S",
    "z": "S",
    "t": "T",
    "d": "D",
    "h": "H",
    "l": "L",
    "m": "M",
    "n": "N",
    "r": "R",
}
_VOWELS = frozenset("aeiouy")


# Latin letters whose stroke or ligature NFKD does not take apart.
_UNDECOMPOSED = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "þ": "th",
        "ŧ": "t",
    }
)


@lru_cache(maxsize=131072)
def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics (Backström -> backstrom, Barça -> barca,
    Słania -> slania)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return out.translate(_UNDECOMPOSED)


_COARSE = str.maketrans("GJ", "KK")


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """The Arabic-script consonant skeleton of a Latin-script word.

    ``Prigozhin``, ``Prezhugin`` and ``Brigogen`` all give ``BRKKN``;
    ``Haftar`` and ``Hifter`` give ``HFTR``; ``Khalifa`` gives ``KLF``.
    """
    return fine_key(word).translate(_COARSE)


@lru_cache(maxsize=65536)
def fine_key(word: str) -> str:
    """``phonetic_key`` with its K class split three ways: K (k c q kh: Arabic
    ك ق خ), J (j zh dj: ج) and G (g gh, which Arabic writes as غ, ج or ك).

    Within one text, where no alignment vouches for a match, ``fine_distance``
    compares these keys: G matches K or J, but Jefferson (J) and Coverciano
    (K) stay apart, as ج and ك do.
    """
    if "ḥ" in word:
        # ḥ (a romanised ح) is an h of its own: it never joins the letter
        # before it into a digraph.
        head, _, tail = word.partition("ḥ")
        return fine_key(head) + fine_key("h" + tail)
    letters = "".join(ch for ch in fold(word) if "a" <= ch <= "z")
    if not letters:
        return ""
    out: list[str] = []
    i = 0
    n = len(letters)
    if letters[0] in "aeiou" or (letters[0] == "y" and n > 1 and letters[1] not in _VOWELS):
        out.append("A")
    while i < n:
        ch = letters[i]
        # Doubled letters are one letter in Arabic script (written with shadda).
        if i > 0 and ch == letters[i - 1] and ch not in _VOWELS:
            i += 1
            continue
        if (
            letters.startswith("gh", i)
            and i > 0
            and letters[i - 1] in _VOWELS
            and (i + 2 >= n or letters[i + 2] == "t")
        ):
            # gh after a vowel and before t or the end is silent (Connaught,
            # Leigh); Arabic writes nothing for it.
            i += 2
            continue
        for graph, sym in _DIGRAPHS:
            if letters.startswith(graph, i):
                out.append(sym)
                i += len(graph)
                break
        else:
            nxt = letters[i + 1] if i + 1 < n else ""
            if ch in "aeiou":
                pass
            elif ch == "y":
                if i == 0 and nxt in _VOWELS:
                    out.append("Y")
            elif ch == "w":
                # w before a vowel is the consonant و; elsewhere it spells a vowel.
                if nxt in _VOWELS:
                    out.append("W")
            elif ch == "c":
                out.append("S" if nxt in "eiy" else "K")
            elif ch == "x":
                out.append("KS")
            elif ch == "h":
                # h after a vowel and before a consonant or the end is silent
                # (John, Fatimah, Arabic final ه).
                if not (i > 0 and letters[i - 1] in _VOWELS and nxt not in _VOWELS):
                    out.append("H")
            else:
                out.append(_SINGLE.get(ch, ""))
            i += 1
    return "".join(out)


# Arabic letters read into Latin.  Long-vowel letters become vowels (dropped
# by the key), so only the consonant skeleton decides a match.
_AR_LETTERS: dict[str, str] = {
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "چ": "ch",
    # ḥ, as ISO 233 writes it: a plain h after s, k, t or d would read as
    # one letter with it (صحراء is "sḥra", not "shra" with ش).
    "ح": "ḥ",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "gh",
    "ف": "f",
    "ڤ": "v",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "ى": "a",
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ء": "",
    "ؤ": "u",
    "ئ": "i",
}
# Harakat, tatweel and other marks that carry no consonant.
_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def is_arabic(word: str) -> bool:
    """Whether ``word`` contains Arabic-script letters."""
    return _ARABIC.search(word) is not None


@lru_cache(maxsize=65536)
def romanize(word: str) -> str:
    """Read an Arabic-script word into Latin letters, consonant by consonant.

    بريغوجين -> ``brighujin``; بيكيه -> ``bikih``; موساك -> ``musak``.
    و and ي are read as consonants (w, y) at the start of a word and next to
    alif, as long vowels (u, i) elsewhere; ع is a vowel at the start and
    silent elsewhere.  The result is meant for keys and for showing a reviewer
    what the pivot says, not as a scholarly transliteration.
    """
    text = _AR_MARKS.sub("", unicodedata.normalize("NFC", word))
    out: list[str] = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in "وي":
            consonant = i == 0 or (prev != "" and prev in "اأإآ") or (nxt != "" and nxt in "اأإآ")
            if ch == "و":
                out.append("w" if consonant else "u")
            else:
                out.append("y" if consonant else "i")
        elif ch == "ع":
            out.append("a" if i == 0 else "")
        elif ch in _AR_LETTERS:
            out.append(_AR_LETTERS[ch])
        elif ch.isascii() and ch.isalpha():
            out.append(ch.lower())
    return "".join(out)


# Clitics glued to the front of an Arabic word: wa- (and), fa- (so), bi- (with),
# li- (for), ka- (as) and the article al-, alone or combined.
_PROCLITICS: tuple[str, ...] = (
    "وال",
    "بال",
    "فال",
    "كال",
    "لل",
    "ال",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)


def arabic_readings(word: str) -> tuple[str, ...]:
    """The word itself and the word without each proclitic it may carry, romanised."""
    readings = [romanize(word)]
    for clitic in _PROCLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            readings.append(romanize(word[len(clitic) :]))
    return tuple(dict.fromkeys(readings))


def fine_distance(a: str, b: str) -> int:
    """Edit distance between two ``fine_key``s, G matching K and J for free."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            same = ca == cb or (ca == "G" and cb in "KJ") or (cb == "G" and ca in "KJ")
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (0 if same else 1)))
        prev = cur
    return prev[-1]


def key_similarity(a: str, b: str) -> float:
    """Similarity of two phonetic keys in [0, 1] (normalised Levenshtein)."""
    if not a or not b:
        return 0.0
    return float(Levenshtein.normalized_similarity(a, b))


def string_similarity(a: str, b: str) -> float:
    """Jaro-Winkler similarity of two spellings, case and diacritics folded."""
    return float(JaroWinkler.similarity(fold(a), fold(b)))


_SILENT_END = re.compile(r"[aeiouy][tdsxz]$")
_VOWEL_W = re.compile(r"(?<=[aeiou])w(?=[aeiou])")
_SH_SOUND = re.compile(r"(?<=[aeiou])(?:ss|t|s)i(?=[ao]n)")


_CH_AS_K = re.compile(r"(?<![st])ch")


@lru_cache(maxsize=65536)
def key_variants(word: str) -> tuple[str, ...]:
    """The key of ``word``, plus the keys of its other likely pronunciations:
    without a final consonant that French-style spellings do not pronounce
    (Piquet -> بيكيه, Lemieux), with ch read as k (Hesperonychus, Michael ->
    ك), with -ssion and -tion read as sh, and with w between vowels read as a
    vowel (Lewis -> لويس)."""
    key = phonetic_key(word)
    keys = [key]
    if _SILENT_END.search(fold(word)):
        for tail in ("KS", "T", "D", "S"):
            if key.endswith(tail) and len(key) - len(tail) >= 2:
                keys.append(key[: -len(tail)])
                break
    folded = fold(word)
    if _CH_AS_K.search(folded):
        # Not the ch of sch or tch: Schumacher -> شوماخر, Kitchener -> كتشنر.
        keys.append(phonetic_key(_CH_AS_K.sub("k", folded)))
    if _SH_SOUND.search(folded):
        # -ssion, -tion, -sian spell the sound sh (Mission -> ميشن).
        keys.append(phonetic_key(_SH_SOUND.sub("sh", folded)))
    if _VOWEL_W.search(folded):
        # w between vowels may spell part of the vowel (Lewis -> لويس, read
        # "luis"), not the consonant و.
        keys.append(phonetic_key(_VOWEL_W.sub("", folded)))
    return tuple(dict.fromkeys(keys))


def name_similarity(a: str, b: str, *, b_is_reading: bool = False) -> float:
    """How likely two Latin spellings are one name passed through Arabic script.

    Equal keys are strong evidence; the string similarity then only ranks
    the match.  Unequal keys are scored mostly by how far apart they are, so
    Prigozhin / Przogin (one letter apart in the key) scores well and
    Haftar / Khalifa (different skeletons) does not.  ``b_is_reading``: ``b``
    is a ``romanize``d Arabic word, whose every letter is pronounced.
    """
    va = key_variants(a)
    vb = (phonetic_key(b),) if b_is_reading else key_variants(b)
    if not va[0] or not vb[0]:
        return 0.0
    ss = string_similarity(a, b)
    if va[0] == vb[0]:
        return 0.85 + 0.15 * ss
    if set(va) & set(vb):
        return 0.8 + 0.15 * ss
    ks = max(key_similarity(x, y) for x in va for y in vb)
    return 0.65 * ks + 0.35 * ss


# Spellings that one Arabic letter can come back as: the inverse of the key's
# classes, used to generate candidate respellings of a garbled name.
_RESPELL_CONSONANTS: dict[str, tuple[str, ...]] = {
    "B": ("b", "p"),
    "F": ("f", "v"),
    "K": ("g", "k", "zh", "j", "kh", "q", "c"),
    "S": ("s", "z"),
    "C": ("ch", "sh", "tch"),
    "T": ("t", "th"),
    "D": ("d",),
}
_RESPELL_VOWELS: tuple[str, ...] = ("a", "e", "i", "o", "u")
_UNIT = re.compile(
    "|".join(g for g, _ in _DIGRAPHS) + r"|[aeiouy]+|[a-z]",
)


def respellings(word: str, limit: int = 60000) -> list[str]:
    """Spellings of ``word`` that Arabic script could not tell apart from it.

    Each consonant is swapped within its key class and each vowel run for a
    single vowel, so ``brigogen`` yields ``prigozhin`` among ~12,000 others.
    Returns an empty list when the product would exceed ``limit``.
    """
    letters = "".join(ch for ch in fold(word) if "a" <= ch <= "z")
    options: list[tuple[str, ...]] = []
    for unit in _UNIT.findall(letters):
        if unit[0] in _VOWELS and not (unit == "y" and not options):
            options.append(tuple(dict.fromkeys((unit, *_RESPELL_VOWELS))))
            continue
        sym = phonetic_key(unit) if unit not in ("w", "y", "h") else unit
        alts = _RESPELL_CONSONANTS.get(sym, ())
        options.append(tuple(dict.fromkeys((unit, *alts))))
    total = 1
    for opt in options:
        total *= len(opt)
    if total > limit:
        return []
    return ["".join(parts) for parts in itertools.product(*options)]
