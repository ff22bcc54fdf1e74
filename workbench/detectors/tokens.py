"""Word tokens with character offsets, shared by the detectors.

Detectors report spans as character offsets into the segment, so every one of
them tokenises the same way: a token is a run of letters, digits, apostrophes
and inner hyphens ("mercenary-med", "al-Sarraj", "Hifter's" stay whole).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Letters of any script (\w minus digits and underscore), digits, and inner
# apostrophes / hyphens.  Arabic letters match \w, so Arabic words tokenise too.
_TOKEN = re.compile(r"[^\W_]+(?:[\'’\-][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens, keeping their offsets."""
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
