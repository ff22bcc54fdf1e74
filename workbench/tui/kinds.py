"""How each flag kind looks in the review TUI: a one-letter marker and a colour.

The kinds themselves come from the detector registry
(``workbench.detectors.DETECTORS``); a kind the table below does not know (a
new detector) still shows, with a letter taken from its name and a neutral
colour.  Colours are backgrounds with black text so that a flagged span reads
the same in the light and the dark theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style


@dataclass(frozen=True, slots=True)
class KindLook:
    letter: str
    colour: str  # background of the marker and of the flagged span
    label: str  # short name for the summary and the filter list

    @property
    def style(self) -> Style:
        return Style(color="#000000", bgcolor=self.colour)


KIND_LOOKS: dict[str, KindLook] = {
    "name-drift": KindLook("N", "#f4a6d7", "name drift"),
    "name-inconsistency": KindLook("I", "#c9a7f0", "name spelled several ways"),
    "garbled-term": KindLook("G", "#ffaf5f", "garbled term"),
    "number-mismatch": KindLook("#", "#ff8787", "number mismatch"),
    "meaning-drift": KindLook("M", "#87c7ff", "meaning drift"),
    "omission": KindLook("O", "#d7d75f", "omission"),
    "addition": KindLook("A", "#87d7af", "addition"),
    "repetition": KindLook("R", "#afafd7", "repetition"),
    "untranslated": KindLook("U", "#d0d0d0", "untranslated"),
    "encoding": KindLook("E", "#ffd75f", "encoding damage"),
}

_UNKNOWN_COLOUR = "#bcbcbc"


def look(kind: str) -> KindLook:
    """The marker and colour of ``kind`` (a fallback for kinds added later)."""
    known = KIND_LOOKS.get(kind)
    if known is not None:
        return known
    letter = next((ch.upper() for ch in kind if ch.isalnum()), "?")
    return KindLook(letter, _UNKNOWN_COLOUR, kind.replace("-", " "))


def all_kinds() -> list[str]:
    """Every registered flag kind, registry order, then any extra ones known here."""
    from workbench.detectors import DETECTORS

    return [*DETECTORS, *(k for k in KIND_LOOKS if k not in DETECTORS)]
