"""Numbers that changed, vanished or appeared between the source and what came back.

Each side is read into a list of *mentions*: a number as written ("2,000",
"two thousand", "1.5 million", "9:30 am", "0230 UTC", "4th", "1970s") with its
character span and the set of values it may stand for.  Two mentions are the
same number when their value sets meet, so every way of writing a quantity
matches every other:

- "2,000" = "2000" = "2 000" = "two thousand"; "1.5 million" = "1,500,000";
- "5%" = "5 percent" = "5 per cent" (a percentage's unit is not compared, only the number);
- "1977-1978" = "1977 to 1978" = "1977–1978" = "1977-78" (a range is two numbers);
- "4th" = "fourth" = "4"; "1970s" = "the seventies" = "'70s";
- "9:30" = "9.30 a.m." = "0930 hours" = "09:30": a time is compared as minutes
  after midnight, and a clock time without am/pm may be either half of the day
  ("9:30" also matches "21:30"); "0230 UTC" = "02:30", but not "2030 UTC".

The mentions left unmatched on both sides are then paired up (same sort of
number, nearest position first) and reported as **changed** (error); the rest
as **dropped** or **added** (warning).  Number *words* are soft evidence: they
match digits when the values agree, take part in a "changed" pair, but a
number word with no counterpart is never reported by itself, because
paraphrase moves them around freely ("two goals" -> "a brace", "one of
them" is a pronoun).  "one", "first", "second", "half", a bare "thousand" and
Roman numerals ("Category IV") are ignored unless they match.  A number said
once more or once less than on the other side ("KV62. KV62 may be ..." ->
"KV62 may be ...") is not reported, and the 2 of "km2" is an exponent.

The Arabic pivot is compared with the source the same way after its digits
are read (Arabic-Indic ٠-٩ and Persian ۰-۹, ٫ as the decimal point, ٬ and the
Arabic comma between digit groups as thousands separators, the scale words
ألف / مليون / مليار, and digit groups in reverse logical order as opus-mt
writes them: "000 55" is 55,000).  Arabic number words are not read, so on
the pivot only changed and added numbers are reported: a source number
missing from the pivot is usually there as a word.

Two exceptions to the soft reading of number words: a small count whose noun
came back bare ("walked on two legs" -> "walked on legs"; not "the two
edges" -> "the edges", which refers back) is reported as dropped, and so is a
month name that vanished or became another ("around October" dropped, "August"
-> "Ab"); "Sept." and "Jan." are those months.

A number both sides share may still have changed its **bound** ("up to 30"
-> "30", "400" -> "over 400", "more than three" -> "up to three"): a bound
dropped, added or reversed is reported (warning) with the bound in the span.
A bound is read just before the number ("up to", "at most", "as many as",
"less/fewer than", "under", "below"; "more than", "over", "above", "at
least", "in excess of", "no fewer than"; "no more than" is an upper bound)
or just after it ("30 or more", "30+", "30 at most"), and counts as kept
when the other side says it in any words in the clause before the number
("the maximum was 30", "did not exceed 30", "reached 30") or a few words
after ("40 families or more").  Approximations ("about", "some", "roughly",
"30 or so") are no bounds, nor is a hedged one ("perhaps as many as 30"), so
a hedge added or lost is not reported, nor is
"nearly 30" -> "30"; "nearly 30" -> "over 30" is reversed.  "over" and
"under" are prepositions, not bounds, before a span of time ("over 3 days"),
after a particle verb ("handed over 30 rifles", "falls under 3 headings"),
in "chosen over five other sports" and "under two conditions"; "up to" is
none in a range ("from 20 up to 30") or after a verb it belongs to ("set it
up to 65%"); a range ("25 to 30 years"), a time, a decade and an ordinal
take no bound, and a year-like number ("up to 2008") only a comparative or
one before a counted noun ("over 2000 people").

"a couple of thousand" is 2,000 or "some thousands": it matches "two
thousand", "a few thousand" and "thousands", not "a thousand", and is
reported when it has no counterpart.  A number that counts two different
things ("2 goals and 2 assists") and came back once has lost a count, unlike
a name said once less ("KV62 ... KV62").

Known gaps: a score "5-3" and a section "1.1" written "1-1" are not told
apart; fractions ("two-thirds"), "a couple of" before a noun and Arabic
number words are not read; a unit is compared only where both sides write
one right after the number ("300 mph" -> "300 m/s" is reported, "5 km" ->
"5 km of road" is not read); a bound on the Arabic pivot is not read.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from workbench.detectors.base import Detector, SegmentPair
from workbench.detectors.tokens import CACHE_SIZE
from workbench.results import Flag, Severity, Span

Value = tuple[str, float]  # ("n", 2000.0), ("t", 570.0) minutes, ("dec", 70.0)

# Arabic-Indic and Persian digits, Arabic decimal and thousands separators.
# One character for one: offsets into the translated text are offsets into the original.
_DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬",
    "01234567890123456789.,",
)

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
}
_SCALES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "bn": 1_000_000_000,
    "mn": 1_000_000,
    "grand": 1_000,  # "100 grand": $100,000
    # Arabic, for the pivot: the number before them is written in digits.
    "ألف": 1_000,
    "آلاف": 1_000,
    "مليون": 1_000_000,
    "ملايين": 1_000_000,
    "مليار": 1_000_000_000,
    "مليارات": 1_000_000_000,
    "بليون": 1_000_000_000,
    "بلايين": 1_000_000_000,
    "تريليون": 1_000_000_000_000,
}
_ARABIC_SCALES = "ألف|آلاف|مليون|ملايين|مليارات|مليار|بلايين|بليون|تريليون"
_DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
# Words that are numbers only sometimes ("one of them", "a second", "first of all").
_WEAK_WORDS = frozenset({"one", "first", "second", "half"})
# Roman numerals made of I, V and X only, two letters or more ("II", "XIV"):
# "Category IV" is "Category 4"; C, D, L and M are left out ("DC", "MIX").
_ROMAN = re.compile(r"\b(?=[IVX]{2,}\b)(X{0,3})(IX|IV|V?I{0,3})\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
# A single I, V or X after a word that numbers a kind: "type I" is "type 1".
_ROMAN_AFTER = re.compile(
    r"\b(?i:type|category|class|phase|stage|grade|level|part|chapter|volume|world\s+war)"
    r"\s+([IVX])\b(?!\.)"
)
# Number words made plural name a set: "rugby sevens" is 7's rugby.
_PLURAL_UNITS = {
    f"{word}es" if word.endswith("x") else f"{word}s": _UNITS[word]
    for word in ("two", "three", "four", "five", "six", "seven", "eight", "nine", "eleven")
}
_PLURAL_UNIT = re.compile(r"\b(" + "|".join(_PLURAL_UNITS) + r")\b", re.I)
_DIMENSIONS = re.compile(r"-?D\b")
_CENTURY_AFTER = re.compile(r"[\s-]+centur(?:y|ies)\b", re.I)
_VULGAR = {"¼": 0.25, "½": 0.5, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125, "⅜": 0.375}
_VULGAR |= {"⅝": 0.625, "⅞": 0.875}
# A 2 or 3 glued to a unit is an exponent: "km2", "mm2", "m3".
_EXPONENT = re.compile(r"\b(?:(?:km|cm|mm|m|ft|mi|in|sq)|(?:كم|مم|سم|م)\s?)([23])\b")
# The Arabic comma between digit groups is a thousands separator: "783،562".
_ARABIC_COMMA = re.compile(r"(?<=\d)،(?=\d{3}(?!\d))")

_ENTITY = re.compile(r"&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});")
_WORD = "|".join(
    sorted(
        [*_UNITS, *_ORDINALS, *(w for w in _SCALES if len(w) > 2), *_DECADES, "hundreds", "half"],
        key=len,
        reverse=True,
    )
)
_NUMBER = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 2,000.5
    r"|\d+,\d{1,2}(?![\d,])"  # 6,34: a decimal comma
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]\d)"  # 2 000
    r"|\d+(?:\.\d+)?"
)
_MONEY_SCALES = {"m": 1_000_000, "k": 1_000}
_AMPM = r"(?P<ampm>[ap])\.?\s?m\b\.?"
_PATTERN_SOURCE = rf"""
    (?P<time12>(?<![\d.,])(?P<h12>\d{{1,2}})(?:[:.](?P<m12>\d{{2}}))?\s*{_AMPM})
  | (?P<time24>(?<![\d.,:])(?P<h24>\d{{1,2}}):\s?(?P<m24>\d{{2}})(?::\d{{2}})?(?![\d:]))
  | (?P<hhmm>(?<![\d.,])(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)
        (?:\s*(?:UTC|GMT|Z\b|hours\b|hrs\b|h\b)|(?=\s*(?:local\ time|UTC|GMT))))
  | (?P<decade>(?<![\d.,])(?:(?P<century>\d{{2}})|['’])?(?P<dec>\d0)['’]?s\b)
  | (?P<andahalf>\ban?\s+
        (?:hour|day|week|month|year|mile|kilomet(?:re|er)|met(?:re|er)|minute|century)
        \s+and\s+a\s+half\b)
  | (?P<vulgar>(?<![\d.,])(?P<vwhole>\d+)?\s?(?P<vfrac>[¼½¾⅓⅔⅛⅜⅝⅞]))
  | (?P<slashed>(?<![\d.,])(?P<swhole>\d+)?(?P<snum>\d)\u2044(?P<sden>\d{{1,2}})(?!\d))
  | (?P<ordinal>(?<![\d.,])(?P<ord>\d+)(?:st|nd|rd|th)\b)
  | (?P<yrange>(?<![\d.,])(?P<y1>\d{{4}})\s*[-–—]\s*(?P<y2>\d{{2}})(?![\d.,]?\d))
  | (?P<money>(?<=[£$€¥])(?P<mnum>\d+(?:\.\d+)?)(?P<mscale>(?-i:m|k))\b)
  | (?P<scaled>(?<![\d.,])(?P<num>{_NUMBER})\s*
        (?P<scale>million|billion|trillion|thousand|(?-i:grand)(?!\s+(?:prix|slam|piano|jury|canyon|tour|total|final|opening))|(?-i:bn|mn)|{_ARABIC_SCALES})\b)
  | (?P<rtl>(?<![\d.,])\d{{3}}(?:[ ,]\d{{3}})*[ ,]\d{{1,3}}(?![\d.,]?\d))
  | (?P<plain>(?<![\d.,])(?:{_NUMBER}))
  | (?P<couple>\ba\s+couple\s+of\s+(?P<cscale>dozen|hundred|thousand|million|billion)\b)
  | (?P<vague>\b(?:(?:a\s+few|several|many|some)\s+
        (?P<vscale>dozen|hundred|thousand|million|billion)
        |(?:tens\s+of\s+|hundreds\s+of\s+)?(?P<vplural>dozens|hundreds|thousands|millions|billions))\b)
  | (?P<words>\b(?:a\s+|an\s+)?(?:{_WORD})(?:(?:[\s-]+|\s+and\s+(?:a\s+)?)(?:{_WORD}))*\b)
    """
_PATTERN = re.compile(
    _PATTERN_SOURCE.replace("| (?P<rtl>", "| (?P<rtl_off>(?!)"), re.VERBOSE | re.IGNORECASE
)
# Right-to-left text (the Arabic pivot) may hold a grouped number in reverse
# logical order, which displays the right way round: "000 55" is 55,000.
_RTL_PATTERN = re.compile(_PATTERN_SOURCE, re.VERBOSE | re.IGNORECASE)
_RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "ps", "yi"})


@dataclass(frozen=True, slots=True)
class Mention:
    """One number as written in a text."""

    start: int
    end: int
    text: str
    values: frozenset[Value]
    sort: str  # "time", "year", "decade", "number"
    word: bool = False  # written in words: soft evidence
    weak: bool = False  # "one", "first": a number only when it matches
    scale: float = 1.0  # the "million" of "1.5 million"

    def matches(self, other: Mention) -> bool:
        shared = self.values & other.values
        if _specificity(shared) == 1:
            # A bare decade ("'80s") matches any century, but the 1480s are not the 1980s.
            return not (self._has_century() and other._has_century())
        return bool(shared)

    def _has_century(self) -> bool:
        return any(key == "dec" and value >= 100 for key, value in self.values)


def _num(text: str) -> float:
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))  # a decimal comma: "6,34"
    return float(re.sub(r"[,\s\u00a0\u202f]", "", text))


def _sort_of(raw: str) -> str:
    return "year" if re.fullmatch(r"1\d{3}|20\d{2}", raw) else "number"


def _clock(hour: int, minute: int, ampm: str | None) -> frozenset[Value]:
    if ampm:
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
        values: set[Value] = {("t", hour * 60 + minute)}
    else:
        values = {("t", hour * 60 + minute)}
        if hour < 12:
            values.add(("t", (hour + 12) * 60 + minute))
        if hour > 12:
            values.add(("t", (hour - 12) * 60 + minute))
    if minute == 0:
        # "at 11:00" is also "at 11"
        values.add(("n", float(hour % 12 or 12)))
    return frozenset(values)


def _parse_words(text: str) -> tuple[float | None, str]:
    """Value of a run of number words ("two thousand five hundred"), and its sort."""
    total, current, seen = 0.0, 0.0, False
    words = re.split(r"[\s-]+", text.lower())
    if words[0] in {"a", "an"}:
        # "a thousand" is one thousand; "a fourth-class storm" is just "fourth"
        words = ["one", *words[1:]] if len(words) > 1 and words[1] in _SCALES else words[1:]
    for word in words:
        if word in {"and", "a", "an"}:
            continue
        if word == "half":
            current += 0.5
            seen = True
            continue
        if word == "hundreds":
            return None, "number"  # vague
        if word in _DECADES:
            return float(_DECADES[word]), "decade"
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _ORDINALS:
            current += _ORDINALS[word]
            seen = True
        elif word in _SCALES:
            scale = _SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
            seen = True
    return (total + current if seen else None), "number"


def _starts_new_number(prev: str, word: str) -> bool:
    """Whether ``word`` begins a new number after ``prev`` in a run of number
    words: "two three-year terms" and "first two" are two numbers each,
    "twenty five" and "two hundred" are one."""
    if prev in _ORDINALS or prev in _DECADES or word in _DECADES:
        return True
    if word in _SCALES or word == "half":
        return False
    if prev in _SCALES:
        return False
    prev_is_tens = prev in _UNITS and _UNITS[prev] >= 20
    word_is_unit = word in _ORDINALS or (word in _UNITS and _UNITS[word] < 20)
    return not (prev_is_tens and word_is_unit)


def _split_word_runs(text: str, start: int) -> list[tuple[int, int]]:
    """Character spans (offset by ``start``) of the numbers in a run of number words."""
    pieces: list[tuple[int, int]] = []
    piece_start, piece_end, prev = -1, -1, ""
    for m in re.finditer(r"[A-Za-z]+", text):
        word = m.group(0).lower()
        if word in {"and", "a", "an"}:
            continue
        if prev and _starts_new_number(prev, word):
            pieces.append((start + piece_start, start + piece_end))
            piece_start = m.start()
        elif piece_start < 0:
            piece_start = m.start()
        piece_end, prev = m.end(), word
    if prev:
        pieces.append((start + piece_start, start + piece_end))
    return pieces


@lru_cache(maxsize=CACHE_SIZE)
def mentions(text: str, rtl: bool = False) -> tuple[Mention, ...]:
    """Every number written in ``text``, with its span and possible values;
    ``rtl`` for right-to-left text, whose digit groups may come in reverse.
    Cached (the source is read once per system), hence a tuple."""
    # Character references ("&#39;") hold digits that are no numbers of the text.
    digits = _ENTITY.sub(lambda m: " " * len(m.group(0)), text.translate(_DIGITS))
    digits = _ARABIC_COMMA.sub(",", digits)
    digits = _EXPONENT.sub(lambda m: m.group(0)[:-1] + " ", digits)
    found: list[Mention] = []
    for m in (_RTL_PATTERN if rtl else _PATTERN).finditer(digits):
        start, end = m.span()
        shown = text[start:end]
        if m.group("time12"):
            values = _clock(int(m.group("h12")), int(m.group("m12") or 0), m.group("ampm"))
            found.append(Mention(start, end, shown, values, "time"))
        elif m.group("time24"):
            hour, minute = int(m.group("h24")), int(m.group("m24"))
            if hour > 24 or minute > 59:
                found.append(Mention(start, end, shown, frozenset({("n", float(hour))}), "number"))
                continue
            found.append(Mention(start, end, shown, _clock(hour, minute, None), "time"))
        elif m.group("hhmm"):
            hour, minute = int(m.group("hh")), int(m.group("mm"))
            values = frozenset({("t", hour * 60 + minute), ("n", float(hour * 100 + minute))})
            found.append(Mention(start, end, shown, values, "time"))
        elif m.group("decade"):
            dec = int(m.group("dec"))
            century = m.group("century")
            dec_values: set[Value] = {("dec", float(dec % 100))}
            if century:
                # The 1960s are no year: "1960" alone does not match them.
                dec_values.add(("dec", float(int(century) * 100 + dec)))
            else:
                # "in their late 60s" is also "60 years old", as "in their
                # sixties" is.
                dec_values.add(("n", float(dec)))
            found.append(Mention(start, end, shown, frozenset(dec_values), "decade"))
        elif m.group("andahalf"):
            found.append(Mention(start, end, shown, frozenset({("n", 1.5)}), "number", word=True))
        elif m.group("vulgar") or m.group("slashed"):
            # 29¾, and the same written with a fraction slash, 293⁄4 (NFKC's
            # spelling of it): both 29.75.
            if m.group("vulgar"):
                whole, part = m.group("vwhole"), _VULGAR[m.group("vfrac")]
            else:
                whole, part = m.group("swhole"), int(m.group("snum")) / int(m.group("sden"))
            value = float(whole or 0) + part
            found.append(Mention(start, end, shown, frozenset({("n", value)}), "number"))
        elif m.group("ordinal"):
            value = float(m.group("ord"))
            ordinal: set[Value] = {("n", value)} | _century_values(digits, end, value)
            found.append(Mention(start, end, shown, frozenset(ordinal), "number"))
        elif m.group("yrange"):
            first = int(m.group("y1"))
            second = first // 100 * 100 + int(m.group("y2"))
            y1_end = m.start("y1") + 4
            found.append(
                Mention(start, y1_end, text[start:y1_end], frozenset({("n", float(first))}), "year")
            )
            y2_start = m.start("y2")
            values = frozenset({("n", float(second)), ("n", float(int(m.group("y2"))))})
            found.append(Mention(y2_start, end, text[y2_start:end], values, "year"))
        elif m.group("couple"):
            # "a couple of thousand" is two thousand, or some thousands: it
            # matches "2,000" and "a few thousand" but not "a thousand".
            scale = float(_SCALES[m.group("cscale").lower()])
            values = frozenset({("n", 2 * scale), ("vague", scale)})
            found.append(Mention(start, end, shown, values, "number", scale=scale))
        elif m.group("vague"):
            unit = (m.group("vscale") or m.group("vplural")[:-1]).lower()
            scale = float(_SCALES[unit])
            values = frozenset({("vague", scale)})
            found.append(Mention(start, end, shown, values, "number", word=True, weak=True))
        elif m.group("money"):
            # A sum's short scale: £27m, $5k (m and k alone only after a currency sign).
            scale = float(_MONEY_SCALES[m.group("mscale")])
            value = _num(m.group("mnum")) * scale
            found.append(
                Mention(start, end, shown, frozenset({("n", value)}), "number", scale=scale)
            )
        elif m.group("scaled"):
            scale = float(_SCALES[m.group("scale").lower()])
            value = _num(m.group("num")) * scale
            found.append(
                Mention(start, end, shown, frozenset({("n", value)}), "number", scale=scale)
            )
        elif m.groupdict().get("rtl"):
            groups = re.split(r"[ ,]", m.group("rtl"))
            readings: set[Value] = {("n", float("".join(reversed(groups))))}
            if len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
                readings.add(("n", float("".join(groups))))
            found.append(Mention(start, end, shown, frozenset(readings), "number"))
        elif m.group("plain"):
            raw = m.group("plain")
            if start > 0 and digits[start - 1].isupper() and digits[start - 1].isascii():
                continue  # a formula's or a code's digit: CO2, H2O
            if _DIMENSIONS.match(digits, end):
                continue  # 3D, 2-D: a kind of image, not a count
            readings = {("n", _num(raw))}
            if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
                # "2.220 points": a thousands point, as much of Europe writes it
                readings.add(("n", float(raw.replace(".", ""))))
            if len(raw) == 4 and raw.startswith("0") and int(raw[2:]) < 60:
                # "0230" in a pivot that dropped "UTC" is still a clock time
                readings.add(("t", int(raw[:2]) * 60 + int(raw[2:])))
            found.append(Mention(start, end, shown, frozenset(readings), _sort_of(raw)))
        else:
            for piece_start, piece_end in _split_word_runs(m.group("words"), start):
                piece = text[piece_start:piece_end]
                word_value, sort = _parse_words(piece)
                if word_value is None:
                    continue
                numeric = [w for w in re.split(r"[\s-]+", piece.lower()) if w not in {"a", "an"}]
                # A bare "thousand" ("a couple of thousand") says too little to report.
                weak = len(numeric) == 1 and (numeric[0] in _WEAK_WORDS or numeric[0] in _SCALES)
                # "in their twenties" is also "20-year-old"
                keys = (
                    {("dec", word_value), ("n", word_value)}
                    if sort == "decade"
                    else {("n", word_value)} | _century_values(digits, piece_end, word_value)
                )
                scale = max((float(_SCALES[w]) for w in numeric if w in _SCALES), default=1.0)
                found.append(
                    Mention(
                        piece_start,
                        piece_end,
                        piece,
                        frozenset(keys),
                        sort,
                        word=True,
                        weak=weak,
                        scale=scale,
                    )
                )
    for m in _ROMAN.finditer(digits):
        roman = sum(_ROMAN_VALUES[c] for c in m.group(0)) - 2 * m.group(0).count("IV") * 1
        roman -= 2 * m.group(0).count("IX")
        found.append(
            Mention(
                m.start(),
                m.end(),
                m.group(0),
                frozenset({("n", float(roman))}),
                "number",
                word=True,
                weak=True,
            )
        )
    for m in _ROMAN_AFTER.finditer(digits):
        value = float(_ROMAN_VALUES[m.group(1)])
        found.append(
            Mention(
                m.start(1), m.end(1), m.group(1), frozenset({("n", value)}), "number", True, True
            )
        )
    for m in _PLURAL_UNIT.finditer(digits):
        value = float(_PLURAL_UNITS[m.group(1).lower()])
        found.append(
            Mention(m.start(), m.end(), m.group(0), frozenset({("n", value)}), "number", True, True)
        )
    found.sort(key=lambda mention: mention.start)
    return tuple(_distribute_scales(found, digits))


def _century_values(text: str, end: int, ordinal: float) -> set[Value]:
    """For an ordinal before "century", its hundreds as a decade: the 19th
    century is the 1800s."""
    if _CENTURY_AFTER.match(text, end) and 1 <= ordinal <= 21:
        hundreds = (ordinal - 1) * 100
        return {("dec", hundreds)}
    return set()


_RANGE_GAP = re.compile(r"\s*(?:to|and|or|-|–|—|و|إلى|الى|أو)\s*", re.IGNORECASE)


def _distribute_scales(found: list[Mention], text: str) -> list[Mention]:
    """In "two to three million" the first number is millions too: give it
    that value as well, so it matches "two million to three million"."""
    out = list(found)
    for i in range(len(out) - 1, 0, -1):
        first, second = out[i - 1], out[i]
        if (
            second.scale > 1
            and first.scale == 1
            and _RANGE_GAP.fullmatch(text[first.end : second.start])
        ):
            scaled = {("n", v * second.scale) for key, v in first.values if key == "n"}
            out[i - 1] = replace(first, values=first.values | scaled, scale=second.scale)
    return out


@dataclass(frozen=True, slots=True)
class Bound:
    """A bound on a number: its class ("lower", "upper", "near", "approx")
    and the span of the number with its bound ("up to 30", "30 or more")."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Difference:
    """One number that differs: changed (both set), dropped or added."""

    source: Mention | None
    target: Mention | None
    # Set when the number is the same on both sides but its bound differs
    # ("up to 30" -> "30"): the bound of each side, None where there is none.
    source_bound: Bound | None = None
    target_bound: Bound | None = None

    @property
    def bound_changed(self) -> bool:
        return self.source_bound is not None or self.target_bound is not None


_GROUPS = {"number": "number", "year": "number", "time": "time", "decade": "decade"}


def _specificity(shared: frozenset[Value]) -> int:
    return max((1 if key == "dec" and value < 100 else 2 for key, value in shared), default=0)


def _comparable(a: Mention, b: Mention) -> bool:
    """Of a size to be one number miswritten as the other (within a factor of 20)."""
    if a.sort == "time" or b.sort == "time":
        return True
    va = [v for k, v in a.values if k == "n" and v > 0]
    vb = [v for k, v in b.values if k == "n" and v > 0]
    return not va or not vb or any(max(x, y) / min(x, y) <= 20 for x in va for y in vb)


def _digits_close(a: Mention, b: Mention) -> bool:
    da, db = re.sub(r"\D", "", a.text), re.sub(r"\D", "", b.text)
    if not da or not db or len(da) != len(db):
        return False
    if sorted(da) == sorted(db):
        return True  # transposed digits: 39 -> 93
    return sum(x != y for x, y in zip(da, db, strict=True)) <= 1


def pair_up(
    source: Sequence[Mention], target: Sequence[Mention]
) -> tuple[list[tuple[Mention, Mention]], list[Mention], list[Mention]]:
    """The numbers both sides share, as (source, target) pairs, then the
    source's and the target's numbers left unmatched."""
    unmatched_t = list(target)
    unmatched_s: list[Mention] = []
    pairs: list[tuple[Mention, Mention]] = []
    # Exact value sets first, so "9:30" does not take the "21:30" meant for "9:30 pm".
    for mention in source:
        hit = next((t for t in unmatched_t if t.values == mention.values), None)
        if hit is None:
            unmatched_s.append(mention)
        else:
            unmatched_t.remove(hit)
            pairs.append((mention, hit))
    still: list[Mention] = []
    for mention in unmatched_s:
        hits = [t for t in unmatched_t if t.matches(mention)]
        # Prefer a shared year or value to a shared bare decade ("1480s" is
        # "1480" before it is "1980s").
        hit = max(hits, key=lambda t: _specificity(t.values & mention.values), default=None)
        if hit is None:
            still.append(mention)
        else:
            unmatched_t.remove(hit)
            pairs.append((mention, hit))
    return pairs, still, unmatched_t


def compare(
    source: Sequence[Mention],
    target: Sequence[Mention],
    source_len: int,
    target_len: int,
    target_reads_words: bool = True,
) -> list[Difference]:
    """Match the two sides' numbers; return what is left over, paired where
    a source number plausibly became a target number.

    ``target_reads_words`` is False for a side whose number words are not
    read (the Arabic pivot): the source's number words then only match.
    """
    _, still, unmatched_t = pair_up(source, target)
    src = [m for m in still if not m.weak and (target_reads_words or not m.word)]
    tgt = [m for m in unmatched_t if not m.weak]

    def position(m: Mention, length: int) -> float:
        return m.start / max(length, 1)

    differences: list[Difference] = []
    for s in list(src):
        candidates = [
            t
            for t in tgt
            if _digits_close(s, t) or (_GROUPS[t.sort] == _GROUPS[s.sort] and _comparable(s, t))
        ]
        if not candidates:
            continue
        best = min(
            candidates,
            key=lambda t: (
                not _digits_close(s, t),
                abs(position(s, source_len) - position(t, target_len)),
            ),
        )
        differences.append(Difference(s, best))
        src.remove(s)
        tgt.remove(best)
    # A number the other side has anyway was said once more or once less
    # ("KV62. KV62 may be..." -> "KV62 may be..."), not dropped or added.
    target_values = frozenset().union(*(t.values for t in target))
    source_values = frozenset().union(*(m.values for m in source))
    differences.extend(
        Difference(s, None) for s in src if not s.word and not s.values & target_values
    )
    differences.extend(
        Difference(None, t) for t in tgt if not t.word and not t.values & source_values
    )
    return differences


# A bound on a number: "up to 30", "more than 8 times", "over 400", "30 or
# more".  Approximations ("about 48", "some four dozen", "30 or so") are no
# bound: dropping or adding one is a lost or added hedge, not a new number.
# "nearly 30" is below 30, so it contradicts "more than 30" only.
LOWER, UPPER, NEAR, APPROX = "lower", "upper", "near", "approx"
# The classes that contradict each other when both sides bound the number.
_HARD = frozenset({LOWER, UPPER})
_REVERSED = frozenset({frozenset({LOWER, UPPER}), frozenset({LOWER, NEAR})})
# Currency between a bound and its number: "more than $30", "up to US$ 2".
_MONEY = r"(?:\s*(?:US\s?\$|[$€£¥]|USD|EUR|GBP|Rs\.?))?"
# Bounds written just before the number, most specific first ("no more than"
# before "more than").  The last group names the class.
_MORE = "more|greater|higher|larger|bigger|longer|older|heavier|taller|wider|better"
_LESS = "less|fewer|lower|smaller|shorter|younger|lighter|narrower"
_BEFORE = [
    (rf"\b(?:no|not|never|n't)\s+(?:{_LESS})\s+than", LOWER),
    (
        rf"\b(?:no|not|never|n't)\s+(?:to\s+)?(?:(?:{_MORE})\s+than|exceed(?:s|ed|ing)?|over|above)",
        UPPER,
    ),
    (r"\b(?:no|not)\s+(?:under|below)", LOWER),
    (
        r"\b(?:just|slightly|a\s+little|a\s+bit|marginally)\s+(?:under|below|less\s+than"
        r"|fewer\s+than|short\s+of|shy\s+of)",
        NEAR,
    ),
    (
        r"\b(?:nearly|almost|close\s+to|approaching|not\s+quite|(?:just\s+)?(?:short|shy)\s+of)",
        NEAR,
    ),
    (
        rf"\b(?:{_MORE})\s+than"
        r"|\b(?:at\s+least|at\s+a\s+minimum|(?:a\s+)?minimum\s+of|in\s+excess\s+of"
        r"|upwards?\s+of|north\s+of|exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|topp(?:ed|ing))",
        LOWER,
    ),
    (
        rf"\b(?:{_LESS})\s+than"
        r"|\b(?:up\s+to|at\s+(?:the\s+)?most|(?:a\s+)?maximum\s+of|as\s+(?:many|much|high)\s+as"
        r"|not\s+exceeding)",
        UPPER,
    ),
    (r"\b(?:over|above)", LOWER),
    (r"\b(?:under|below)", UPPER),
    (
        r"\b(?:about|around|roughly|approximately|approx\.|some|circa|ca\.|c\.|an\s+estimated"
        r"|estimated|more\s+or\s+less|in\s+the\s+region\s+of|on\s+the\s+order\s+of"
        r"|of\s+the\s+order\s+of|an\s+approximate)",
        APPROX,
    ),
]
_BEFORE_PATTERNS = [
    (re.compile(rf"(?:{pattern}){_MONEY}\s*$", re.IGNORECASE), bound) for pattern, bound in _BEFORE
]
# A hedge just before a bound makes the bound an estimate ("perhaps as many
# as 2 million", "possibly more than 30").
_HEDGED = re.compile(r"\b(?:perhaps|possibly|maybe|probably)\s*$", re.IGNORECASE)
# Bounds written after it: "30 or more", "30+", "30 at most", "30-odd".
_AFTER = [
    (
        r"(?:\s+or|\s+and)\s+(?:more|above|over|up|upwards|higher|greater|longer|older)\b"
        r"(?!\s+(?:than|the|a|an|\d))|\s*\+(?!\s*\d)|-?\s?plus\b|\s+at\s+(?:the\s+)?(?:least"
        r"|minimum)\b",
        LOWER,
    ),
    (
        r"(?:\s+or|\s+and)\s+(?:less|fewer|under|below|lower|younger|smaller)\b"
        r"(?!\s+(?:than|\d))|\s+at\s+(?:the\s+)?(?:most|maximum|max)\b",
        UPPER,
    ),
    (r"\s+or\s+(?:so|thereabouts)\b|-odd\b|-?ish\b", APPROX),
]
_AFTER_PATTERNS = [(re.compile(pattern, re.IGNORECASE), bound) for pattern, bound in _AFTER]
# Bounds that only comparatives express on a year-like number: "up to 2008"
# and "over 1500" may be dates ("until 2008"), "more than 1500 people" is not;
# other bounds count there only before a counted noun ("over 2000 people").
_YEAR_SAFE = re.compile(r"\b(?:than|least|most|excess|upwards?|maximum|minimum|many|much)\b")
# "over" and "under" as prepositions, not bounds: "over 3 days" (during),
# "handed over 30 rifles" (a particle), "under two conditions", "falls under 3
# headings".
_SPAN_NOUNS = frozenset(
    re.findall(
        r"\w+",
        "second seconds minute minutes hour hours day days night nights week weeks weekend"
        " weekends month months year years decade decades century centuries season seasons"
        " period periods generation generations game games match matches round rounds lap laps"
        " leg legs stage stages session sessions term terms innings episode episodes phase phases"
        " occasion occasions",
    )
)
_PARTICLE_VERBS = re.compile(
    r"\b(?:(?:hand|turn|tak|took|giv|gave|win|won|ran|run|spread|pass|look|carr|roll|tip|knock"
    r"|stretch|spill|pour|sign|brought|bring|mull|argu|fought|fight|debat|tower|hover|presid"
    r"|watch|flew|fly|select|chose|choos|prefer|pick|favou?r|vot)\w*\s+over"
    r"|(?:fall|fell|went|go|gone|come|came|list|fil|classif|group|categori[sz]|put)\w*\s+under)"
    r"\s*$",
    re.IGNORECASE,
)
_GOVERNED_NOUNS = frozenset(
    re.findall(
        r"\w+",
        "condition conditions circumstance circumstances scenario scenarios heading headings"
        " category categories name names flag flags law laws rule rules section sections"
        " article articles president presidents administration administrations government"
        " governments leader leaders coach coaches manager managers",
    )
)
# Loose cues: a bound said in other words somewhere in the clause before the
# number ("the maximum was 30", "did not exceed 30") is kept, not dropped.
_CUES = {
    LOWER: re.compile(
        r"\b(?:more|greater|higher|over|above|exceed\w*|surpass\w*|least|minimum|excess"
        r"|upwards?|beyond|top(?:ped|ping)?|north|larger|bigger|older|longer|plus)\b",
        re.IGNORECASE,
    ),
    UPPER: re.compile(
        r"\b(?:up\s+to|most|maximum|max|less|fewer|under|below|within|lower|smaller|younger|beat\w*|until|till|reach\w*|peak\w*"
        r"|shorter|limit\w*|cap|capped|ceiling|exceed\w*|only|as\s+(?:many|much|high|long|far)"
        r"\s+as|nearly|almost|close|short|shy)\b",
        re.IGNORECASE,
    ),
    APPROX: re.compile(
        r"\b(?:about|around|roughly|approximately|approx|some|circa|estimated|estimate"
        r"|nearly|almost|close|region|order|odd|so)\b",
        re.IGNORECASE,
    ),
}
# A bound said a few words after the number: "40 families or more".
_CUE_AFTER = re.compile(
    r"\b(?:or|and)\s+(?:more|above|over|up|upwards|higher|greater|less|fewer|under|below"
    r"|lower)\b|\bat\s+(?:the\s+)?(?:most|least|maximum|minimum)\b|\b(?:max|maximum|minimum)\b"
    r"|\btimes\s+over\b",
    re.IGNORECASE,
)
_RANGE_NEXT = re.compile(rf"\s*(?:to|-|–|—)\s*(?:\d|(?:{_WORD})\b)", re.IGNORECASE)
_CLAUSE = re.compile(r".*[,;:.!?()\[\]]", re.DOTALL)
_WINDOW = 45


def bound_of(text: str, mention: Mention) -> Bound | None:
    """The bound written on ``mention`` in ``text``, or None for a number
    said as it is."""
    if mention.sort in {"time", "decade"} or _is_ordinal(mention):
        return None
    if not any(key == "n" for key, _ in mention.values):
        return None  # "thousands": vague already
    before = text[max(0, mention.start - _WINDOW) : mention.start]
    after = text[mention.end : mention.end + _WINDOW]
    if _RANGE_NEXT.match(after) or re.search(r"\bbetween\s*$", before, re.IGNORECASE):
        return None  # "25 to 30 years": a range is bounds enough
    for pattern, bound in _BEFORE_PATTERNS:
        m = pattern.search(before)
        if m is None:
            continue
        said = m.group(0).lower().strip()
        if (
            mention.sort == "year"
            and bound != APPROX
            and not _YEAR_SAFE.search(said)
            and not _before_noun(after)
        ):
            return None
        if re.search(r"\b(?:over|under)\s*$", said) and _preposition(before, after, said):
            return None
        if bound == UPPER and re.search(r"\bup\s+to", said) and _not_up_to(before[: m.start()]):
            return None
        if bound in _HARD and _HEDGED.search(before[: m.start()]):
            # "perhaps as many as 2 million": an estimate, hedged, not a limit.
            bound = APPROX
        return Bound(bound, mention.start - len(before) + m.start(), mention.end)
    for pattern, bound in _AFTER_PATTERNS:
        m = pattern.match(after)
        if m is not None:
            return Bound(bound, mention.start, mention.end + m.end())
    return None


def _before_noun(after: str) -> bool:
    """Whether ``after`` starts with a lowercase content word ("2000 people")."""
    from workbench.detectors.coverage import STOPWORDS

    following = re.match(r"\s+([a-z]+)\b", after)
    return following is not None and following.group(1) not in STOPWORDS


def _is_ordinal(mention: Mention) -> bool:
    low = mention.text.lower()
    return bool(re.search(r"\d(?:st|nd|rd|th)$", low)) or low.split()[-1] in _ORDINALS


def _preposition(before: str, after: str, said: str) -> bool:
    """Whether the "over" or "under" just before a number is a preposition
    or a particle rather than a bound."""
    if said.split()[0] in {"no", "not", "never", "n't", "just", "slightly"}:
        return False
    following = re.match(r"[\s-]*([A-Za-z]+)", after)
    noun = following.group(1).lower() if following else ""
    if said.endswith("over") and (noun in _SPAN_NOUNS or noun == "other"):
        return True  # "over 3 days", "chosen over five other sports"
    if said.endswith("under") and noun in _GOVERNED_NOUNS:
        return True
    return bool(_PARTICLE_VERBS.search(before))


# "up to" that is no bound: a range ("from 20 up to 30"), or "up" a particle
# of the verb before it ("set it up to 65%", "adds up to 30", "walked up to 2 men").
_RANGE_BEFORE = re.compile(r"\b(?:from|between)\b[^,;.]{0,30}$", re.IGNORECASE)
_UP_PARTICLE = re.compile(
    r"\b(?:it|them|him|her|set|sets|add|adds|added|adding|sum|sums|summed|walk\w*|went"
    r"|go|goes|going|come|comes|came|coming|mov\w*|step\w*|look\w*|liv\w*|measur\w*|stand\w*"
    r"|stood|match\w*|pair\w*|team\w*|sign\w*|end\w*|ran|run\w*|pick\w*|catch\w*|caught"
    r"|own\w*|fac\w*|fill\w*|lin\w*|tot\w*|speak\w*|spoke|open\w*)\s*$",
    re.IGNORECASE,
)


def _not_up_to(before: str) -> bool:
    return bool(_RANGE_BEFORE.search(before) or _UP_PARTICLE.search(before))


def _loosely_bound(text: str, mention: Mention, bound: str) -> bool:
    """Whether the clause around ``mention`` says a bound of the sort of
    ``bound`` (or an approximation) in any words."""
    before = text[max(0, mention.start - _WINDOW) : mention.start]
    clause = _CLAUSE.match(before)
    if clause is not None:
        before = before[clause.end() :]
    if any(p.match(text, mention.end) for p, b in _AFTER_PATTERNS if b in {bound, APPROX}):
        return True
    after = re.split(r"[,;:.!?()]", text[mention.end : mention.end + 30], maxsplit=1)[0]
    if _CUE_AFTER.search(after):
        return True
    return bool(_CUES[bound].search(before) or _CUES[APPROX].search(before))


def bound_changes(
    source: str, target: str, pairs: Sequence[tuple[Mention, Mention]]
) -> list[Difference]:
    """Numbers both sides share whose bound was dropped, added or reversed:
    "up to 30" -> "30", "400" -> "over 400", "nearly 30" -> "over 30"."""
    found: list[Difference] = []
    for s, t in pairs:
        diff = _bound_difference(source, target, s, t)
        if diff is not None:
            found.append(diff)
    return found


def _bound_difference(source: str, target: str, s: Mention, t: Mention) -> Difference | None:
    s_bound, t_bound = bound_of(source, s), bound_of(target, t)
    s_kind = s_bound.kind if s_bound else None
    t_kind = t_bound.kind if t_bound else None
    if s_kind == t_kind or APPROX in {s_kind, t_kind}:
        return None
    if s_bound is not None and t_bound is not None:
        reversed_ = frozenset({s_bound.kind, t_bound.kind}) in _REVERSED
        return Difference(s, t, s_bound, t_bound) if reversed_ else None
    # "nearly 30" -> "30" is a hedge lost, not a bound: only hard bounds count.
    if s_bound is not None and s_bound.kind in _HARD:
        return None if _loosely_bound(target, t, s_bound.kind) else Difference(s, t, s_bound)
    if t_bound is not None and t_bound.kind in _HARD:
        return None if _loosely_bound(source, s, t_bound.kind) else Difference(s, t, None, t_bound)
    return None


# Units of measure read right after a number, each with its canonical name:
# "300 mph" -> "300 m/s" and "3 days" -> "3 weeks" changed the quantity.
# Letters that also abbreviate other words ("5 m" for million, "in", "C")
# are left out; the longest spelling is tried first.
_MEASURE_NAMES: dict[str, tuple[str, ...]] = {
    "mph": ("mph", "miles per hour", "miles an hour", "mile per hour"),
    "km/h": ("km/h", "kph", "kmh", "km per hour", "kilometres per hour",
             "kilometers per hour", "kilometres an hour", "kilometers an hour"),
    "m/s": ("m/s", "metres per second", "meters per second", "metres a second",
            "meters a second"),
    "knot": ("knots", "knot"),
    "km2": ("km2", "km²", "sq km", "square kilometres", "square kilometers",
            "square kilometre", "square kilometer"),
    "mi2": ("sq mi", "square miles", "square mile"),
    "hectare": ("hectares", "hectare"),
    "acre": ("acres", "acre"),
    "km": ("km", "kilometres", "kilometers", "kilometre", "kilometer"),
    "mile": ("miles", "mile"),
    "cm": ("cm", "centimetres", "centimeters", "centimetre", "centimeter"),
    "mm": ("mm", "millimetres", "millimeters", "millimetre", "millimeter"),
    "metre": ("metres", "meters", "metre", "meter"),
    "foot": ("ft", "feet", "foot"),
    "inch": ("inches", "inch"),
    "yard": ("yards", "yard"),
    "kg": ("kg", "kilograms", "kilogrammes", "kilogram", "kilogramme", "kilos", "kilo"),
    "gram": ("grams", "grammes", "gram", "gramme"),
    "pound": ("lbs", "lb"),
    "ounce": ("ounces", "ounce", "oz"),
    "tonne": ("tonnes", "tons", "tonne", "ton"),
    "litre": ("litres", "liters", "litre", "liter"),
    "gallon": ("gallons", "gallon"),
    "celsius": ("°C", "degrees Celsius", "degrees centigrade"),
    "fahrenheit": ("°F", "degrees Fahrenheit"),
    "second": ("seconds", "second"),
    "minute": ("minutes", "minute"),
    "hour": ("hours", "hour"),
    "day": ("days", "day"),
    "week": ("weeks", "week"),
    "month": ("months", "month"),
    "year": ("years", "year"),
    "decade": ("decades", "decade"),
    "century": ("centuries", "century"),
}  # fmt: skip
_MEASURE_OF = {
    spelling.lower(): unit for unit, spellings in _MEASURE_NAMES.items() for spelling in spellings
}
_MEASURE = re.compile(
    r"\s*-?\s*("
    + "|".join(re.escape(w) for w in sorted(_MEASURE_OF, key=len, reverse=True))
    + r")(?![\w/²])",
    re.IGNORECASE,
)


def measure_after(text: str, mention: Mention) -> str | None:
    """The canonical unit written right after a number ("300 mph" -> "mph"),
    or None."""
    m = _MEASURE.match(text, mention.end)
    return _MEASURE_OF[m.group(1).lower()] if m else None


def unit_changes(
    source: str, target: str, pairs: Sequence[tuple[Mention, Mention]]
) -> list[Difference]:
    """Numbers both sides share whose unit changed: "300 mph" -> "300 m/s",
    "3 days" -> "3 weeks".  Only where both sides write a unit right after
    the number: a unit dropped or said elsewhere is no evidence."""
    found: list[Difference] = []
    for s, t in pairs:
        a, b = measure_after(source, s), measure_after(target, t)
        if a is not None and b is not None and a != b:
            end_s = _MEASURE.match(source, s.end)
            end_t = _MEASURE.match(target, t.end)
            assert end_s is not None and end_t is not None
            found.append(
                Difference(
                    replace(s, end=end_s.end(), text=source[s.start : end_s.end()]),
                    replace(t, end=end_t.end(), text=target[t.start : end_t.end()]),
                )
            )
    return found


# "300, 948" for 300,948: a space after the thousands separator.
_THOUSANDS_GAP = re.compile(r",\s+")


def _rejoin_thousands(target: str, diffs: list[Difference]) -> list[Difference]:
    """``diffs`` without a source number the back-translation split at its
    thousands separator ("300,948" -> "300, 948": 300 and 948 added, 300,948
    dropped): the number is there, only its formatting changed."""
    dropped = [d for d in diffs if d.source is not None and d.target is None]
    added = sorted(
        (d for d in diffs if d.source is None and d.target is not None),
        key=lambda d: d.target.start if d.target else 0,
    )
    gone: set[int] = set()
    for a, b in itertools.pairwise(added):
        assert a.target is not None and b.target is not None
        if not (
            a.target.text.isdigit()
            and len(a.target.text) <= 3
            and re.fullmatch(r"\d{3}", b.target.text)
            and _THOUSANDS_GAP.fullmatch(target[a.target.end : b.target.start])
        ):
            continue
        value = float(a.target.text + b.target.text)
        for d in dropped:
            assert d.source is not None
            if id(d) not in gone and ("n", value) in d.source.values:
                gone.update((id(d), id(a), id(b)))
                break
    return [d for d in diffs if id(d) not in gone]


# A count dropped from in front of its noun: "walked on two legs" -> "walked on
# legs".  A number word with no counterpart is otherwise never reported (see
# the module docstring); here the noun it counted is still there, bare, so the
# count was lost rather than paraphrased away ("two goals" -> "a brace").
_WORD_AFTER = re.compile(r"\s+([A-Za-z][A-Za-z'-]*)")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
_COUNT_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*")
# Before the count, these make it a reference back to things already counted
# ("the two edges"): dropping it there loses nothing.
_DEFINITE = frozenset(
    re.findall(r"\w+", "the these those its their his her our my your both all each")
)
# After a count these are not the counted noun ("two of the", "two or three").
_NOT_NOUNS = frozenset(
    re.findall(
        r"\w+", "of and or to more less than times hundred thousand million billion percent per"
    )
)
# Words that count in their own way: a noun after one of these is not bare.
_QUANTIFIERS = frozenset(
    re.findall(r"\w+", "a an both pair couple several few many dozen dozens some various multiple")
)


# How many times, said in one word: "hosted two Olympics" is "hosted the
# Olympics twice".
_TIMES = {2.0: "twice", 3.0: "thrice"}


def dropped_counts(
    source: str,
    target: str,
    src: Sequence[Mention],
    back: Sequence[Mention],
    earlier: str = "",
) -> list[Difference]:
    """Small counts in words whose noun came back without any count.
    ``earlier``: the source's text before this segment (its previous one),
    where "the two towers" may have been counted already."""
    from workbench.detectors.coverage import lemma

    found: list[Difference] = []
    words = [(m.group(0).lower(), m.start()) for m in _COUNT_TOKEN.finditer(target)]
    for m in src:
        if m.text.lower() not in _UNITS or m.weak or any(m.matches(b) for b in back):
            continue
        value = next((v for k, v in m.values if k == "n"), None)
        if value is None or not 2 <= value <= 20 or value != int(value):
            continue
        if _TIMES.get(value, "") in {w for w, _ in words}:
            continue  # "two summer Olympics" -> "the Summer Olympics twice"
        after = _WORD_AFTER.match(source, m.end)
        before = _WORD_BEFORE.search(source, 0, m.start)
        if after is None or after.group(1).lower() in _NOT_NOUNS or after.group(1)[:1].isupper():
            continue  # "Six Flags": a name, not a count
        noun = lemma(after.group(1))
        if (
            before is not None
            and before.group(1).lower() in _DEFINITE
            and _said_before(noun, earlier + " " + source[: m.start])
        ):
            continue  # "a double edge. The two edges": the count refers back
        places = [i for i, (w, _) in enumerate(words) if lemma(w) == noun]
        if not places:
            continue  # the noun went too: a paraphrase, or an omission
        if any(_counted(words[max(0, i - 3) : i]) for i in places):
            continue
        found.append(Difference(m, None))
    return found


def _decade_as_year(mention: Mention) -> Mention:
    """A decade that also matches its first year: a pivot may write the 1480s
    as "the eighties of the fifteenth century, 1480"."""
    years = {("n", v) for k, v in mention.values if k == "dec" and v >= 100}
    if mention.sort != "decade" or not years:
        return mention
    return replace(mention, values=mention.values | years)


def _said_before(noun: str, text: str) -> bool:
    from workbench.detectors.coverage import lemma

    return any(lemma(w.lower()) == noun for w in re.findall(r"[A-Za-z]+", text))


def repeated_counts(
    source: str, src: Sequence[Mention], back: Sequence[Mention], reported: Sequence[Difference]
) -> list[Difference]:
    """A number that counts two different things in the source ("2 goals and
    2 assists") and came back once: the other count is lost.  ``compare``
    leaves a number said once less alone ("KV62. KV62 may be ..."); that is
    a repeated name, not two counts."""
    from workbench.detectors.coverage import lemma

    _, still, _ = pair_up(src, back)
    seen = {id(d.source) for d in reported if d.source is not None}
    found: list[Difference] = []
    for s in still:
        if s.word or s.weak or id(s) in seen:
            continue
        noun = _counted_noun(source, s)
        if noun is None:
            continue
        others = [m for m in src if m is not s and m.values & s.values and not m.word]
        nouns = {_counted_noun(source, m) for m in others}
        if nouns and None not in nouns and lemma(noun) not in {lemma(n) for n in nouns if n}:
            found.append(Difference(s, None))
    return found


def _counted_noun(text: str, mention: Mention) -> str | None:
    """The lowercase word a number counts ("2 assists"), if one follows it;
    not for a code ("KV62 is"), nor a verb or function word after it."""
    from workbench.detectors.coverage import STOPWORDS

    if mention.start > 0 and text[mention.start - 1].isalnum():
        return None
    after = _WORD_AFTER.match(text, mention.end)
    if after is None:
        return None
    word = after.group(1)
    if word[:1].isupper() or word.lower() in _NOT_NOUNS or word.lower() in STOPWORDS:
        return None
    return word.lower()


def _counted(before: Sequence[tuple[str, int]]) -> bool:
    """Whether the words before a noun count it (digits, a number word, "pair")."""
    for w, _ in before:
        if w[:1].isdigit() or w in _QUANTIFIERS or w in _UNITS or w in _ORDINALS:
            return True
    return False


# Month names are dates: "around October" dropped is a date lost.  Matched by
# name or the usual abbreviation ("Sept. 20" is "September 20").
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_NAME = re.compile(r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")\b")
_MONTH_ANY = re.compile(
    r"\b(?:" + "|".join(m.capitalize() for m in _MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?"
    r"|Oct|Nov|Dec)\b"
)


def month_changes(source: str, target: str) -> list[Difference]:
    """Months named in the source that the back-translation dropped or changed."""
    found: list[Difference] = []
    target_months = [(m, _month_index(m.group(0))) for m in _MONTH_ANY.finditer(target)]
    wanted = {_month_index(m.group(0)) for m in _MONTH_ANY.finditer(target)}
    for m in _MONTH_NAME.finditer(source):
        if m.group(0) == "May" and _may_is_not_a_month(source, m.start()):
            continue
        index = _month_index(m.group(0))
        if index in wanted:
            continue
        mention = Mention(m.start(), m.end(), m.group(0), frozenset({("month", index)}), "date")
        other = next((t for t, i in target_months if i not in _source_months(source)), None)
        if other is None:
            found.append(Difference(mention, None))
        else:
            t = Mention(
                other.start(), other.end(), other.group(0), frozenset({("month", -1.0)}), "date"
            )
            found.append(Difference(mention, t))
    return found


def _month_index(name: str) -> float:
    low = name.lower()
    return float(next(i for i, m in enumerate(_MONTHS) if m.startswith(low[:3])))


def _source_months(source: str) -> set[float]:
    return {_month_index(m.group(0)) for m in _MONTH_ANY.finditer(source)}


def _may_is_not_a_month(text: str, start: int) -> bool:
    """ "May I", "Theresa May": a modal opening a sentence, or a surname."""
    before = text[:start].rstrip()
    if not before or before[-1] in '.!?"“:':
        return True
    previous = before.split()[-1]
    return previous[:1].isupper() and previous.isalpha()


class NumberMismatchDetector(Detector):
    """Numbers, years, times and quantities that differ between source and back/pivot."""

    kind = "number-mismatch"
    description = "a number, year, time or quantity changed, dropped or added"

    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        flags: list[Flag] = []
        earlier = ""
        for pair in pairs:
            earlier, before = pair.source, earlier
            if not pair.target and not pair.pivot:
                continue
            source = mentions(pair.source)
            if pair.target:
                back = mentions(pair.target)
                diffs = compare(source, back, len(pair.source), len(pair.target))
                pairs_kept, _, _ = pair_up(source, back)
                diffs += bound_changes(pair.source, pair.target, pairs_kept)
                diffs += unit_changes(pair.source, pair.target, pairs_kept)
                diffs += dropped_counts(pair.source, pair.target, source, back, before)
                diffs += repeated_counts(pair.source, source, back, diffs)
                diffs += month_changes(pair.source, pair.target)
                diffs = _rejoin_thousands(pair.target, diffs)
                flags.extend(self._flag(pair, d, "back") for d in diffs)
            if pair.pivot:
                pivot = mentions(pair.pivot, rtl=pair.pivot_lang in _RTL_LANGUAGES)
                diffs = compare(
                    tuple(_decade_as_year(m) for m in source),
                    pivot,
                    len(pair.source),
                    len(pair.pivot),
                    target_reads_words=pair.pivot_lang == pair.source_lang,
                )
                flags.extend(self._flag(pair, d, "pivot") for d in diffs if d.target is not None)
        return flags

    def _flag(self, pair: SegmentPair, diff: Difference, side: str) -> Flag:
        where = "back-translation" if side == "back" else "pivot"
        s, t = diff.source, diff.target
        if diff.bound_changed:
            return self._flag_bound(pair, diff)
        if s is not None and t is not None:
            detail = f'"{s.text}" became "{t.text}"' + ("" if side == "back" else " in the pivot")
            severity = Severity.ERROR
        elif s is not None:
            detail = f'the number "{s.text}" is missing from the {where}'
            severity = Severity.WARNING
        else:
            assert t is not None
            detail = f'the {where} adds the number "{t.text}", which is not in the source'
            severity = Severity.WARNING
        return self.flag(
            pair.index,
            Span(s.start, s.end, s.text) if s else None,
            Span(t.start, t.end, t.text) if t else None,
            severity,
            detail,
            side=side,
        )

    def _flag_bound(self, pair: SegmentPair, diff: Difference) -> Flag:
        assert diff.source is not None and diff.target is not None and pair.target is not None
        s_span, t_span = (
            _bound_span(pair.source, diff.source, diff.source_bound),
            _bound_span(pair.target, diff.target, diff.target_bound),
        )
        if diff.source_bound is not None and diff.target_bound is not None:
            detail = f'"{s_span.text}" became "{t_span.text}": the bound is reversed'
        elif diff.source_bound is not None:
            detail = f'"{s_span.text}" became "{t_span.text}": the bound is dropped'
        else:
            detail = f'"{s_span.text}" became "{t_span.text}": a bound is added'
        return self.flag(
            pair.index,
            s_span,
            t_span,
            Severity.WARNING,
            detail,
        )


def _bound_span(text: str, mention: Mention, bound: Bound | None) -> Span:
    """The number with its bound, or the number alone where it has none."""
    if bound is None:
        return Span(mention.start, mention.end, mention.text)
    return Span(bound.start, bound.end, text[bound.start : bound.end])
