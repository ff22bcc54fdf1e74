"""Splitting a document into paragraphs, headings and sentences, with exact offsets.

Every later step (translation, alignment, scoring, drift flags, the views) works
on the ``Segment`` values made here, so they keep exact character offsets into
the original text: ``text[s.start:s.end] == s.text`` for every segment, and the
segment text carries no surrounding whitespace.

How a document is cut:

1. Paragraphs end at blank lines (lines holding only whitespace).
2. Heading lines stand alone, marked ``heading=True``: a one-line paragraph that
   is short (at most ``MAX_HEADING_WORDS`` words) and does not end like a
   sentence or a clause, or such a line at the top of a paragraph (or after a
   finished sentence) that is clearly shorter than the paragraph's other lines,
   so that a heading followed by a single line break is not glued to the next
   sentence, while hard-wrapped text is not mistaken for headings.
3. The rest of each paragraph is split into sentences by ``sentencex`` (a
   maintained segmenter with rules for about 300 languages, Arabic included).
4. A thin post-processing layer undoes the few splits ``sentencex`` gets wrong
   (found by testing it on the article, FLORES and the cases in the tests):
   decimals written with Arabic-Indic digits (``٣.٥``), dotted abbreviations
   glued to other text (``non-U.S.``, ``أ.د.``), titles and numbering
   abbreviations it does not know (``Ms.``, ``Vol. 2``, ``Ch. 3``, ``approx.``),
   and Arabic titles (``د.`` for Dr.). It also adds the cuts sentencex misses
   after ordinary words it lists as abbreviations ("in May. Russia", "to me.
   He"), after Arabic units and eras that follow a number ("عام ١٩٤٣ م."), and
   at line ends after a finished sentence, where a quotation mark would
   otherwise glue lines together.

Offsets are in characters of the text as given; ``workbench.texts.read_text``
normalises line endings, so they are the same for a file from any platform.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from sentencex import get_sentence_boundaries

from workbench.results import Segment

__all__ = [
    "MAX_HEADING_WORDS",
    "is_heading_line",
    "join_segments",
    "paragraphs_of",
    "segment_lines",
    "segment_text",
]

MAX_HEADING_WORDS = 12

# A heading line inside a paragraph must be at most this share of the
# paragraph's widest line; a hard-wrapped line runs close to the full width.
_HEADING_WIDTH_SHARE = 0.7
# Nobody wraps text narrower than this, so in a paragraph whose lines are all
# shorter, a short line is not taken for a wrapped one.
_MIN_WRAP_WIDTH = 40

_SENTENCE_FINAL = frozenset(".!?…؟。！？‼⁇⁈⁉")
# A line ending in these goes on in the next line: it is no heading.
_CONTINUES = frozenset(",;:،؛-–—")
_CLOSERS = "\"'”’»›)]}」』"
_OPENERS = "\"'“‘«‹([{「『"

# Abbreviations sentencex may split after. Case matters: "No." numbers things,
# "no." ends sentences. Titles always go on with a name (which may be
# lowercase: "Gen. al-Haftar").
# fmt: off
_TITLES = frozenset([
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gen", "Gens", "Maj", "Lt", "Col", "Capt", "Cmdr",
    "Cdr", "Sgt", "Cpl", "Pvt", "Adm", "Brig", "Gov", "Sen", "Rep", "Amb", "Messrs", "Mme",
    "Mlle", "Rev", "Hon", "Pres", "Supt", "Insp", "Det", "Mt", "Ft",
])
# Numbering words: go on when the next word is a number ("Vol. 2", "No. IV").
_NUMBERED = frozenset([
    "No", "Nos", "Nr", "Vol", "Vols", "Ch", "Chap", "Fig", "Figs", "Art", "Arts", "Sec", "Para",
    "p", "pp", "ca",
])
# fmt: on
# Never the last word of a sentence.
_ALWAYS_FOLLOWED = frozenset(["approx", "vs", "cf", "viz", "e.g", "i.e"])
# Arabic titles written as abbreviations: د. (doctor), أ. (professor), أ.د.
_ARABIC_TITLES = frozenset(["د", "أ", "أ.د"])
_ROMAN_NUMBER = re.compile(r"[IVXLCDM]+\b")
# Words in sentencex's abbreviation list that are ordinary words ending sentences.
_ORDINARY_WORDS = "me|no|may|miss|ok|id|fed|ill|art|arc|ore|ken|ida|bart"
# After a number, sentencex's Arabic list takes a unit or era for an
# abbreviation that goes on ("عام ١٩٤٣ م. وتوفي", "٥ سم. ثم"); Arabic writes those
# without a full stop inside a sentence, so the stop ends one.
_ARABIC_UNIT_END = re.compile(r"\d\s*(?:م|هـ|ه|ق\.م|سم|مم|كم|كجم|كغ|جم|غ)\.\s+(?=[\u0600-\u06ff])")
_ORDINARY_WORD_END = re.compile(
    rf"(?<![\w.'’-])(?:{_ORDINARY_WORDS})\.[{re.escape(_CLOSERS)}]*\s+",
    re.IGNORECASE,
)


def is_heading_line(line: str) -> bool:
    """Whether ``line`` looks like a heading on its own.

    True for a line with letters, at most ``MAX_HEADING_WORDS`` words, that does
    not start in lowercase and does not end with sentence-final punctuation
    (quotes and brackets after it included) or with punctuation that carries
    on into the next line (``,`` ``;`` ``:`` ``،`` ``؛`` dashes).
    """
    stripped = line.strip()
    if not stripped or len(stripped.split()) > MAX_HEADING_WORDS:
        return False
    if not any(char.isalpha() for char in stripped):
        return False
    core = stripped.rstrip(_CLOSERS)
    if not core or core[-1] in _SENTENCE_FINAL or core[-1] in _CONTINUES:
        return False
    return not stripped.lstrip(_OPENERS)[:1].islower()


def segment_text(text: str, lang: str = "en") -> list[Segment]:
    """Split ``text`` into heading and sentence segments.

    ``lang`` is the ISO 639-1 code of the text ("en", "ar"); a region or
    script suffix ("ar-EG", "arb_Arab") is ignored. Returns an empty list for
    a text with nothing but whitespace.
    """
    language = _sentencex_language(lang)
    segments: list[Segment] = []
    for paragraph, lines in enumerate(_paragraph_lines(text)):
        spans: list[tuple[int, int, bool]] = []
        for block_start, block_end, heading in _blocks(text, lines):
            if heading:
                spans.append((*_strip_span(text, block_start, block_end), True))
                continue
            block = text[block_start:block_end]
            for start, end in _sentence_spans(block, language):
                spans.append((block_start + start, block_start + end, False))
        for sentence, (start, end, heading) in enumerate(spans):
            segments.append(
                Segment(
                    index=len(segments),
                    paragraph=paragraph,
                    sentence=sentence,
                    text=text[start:end],
                    start=start,
                    end=end,
                    heading=heading,
                )
            )
    return segments


def segment_lines(lines: Sequence[str]) -> list[Segment]:
    """One segment per line, for line-aligned test sets.

    ``paragraph`` equals ``index``; empty lines stay as segments with text ""
    so that line numbers keep pairing files. Offsets point into
    ``"\\n".join(lines)``. Raises ``ValueError`` for a line holding a line break.
    """
    segments: list[Segment] = []
    position = 0
    for index, line in enumerate(lines):
        if "\n" in line or "\r" in line:
            raise ValueError(f"line {index + 1} contains a line break")
        stripped = line.strip()
        start = position + (len(line) - len(line.lstrip()))
        segments.append(
            Segment(
                index=index,
                paragraph=index,
                sentence=0,
                text=stripped,
                start=start,
                end=start + len(stripped),
            )
        )
        position += len(line) + 1
    return segments


def paragraphs_of(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Group segments into paragraphs (runs of the same ``paragraph`` number), in order."""
    groups: list[list[Segment]] = []
    for segment in segments:
        if groups and groups[-1][-1].paragraph == segment.paragraph:
            groups[-1].append(segment)
        else:
            groups.append([segment])
    return groups


def join_segments(segments: Sequence[Segment], texts: Sequence[str]) -> str:
    """Rebuild a document from one replacement text per segment.

    Sentences of a paragraph are joined by a space, a heading and the sentence
    after it in the same paragraph by a line break, paragraphs by a blank line.
    Replacement texts are stripped; empty ones are left out, and so is a
    paragraph whose texts are all empty. Raises ``ValueError`` when the counts
    differ.
    """
    if len(texts) != len(segments):
        raise ValueError(f"{len(texts)} texts for {len(segments)} segments")
    replacement = {
        segment.index: text.strip() for segment, text in zip(segments, texts, strict=True)
    }
    paragraphs: list[str] = []
    for group in paragraphs_of(segments):
        parts: list[str] = []
        previous_heading = False
        for segment in group:
            text = replacement[segment.index]
            if not text:
                continue
            if parts:
                parts.append("\n" if previous_heading else " ")
            parts.append(text)
            previous_heading = segment.heading
        if parts:
            paragraphs.append("".join(parts))
    return "\n\n".join(paragraphs)


def _sentencex_language(lang: str) -> str:
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    # NLLB and FLORES name languages with ISO 639-3 codes.
    return {"arb": "ar", "ara": "ar", "eng": "en"}.get(code, code) or "en"


def _paragraph_lines(text: str) -> list[list[tuple[int, int]]]:
    """Spans of the non-blank lines of each paragraph."""
    paragraphs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        end = position + len(line)
        if line.strip():
            current.append((position, end))
        elif current:
            paragraphs.append(current)
            current = []
        position = end + 1
    if current:
        paragraphs.append(current)
    return paragraphs


def _blocks(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """Cut a paragraph into heading lines and runs of other lines: (start, end, heading)."""
    flags = _heading_flags([text[start:end].strip() for start, end in lines])
    blocks: list[tuple[int, int, bool]] = []
    for (start, end), heading in zip(lines, flags, strict=True):
        if not heading and blocks and not blocks[-1][2]:
            blocks[-1] = (blocks[-1][0], end, False)
        else:
            blocks.append((start, end, heading))
    return blocks


def _heading_flags(lines: list[str]) -> list[bool]:
    if len(lines) == 1:
        return [is_heading_line(lines[0])]
    widest = max(len(line) for line in lines)
    flags = [False] * len(lines)
    # The last line is never a heading: nothing follows it in the paragraph.
    for i, line in enumerate(lines[:-1]):
        if not is_heading_line(line) or _wrapped(line, widest):
            continue
        if i > 0 and not flags[i - 1] and not _ends_sentence(lines[i - 1]):
            continue
        if lines[i + 1].lstrip(_OPENERS)[:1].islower():
            continue
        flags[i] = True
    return flags


def _wrapped(line: str, widest: int) -> bool:
    """Whether ``line`` may be a hard-wrapped part of a sentence rather than a heading."""
    return widest >= _MIN_WRAP_WIDTH and len(line) > _HEADING_WIDTH_SHARE * widest


def _ends_sentence(line: str) -> bool:
    core = line.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _SENTENCE_FINAL


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + len(piece.rstrip())


def _sentence_spans(block: str, language: str) -> list[tuple[int, int]]:
    spans = [
        span
        for span in (_strip_span(block, start, end) for start, end in _raw_spans(block, language))
        if span[1] > span[0]
    ]
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged and _wrongly_split(block, merged[-1], span):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _raw_spans(block: str, language: str) -> list[tuple[int, int]]:
    """sentencex's cuts, as spans that cover ``block`` from start to end."""
    boundaries = get_sentence_boundaries(language, block)
    if all(block[b["start_index"] : b["end_index"]] == b["text"] for b in boundaries):
        cuts = sorted({b["end_index"] for b in boundaries if 0 < b["end_index"] < len(block)})
    elif "".join(b["text"] for b in boundaries) == block:
        # Offsets not in characters (a future sentencex?): the texts still tile the block.
        cuts, position = [], 0
        for b in boundaries[:-1]:
            position += len(b["text"])
            cuts.append(position)
    else:
        cuts = []
    edges = sorted({0, *cuts, *_line_end_cuts(block), *_word_end_cuts(block), len(block)})
    return list(pairwise(edges))


def _line_end_cuts(block: str) -> list[int]:
    """Cuts after line breaks that follow a finished sentence.

    sentencex never cuts inside a quotation, even one that runs over several
    lines, and it pairs quotation marks across line breaks, so a stray quote
    can glue many lines into one "sentence". A sentence-final mark at the end
    of a line ends the sentence whatever the quotes say, unless the next line
    starts in lowercase or the line ends with initials ("U.S.", "J."), where
    sentencex's own judgement stands.
    """
    cuts = []
    position = 0
    lines = block.split("\n")
    for line, following in pairwise(lines):
        position += len(line) + 1
        stripped = line.rstrip()
        if not _ends_sentence(stripped) or following.lstrip(_OPENERS)[:1].islower():
            continue
        last_word = stripped.rstrip(_CLOSERS).split()[-1][:-1]
        if "." in last_word or (len(last_word) == 1 and last_word.isalpha()):
            continue
        cuts.append(position)
    return cuts


def _word_end_cuts(block: str) -> list[int]:
    """Cuts after ordinary words that sentencex takes for abbreviations.

    Its English list (used for Arabic too) holds "me", "no", "May" and a few
    more; it then keeps "It ended in May. Russia left." as one sentence.
    These words end a sentence when a capitalised word follows. Arabic units
    and eras after a number ("١٩٤٣ م.") end one when Arabic text follows.
    """
    cuts = [
        match.end()
        for match in _ORDINARY_WORD_END.finditer(block)
        if block[match.end() : match.end() + 8].lstrip(_OPENERS)[:1].isupper()
    ]
    cuts.extend(match.end() for match in _ARABIC_UNIT_END.finditer(block))
    return cuts


def _wrongly_split(block: str, previous: tuple[int, int], following: tuple[int, int]) -> bool:
    """Whether sentencex cut between two spans where no sentence ends."""
    before = block[previous[0] : previous[1]]
    after = block[following[0] : following[1]]
    if not before.endswith("."):
        return False
    stem = before[:-1]
    if following[0] == previous[1]:
        # No space after the full stop: a decimal ("٣.٥") or a dotted
        # abbreviation made of single letters ("non-U.S.", "أ.د.", "ق.م.").
        if stem[-1:].isdigit() and after[:1].isdigit():
            return True
        single_letter = stem[-1:].isalpha() and not stem[-2:-1].isalpha()
        return single_letter and after[:1].isalpha()
    words = stem.split()
    token = words[-1].lstrip(_OPENERS) if words else ""
    first = after.lstrip(_OPENERS)
    if token in _ALWAYS_FOLLOWED or token in _ARABIC_TITLES:
        return True
    if token in _TITLES:
        return first[:1].isalpha()
    if token in _NUMBERED:
        return first[:1].isdigit() or _ROMAN_NUMBER.match(first) is not None
    # An Arabic abbreviation of single letters before a number: "ص. ٥" (page 5),
    # "ص.ب. ١٢٣" (P.O. Box 123).
    return first[:1].isdigit() and _is_arabic_initials(token)


def _is_arabic_initials(token: str) -> bool:
    parts = token.split(".")
    return all(
        len(part) == 1 and ("\u0600" <= part <= "\u06ff" or "\u0750" <= part <= "\u077f")
        for part in parts
    )
