"""Display transforms and review state, without a terminal."""

from __future__ import annotations

import unicodedata

import pytest

from tests.tui.conftest import Stored
from workbench.store import Store
from workbench.tui.display import (
    REPLACEMENT,
    base_direction,
    display_line,
    has_rtl,
    rtl_lines,
    safe,
    wrap_offsets,
)
from workbench.tui.model import (
    ALL,
    ANY_FLAG,
    LoadedRun,
    ReviewState,
    name_entities,
    visible_rows,
    word_diff,
    worst_segment,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain", "plain"),
        ("clear \x1b[2J screen", "clear ␛[2J screen"),
        ("bell\x07", "bell␇"),
        ("nul\x00", "nul␀"),
        ("del\x7f", "del␡"),
        ("csi\x9b31m", f"csi{REPLACEMENT}31m"),
        ("osc \x1b]0;title\x07", "osc ␛]0;title␇"),
        ("tab\there\nline\r", "tab here line "),
        ("ab\u202ecd\u2066ef\u2069", f"ab{REPLACEMENT}cd{REPLACEMENT}ef{REPLACEMENT}"),
        ("[bold]x[/bold]", "[bold]x[/bold]"),  # markup is text: shown as typed
        ("line\u2028sep", "line sep"),
        ("زيارة", "زيارة"),
    ],
)
def test_safe_makes_controls_visible(text: str, shown: str) -> None:
    assert safe(text) == shown
    assert len(safe(text)) == len(text)  # flag offsets still point at the same places
    assert not any(unicodedata.category(ch) == "Cc" for ch in safe(text))


def test_wrap_offsets_break_at_spaces_and_cut_long_words() -> None:
    text = "The relationship of retired Libyan Major General"
    lines = [text[s:e] for s, e in wrap_offsets(text, 20)]
    assert lines == ["The relationship of", "retired Libyan Major", "General"]
    long = "abcdefghij kl"
    assert [long[s:e] for s, e in wrap_offsets(long, 4)] == ["abcd", "efgh", "ij", "kl"]
    assert wrap_offsets("", 5) == [(0, 0)]


ARABIC = "التقى بريغوجين بحفتر في موسكو عام 2018."


def test_arabic_is_wrapped_in_reading_order_then_reordered() -> None:
    lines, direction = rtl_lines(ARABIC, 16)
    assert direction == "R" and len(lines) == 3
    # Shaped: presentation forms (joined letters), no plain Arabic letters left.
    assert not any("\u0621" <= ch <= "\u064a" for ch in "".join(lines))
    # Each line is in visual order: the first word read is at the right end of
    # the first line, the number and full stop at the left end of the last.
    first_word = display_line("التقى")
    assert lines[0].endswith(first_word)
    assert lines[-1].startswith(".2018")
    # Logical order on request, for terminals that apply bidi themselves.
    logical, _ = rtl_lines(ARABIC, 16, bidi=False)
    assert " ".join(logical) == ARABIC


def test_directions() -> None:
    assert has_rtl(ARABIC) and not has_rtl("Haftar 2018")
    assert base_direction("2018 " + ARABIC) == "R" and base_direction("Haftar حفتر") == "L"
    assert display_line("Haftar [x]") == "Haftar [x]"


def test_word_diff_marks_changed_words_of_the_back_translation() -> None:
    back = "Prezhugin met with Hifter in Moscow."
    spans = word_diff("Prigozhin met Haftar in Moscow.", back)
    assert [back[s:e] for s, e in spans] == ["Prezhugin", "with", "Hifter"]
    assert word_diff("Same words here.", "same WORDS here") == []


def test_review_state_keeps_the_latest_decision(store: Store, stored: Stored) -> None:
    run_id = stored.run_ids[0]
    flag = store.load_run(run_id).rows[1].flags[0]
    store.add_decision(run_id, 1, flag=flag, decision="confirmed")
    store.add_decision(run_id, 1, flag=flag, decision="false-alarm")
    store.add_decision(run_id, 1, note="check")
    state = ReviewState.from_decisions(store.decisions(run_id))
    assert state.decision(flag) == "false-alarm" and state.notes == {1: ("check",)}


def test_visible_rows_filter_search_sort(store: Store, stored: Stored) -> None:
    opus, nllb = (LoadedRun.of(store.load_run(i)) for i in stored.run_ids)
    assert visible_rows(opus) == list(range(9))
    assert visible_rows(opus, kind=ANY_FLAG) == [0, 1, 2, 5, 6, 7]
    assert visible_rows(opus, kind="number-mismatch") == [5]
    assert visible_rows(opus, search="PRZOGIN") == []
    assert visible_rows(opus, search="PRZOGIN", others=[nllb]) == [6]
    by_chrf = visible_rows(opus, sort="chrf")
    scores = [opus.row(i).scores["chrf"] for i in by_chrf]
    assert scores == sorted(scores)
    assert worst_segment(opus, visible_rows(opus, kind=ALL)) == by_chrf[0]
    assert visible_rows(opus, sort="flags")[:2] == [6, 7]


def test_name_entities_join_spellings_across_runs(store: Store, stored: Stored) -> None:
    runs = [LoadedRun.of(store.load_run(i)) for i in stored.run_ids]
    entities = {e.label: e for e in name_entities(runs)}
    assert set(entities) == {"Prigozhin", "Haftar"}
    spellings = {(v.spelling, v.side, v.segments) for v in entities["Prigozhin"].variants}
    assert spellings == {
        ("Prigozhin", "source", (6, 7)),
        ("Prezhugin", "opus-mt", (6,)),
        ("Brigogen", "opus-mt", (7,)),
        ("Przogin", "nllb-600m", (6,)),
        ("Prigozhin", "nllb-600m", (7,)),
    }
    assert entities["Prigozhin"].segments == (6, 7)
    hifter = next(v for v in entities["Haftar"].variants if v.spelling == "Hifter")
    assert hifter.flagged and hifter.segments == (1,)
