"""Encoding damage: HTML entities, mojibake, control characters, U+FFFD.

Damage is found on every side of a segment (the source, the back-translation
and the pivot) and reported where it is: a flag on the source has its span in
``source`` and ``target_side="source"``; one on the back-translation or pivot
has its span in ``target``.  Each damaged run is its own flag, and its
``suggestion`` is what the run should read (the unescaped character, the
repaired text), or ``None`` when nothing can be recovered (U+FFFD).

Mojibake is recognised and repaired by ``ftfy``, the maintained library for
it (``ftfy.badness`` finds the character sequences that UTF-8 decoded as
Latin-1 / Windows-1252 leaves behind, ``ftfy.fix_encoding`` undoes them).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html.entities import html5

import ftfy
from ftfy.badness import BADNESS_RE, is_bad
from ftfy.fixes import fix_c1_controls

from workbench.detectors.base import Detector, SegmentPair
from workbench.results import Flag, Severity, Span

# A numeric or named character reference, possibly escaped more than once
# ("&amp;quot;").  Named ones are checked against the HTML5 table, so prose such
# as "R&D;" is not taken for an entity.
_ENTITY = re.compile(r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Moses-escaped apostrophes come with the tokeniser's spaces: "suspect &apos; s".
_SPACED_APOS = re.compile(r"(?<=\w) (?:&apos;|&#39;|&#x27;) (?=\w)")
# C0 and C1 controls and DEL; tab, newline and carriage return are layout.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")
_REPLACEMENT = re.compile(r"\ufffd+")
_NON_SPACE = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class _Damage:
    start: int
    end: int
    what: str  # "entity", "mojibake", "control", "replacement"
    suggestion: str | None


def _unescape(entity: str) -> str:
    text = entity
    # Undo every level of escaping ("&amp;quot;" -> "&quot;" -> '"').
    for _ in range(4):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    return text


def _entities(text: str) -> Iterator[_Damage]:
    if "&" not in text:
        return
    taken: list[tuple[int, int]] = []
    for m in _SPACED_APOS.finditer(text):
        taken.append((m.start(), m.end()))
        yield _Damage(m.start(), m.end(), "entity", "'")
    for m in _ENTITY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        name = re.sub(r"^(?:amp;)+(?=.)", "", m.group(0)[1:])
        if not name.startswith("#") and name not in html5:
            continue
        yield _Damage(m.start(), m.end(), "entity", _unescape(m.group(0)))


def _mojibake(text: str) -> Iterator[_Damage]:
    if text.isascii() or not is_bad(text):
        return
    # ftfy's pattern matches a character or two of each bad sequence; widen
    # each hit to its whitespace-delimited word and join words that follow one
    # another, so "Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©" is one run with one repair.
    words = [(m.start(), m.end()) for m in _NON_SPACE.finditer(text)]
    hit_words: list[tuple[int, int]] = []
    for m in BADNESS_RE.finditer(text):
        for start, end in words:
            if start <= m.start() < end and (not hit_words or hit_words[-1] != (start, end)):
                hit_words.append((start, end))
    runs: list[list[int]] = []
    for start, end in hit_words:
        if runs and text[runs[-1][1] : start].isspace():
            runs[-1][1] = end
        else:
            runs.append([start, end])
    for start, end in runs:
        chunk = text[start:end]
        fixed = ftfy.fix_encoding(chunk)
        yield _Damage(start, end, "mojibake", fixed if fixed != chunk else None)


def _replacements(text: str) -> Iterator[_Damage]:
    for m in _REPLACEMENT.finditer(text):
        yield _Damage(m.start(), m.end(), "replacement", None)


def _controls(text: str) -> Iterator[_Damage]:
    for m in _CONTROL.finditer(text):
        chunk = m.group(0)
        # C1 controls are usually Windows-1252 punctuation decoded as Latin-1.
        fixed = fix_c1_controls(chunk)
        yield _Damage(m.start(), m.end(), "control", fixed if fixed != chunk else "")


def find_damage(text: str) -> list[tuple[int, int, str, str | None]]:
    """Every damaged run in ``text`` as ``(start, end, what, suggestion)``.

    ``what`` is "entity", "mojibake", "control" or "replacement"; runs do not
    overlap (U+FFFD wins over mojibake, mojibake over the control
    characters inside it).
    """
    found: list[_Damage] = []
    for damage in (*_entities(text), *_replacements(text), *_mojibake(text), *_controls(text)):
        if any(d.start < damage.end and damage.start < d.end for d in found):
            continue
        found.append(damage)
    found.sort(key=lambda d: d.start)
    return [(d.start, d.end, d.what, d.suggestion) for d in found]


_WHAT = {
    "entity": ('HTML entity "{text}" left in {side}', Severity.WARNING),
    "mojibake": (
        'mojibake "{text}" in {side} (text decoded with the wrong encoding)',
        Severity.ERROR,
    ),
    "control": ("control character {text} in {side}", Severity.WARNING),
    "replacement": ("replacement character U+FFFD in {side}: a character was lost", Severity.ERROR),
}
_SIDE_NAME = {"source": "the source", "back": "the back-translation", "pivot": "the pivot"}


class EncodingDetector(Detector):
    """HTML entities, mojibake, control characters and U+FFFD on any side."""

    kind = "encoding"
    description = "HTML entities, mojibake, control or replacement characters in any text"

    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        flags: list[Flag] = []
        for pair in pairs:
            for side, text in (
                ("source", pair.source),
                ("back", pair.target),
                ("pivot", pair.pivot),
            ):
                if not text:
                    continue
                for start, end, what, suggestion in find_damage(text):
                    span = Span(start, end, text[start:end])
                    template, severity = _WHAT[what]
                    shown = span.text.strip() or span.text
                    if what == "control":
                        shown = " ".join(f"U+{ord(ch):04X}" for ch in span.text)
                    if what == "entity" and suggestion is not None:
                        detail = template.format(text=shown, side=_SIDE_NAME[side])
                        detail += f' (should read "{suggestion}")'
                    else:
                        detail = template.format(text=shown, side=_SIDE_NAME[side])
                    flags.append(
                        self.flag(
                            pair.index,
                            span if side == "source" else None,
                            None if side == "source" else span,
                            severity,
                            detail,
                            side=side,
                            suggestion=suggestion,
                            extra=(("damage", what),),
                        )
                    )
        return flags
