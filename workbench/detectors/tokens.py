"""Word tokens with character offsets, shared by the detectors.

Detectors report spans as character offsets into the segment, so every one of
them tokenises the same way: a token is a run of letters, digits, apostrophes
and inner hyphens ("mercenary-med", "al-Sarraj", "Hifter's" stay whole).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Letters of any script (\w minus digits and underscore), digits, and inner
# apostrophes / hyphens.  Arabic letters match \w, so Arabic words tokenise too.
_TOKEN = re.compile(r"[^\W_]+(?:[\'’\-][^\W_]+)*", re.UNICODE)


# A transcript's speaker tag opening a segment: "LN:", "Chris Anderson:".
# Group "tag" is the speaker's initials or name.  A colon left where a
# translation dropped the tag (":For sure.") matches too, with no tag.
SPEAKER_TAG = re.compile(
    r"^\s*(?:(?P<tag>[A-Z]{1,4}|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}):\s+|:\s*)(?=\S)"
)


def speaker_tag(text: str) -> re.Match[str] | None:
    """The speaker tag ``text`` opens with, or None: group "tag" is the
    speaker.  One capital ("A: ...") is not taken for a speaker to compare;
    it is as often a list label."""
    m = SPEAKER_TAG.match(text)
    tag = m.group("tag") if m is not None else None
    return m if tag is not None and len(tag) >= 2 else None


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


#: Entries kept by each of the detectors' text caches.  Every detector reads
#: the same segments, and every system is checked against the same source, so
#: most calls repeat one; the bound keeps memory flat on a long corpus.  It
#: must hold one system's texts (source, back-translation, pivot and the texts
#: derived from them, ~4 per segment on 1,000 lines) or the next system finds
#: its source evicted: 4,096 cut detection CPU by 10% on flores-dev, 16,384 by
#: 31%.
CACHE_SIZE = 16384


@lru_cache(maxsize=CACHE_SIZE)
def tokenize(text: str) -> tuple[Token, ...]:
    """Split ``text`` into word tokens, keeping their offsets.

    The result is cached and shared between callers, hence a tuple (of frozen
    tokens): copy it to a list before changing it."""
    return tuple(Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text))
