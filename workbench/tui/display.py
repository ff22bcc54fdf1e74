"""Display transforms for text from files: terminal-safe, and Arabic in visual order.

Everything here changes only what is drawn, never what is stored.

*Terminal safety.*  A text under review comes from anywhere, and a terminal
obeys what it is sent: ``ESC [2J`` clears the screen, an OSC sequence can set
the window title or a hyperlink, C1 controls (``\\x9b`` is a one-byte CSI) do
the same on some terminals, and the bidi embedding, override and isolate
characters (U+202A–U+202E, U+2066–U+2069) reorder what follows them (the
"Trojan Source" attack).  :func:`safe` replaces each of them with one visible
character, so a reviewer sees that something is there, and character offsets
(flag spans) still point at the same places.  Rich markup in a text is never
interpreted because the TUI builds ``rich.text.Text`` objects, never markup
strings, from data.

*Arabic.*  Textual paints each cell itself and applies no bidirectional
algorithm, and most terminals (xterm, Windows Terminal, kitty, alacritty, the
macOS Terminal) do not either: Arabic comes out left to right, its letters in
their isolated forms, unjoined.  :func:`rtl_lines` wraps a line in logical
order first (so the first words land on the first line), then shapes the
letters into their joined presentation forms (``arabic-reshaper``) and puts
each line into visual order with the Unicode bidi algorithm (``python-bidi``),
right-aligned as Arabic is read.  For terminals that do apply bidi themselves
(Konsole, mlterm, VTE with bidi on) the TUI can switch this off and show
logical order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

#: Bidi formatting characters that reorder text after them.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # LRE RLE PDF LRO RLO
    "\u2066\u2067\u2068\u2069"  # LRI RLI FSI PDI
    "\u200e\u200f\u061c"  # LRM RLM ALM: harmless alone, but they steer our own bidi pass
)
#: What replaces a C1 control or a bidi formatting character.
REPLACEMENT = "\ufffd"


def _safe_char(ch: str) -> str:
    code = ord(ch)
    if ch in "\t\n\r\v\f":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0x80 <= code < 0xA0 or ch in BIDI_CONTROLS:
        return REPLACEMENT
    if unicodedata.category(ch) in ("Zl", "Zp"):
        return " "  # LINE/PARAGRAPH SEPARATOR would break a cell's line
    return ch


_UNSAFE = frozenset(
    [chr(c) for c in range(0x20)]
    + ["\x7f", "\u2028", "\u2029"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + list(BIDI_CONTROLS)
)


def safe(text: str | None) -> str:
    """``text`` with every control and bidi formatting character made visible.

    One character in, one character out: offsets into the original text still
    hold.  Tabs and line breaks become spaces (a cell is laid out by the TUI).
    """
    if not text:
        return ""
    if _UNSAFE.isdisjoint(text):
        return text
    return "".join(_safe_char(ch) if ch in _UNSAFE else ch for ch in text)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter (Arabic, Hebrew, Syriac, ...)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


@lru_cache(maxsize=1)
def _reshaper() -> Callable[[str], str]:
    import arabic_reshaper

    # Harakat are dropped for display: after reordering, a terminal would stack
    # each mark on the wrong letter.  Lam-alef ligatures are kept, as Arabic
    # typography requires.
    shaper = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": True})
    reshape: Callable[[str], str] = shaper.reshape
    return reshape


def shape(text: str) -> str:
    """Arabic letters in their joined presentation forms (logical order kept)."""
    return _reshaper()(text) if has_rtl(text) else text


def base_direction(text: str) -> str:
    """``"R"`` if the first strong character is right-to-left, else ``"L"``."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return "L"


def visual(line: str, base: str | None = None) -> str:
    """One line (no line breaks) in the order a left-to-right terminal must paint it."""
    if not has_rtl(line):
        return line
    from bidi import get_display

    result: str = get_display(line, base_dir=base or base_direction(line))
    return result


def display_line(text: str, *, bidi: bool = True) -> str:
    """A one-line display form: safe, and shaped and reordered if it holds RTL text."""
    text = safe(text)
    return visual(shape(text)) if bidi and has_rtl(text) else text


def rtl_lines(text: str, width: int, *, bidi: bool = True) -> tuple[list[str], str]:
    """``text`` wrapped to ``width`` cells, each line ready to paint.

    Returns the lines and the paragraph direction (``"R"`` or ``"L"``) so the
    caller can right-align right-to-left text.  Wrapping happens in logical
    order, before reordering, so a long sentence reads top to bottom and
    right to left.
    """
    text = safe(text)
    if not bidi or not has_rtl(text):
        return [text[s:e] for s, e in wrap_offsets(text, width)], "L"
    base = base_direction(text)
    shaped = shape(text)
    return [visual(shaped[s:e], base) for s, e in wrap_offsets(shaped, width)], base


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap by terminal cells: ``(start, end)`` of each line in ``text``.

    Lines break at spaces (the space itself belongs to no line); a word wider
    than a line is cut into pieces.  An empty text is one empty line.
    """
    from rich.cells import cell_len

    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    start = 0  # of the current line
    end = 0  # of the current line's last word
    pos = 0
    for word in text.split(" "):
        w_start, w_end = pos, pos + len(word)
        pos = w_end + 1
        if not word and w_start != start:
            continue  # a run of spaces breaks like one
        if w_start == start or cell_len(text[start:w_end]) <= width:
            end = w_end
        else:
            lines.append((start, end))
            start, end = w_start, w_end
        # A word too wide for a line on its own: cut it into pieces.
        while cell_len(text[start:end]) > width:
            cut = start
            while cut < end and cell_len(text[start : cut + 1]) <= width:
                cut += 1
            cut = max(cut, start + 1)
            lines.append((start, cut))
            start = cut
    lines.append((start, end))
    return lines
