"""The review TUI driven headless with Pilot: keys, mouse, decisions, workers."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from tests.fakes import FakeFactory
from tests.tui.conftest import Stored
from tests.tui.data import SOURCES, cards
from workbench.export import export_run
from workbench.results import TranslatorInfo
from workbench.store import Store
from workbench.translators.base import ModelSpec, ProgressCallback, Translator
from workbench.tui import ReviewApp, create_app
from workbench.tui.screens.filter import FilterScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.note import NoteScreen
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.roundtrip import RoundTripScreen
from workbench.tui.widgets.detail import DetailPanel
from workbench.tui.widgets.names import NamesPanel
from workbench.tui.widgets.segment_table import SegmentTable

SIZE = (120, 40)


def review(app: ReviewApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen), app.screen
    return app.screen


def order(app: ReviewApp) -> tuple[int, ...]:
    content = review(app).table.content
    assert content is not None
    return content.order


def where(app: ReviewApp) -> tuple[int | None, int]:
    """(segment under the cursor, flag selected in it)."""
    screen = review(app)
    return screen.current_segment, screen.flag_cursor


def table_lines(table: SegmentTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def detail(app: ReviewApp) -> str:
    return review(app).query_one(DetailPanel).body.plain


async def test_opens_on_the_stored_runs(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review(app)
        assert [r.name for r in screen.runs] == ["opus-mt", "nllb-600m"]
        assert order(app) == tuple(range(9))
        assert where(app) == (0, 0)
        header = table_lines(screen.table)[0]
        for title in ("#", "source", "pivot (ar)", "back · opus-mt", "chrF", "flags"):
            assert title in header
        lines = "\n".join(table_lines(screen.table))
        assert "§0 Haftar and Russia" in lines  # the heading's marker
        text = detail(app)
        assert "Segment 0" in text and "garbled-term" in text
        assert "Helsinki-NLP/opus-mt-en-ar @ main" in text  # model and revision
        assert "facebook/nllb-200-distilled-600M" in text  # the other run's model too


async def test_paragraphs_are_separated_and_headings_marked(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        table = review(app).table
        lines = table_lines(table)[1:]
        rows = [n for n, line in enumerate(lines) if line[:5].strip()]  # lines with a number
        numbers = [lines[n][:5].strip() for n in rows]
        assert numbers[:5] == ["§0", "1", "2", "3", "§4"]
        # 2 and 3 share a paragraph: no blank line between them; 1 and 2 do not.
        end_of_2 = rows[3] - 1
        assert lines[end_of_2].strip() != ""
        assert lines[rows[2] - 1].strip() == ""


async def test_moving_with_keys_and_mouse(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "j")
        assert where(app)[0] == 2
        await pilot.press("up")
        assert where(app)[0] == 1
        await pilot.press("end")
        assert where(app)[0] == 8
        await pilot.press("home")
        assert where(app)[0] == 0
        await pilot.press("pagedown")
        assert where(app)[0] is not None and where(app)[0] > 2
        table = review(app).table
        await pilot.press("home")
        # Click on the first line of segment 1 (the header is line 0, segment 0 has
        # two lines, then a paragraph gap).
        lines = table_lines(table)
        y = next(n for n, line in enumerate(lines) if line[:5].strip() == "1")
        await pilot.click(SegmentTable, offset=(10, y))
        assert where(app)[0] == 1
        # A click on a column title sorts by it.
        x = lines[0].index("chrF")
        await pilot.click(SegmentTable, offset=(x + 1, 0))
        assert review(app).sort == "chrf"


async def test_next_and_previous_flag(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen = [where(app)]
        for _ in range(8):
            await pilot.press("n")
            seen.append(where(app))
        # opus-mt's flags in reading order; two segments carry two flags each.
        assert seen == [(0, 0), (1, 0), (2, 0), (5, 0), (6, 0), (6, 1), (7, 0), (7, 1), (0, 0)]
        await pilot.press("N")
        assert where(app) == (7, 1)
        await pilot.press("left_square_bracket")
        assert where(app) == (7, 0)
        assert "▶  N  name-drift" in detail(app)


async def test_filter_by_flag_kind(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index("k:name-drift")
        await pilot.press("enter")
        assert order(app) == (1, 6, 7)
        assert "filter: name drift" in review(app).query_one("#summary").render().plain
        # Flag jumping follows the filter: only name-drift flags.
        await pilot.press("n")
        await pilot.press("n")
        assert where(app) == (7, 0)
        await pilot.press("f")
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index("k:*")
        await pilot.press("enter")
        assert order(app) == (0, 1, 2, 5, 6, 7)
        await pilot.press("escape")
        assert order(app) == tuple(range(9))


async def test_search(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"shoigu")
        assert order(app) == (5,)
        await pilot.press("enter")
        assert isinstance(app.focused, SegmentTable)
        await pilot.press("slash", *"brigogen")  # found in a back-translation only
        await pilot.press("enter")
        assert order(app) == (7,)
        await pilot.press("escape")
        assert order(app) == tuple(range(9))


async def test_sort_and_worst_segment(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        run = review(app).primary
        chrf = {i: run.row(i).scores["chrf"] for i in range(9)}
        await pilot.press("w")
        worst = min(chrf, key=lambda i: chrf[i])
        assert where(app)[0] == worst
        await pilot.press("s")
        assert list(order(app)) == sorted(range(9), key=lambda i: chrf[i])
        assert where(app)[0] == worst  # the cursor stays on its segment
        await pilot.press("s")
        counts = [len(run.row(i).flags) for i in order(app)]
        assert counts == sorted(counts, reverse=True) and counts[0] == 2
        await pilot.press("s")
        assert order(app) == tuple(range(9))


async def test_switch_model_and_side_by_side(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.press("m")
        screen = review(app)
        assert screen.primary.name == "nllb-600m"
        assert where(app)[0] == 2  # same segment, other model
        header = table_lines(screen.table)[0]
        assert "back · nllb-600m" in header and "back · opus-mt" not in header
        assert "This relationship began in the seventies" in detail(app).split("Flags")[0]
        await pilot.press("v")
        header = table_lines(screen.table)[0]
        assert "back · nllb-600m" in header and "back · opus-mt" in header
        summary = screen.query_one("#summary").render().plain.splitlines()
        assert summary[0].startswith("◆ opus-mt") and summary[1].startswith("▶ nllb-600m")
        await pilot.press("v")  # only two runs: side by side goes off again
        assert screen.second is None
        await pilot.press("M")
        assert screen.primary.name == "opus-mt"


async def test_decisions_are_saved_and_shown_after_reopening(
    stored: Stored,
) -> None:
    with stored.open() as store:
        app = create_app(store, run_ids=stored.run_ids)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("n", "n", "n", "n", "n")  # segment 6, its second flag
            assert where(app) == (6, 1)
            await pilot.press("x")  # the name-inconsistency flag: false alarm
            await pilot.press("N")
            await pilot.press("c")  # the name-drift flag: confirmed
            await pilot.press("a")
            assert isinstance(app.screen, NoteScreen)
            await pilot.press(*"ask a Russian speaker")
            await pilot.press("enter")
            assert isinstance(app.screen, ReviewScreen)
            # Saved at once: another connection sees them while the app runs.
            with stored.open() as other:
                decisions = other.decisions(stored.run_ids[0])
            assert [(d.segment, d.decision, d.note) for d in decisions] == [
                (6, "false-alarm", None),
                (6, "confirmed", None),
                (6, None, "ask a Russian speaker"),
            ]

    with stored.open() as store:
        app = create_app(store, run_ids=stored.run_ids)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            review(app).table.select_segment(6)
            await pilot.pause()
            text = detail(app)
            assert "✓ confirmed" in text and "✗ false alarm" in text
            assert "✎ ask a Russian speaker" in text
            assert "reviewed 2/8" in review(app).query_one("#summary").render().plain
            row = next(line for line in table_lines(review(app).table) if line[:5].strip() == "6")
            assert row.rstrip().endswith("NI✎")

        exported = json.loads(export_run(store.load_run(stored.run_ids[0]), "json"))
        seg = exported["segments"][6]
        assert [f["decision"] for f in seg["flags"]] == ["confirmed", "false-alarm"]
        assert seg["notes"] == ["ask a Russian speaker"]


async def test_names_panel_lists_variants_and_jumps(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        panel = review(app).query_one(NamesPanel)
        assert panel.display
        options = panel.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0].startswith("Prigozhin")
        listed = "\n".join(prompts)
        for spelling, side, segments in (
            ("Prigozhin", "source", "6 7"),
            ("Prezhugin", "opus-mt", "6"),
            ("Brigogen", "opus-mt", "7"),
            ("Przogin", "nllb-600m", "6"),
            ("Prigozhin", "nllb-600m", "7"),
            ("Hifter", "opus-mt", "1"),
        ):
            assert f"{spelling}  {side}  {segments}" in listed, listed
        brigogen = next(i for i, p in enumerate(prompts) if "Brigogen" in p)
        options.highlighted = brigogen
        await pilot.press("enter")
        assert where(app)[0] == 7
        # The entity itself: all its segments, one after the other.
        options.highlighted = 0
        await pilot.press("enter")
        first = where(app)[0]
        await pilot.press("enter")
        assert {first, where(app)[0]} == {6, 7}


async def test_names_panel_from_the_real_detectors(tmp_path: Path) -> None:
    """The article under review, imported against a corrected source and checked
    by the real name detectors: the panel shows Prigozhin's three spellings."""
    import re

    from workbench.detectors import SegmentPair, detect
    from workbench.importer import import_run

    article = Path(__file__).resolve().parents[2] / "texts" / "haftar-russia.en.txt"
    back = article.read_text(encoding="utf-8")
    source = re.sub(r"Prezhugin|Brigogen|Przogin", "Prigozhin", back).replace("Hifter", "Haftar")
    (tmp_path / "src.en").write_text(source, encoding="utf-8")
    (tmp_path / "back.en").write_text(back, encoding="utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        run_id = import_run(
            store, "article", tmp_path / "src.en", tmp_path / "back.en", detect=False
        )
        rows = store.load_run(run_id).rows
        pairs = [SegmentPair(r.segment.index, r.segment.text, r.back) for r in rows]
        kinds = ["name-drift", "name-inconsistency"]
        store.save_flags(run_id, detect(pairs, kinds))
        app = create_app(store, run_ids=[run_id])
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("e")
            options = review(app).query_one(NamesPanel).query_one(OptionList)
            listed = "\n".join(
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            )
            for spelling in ("Prigozhin", "Prezhugin", "Brigogen", "Przogin", "Hifter"):
                assert spelling in listed


async def test_help_lists_every_binding(store: Store, stored: Stored) -> None:
    from textual.binding import Binding

    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body")
        lines = [line.text for line in body.render_lines(body.region.reset_offset)]
        # Long descriptions wrap inside their column: compare word by word.
        words = " ".join(" ".join(lines).split())
        declared = [*ReviewScreen.BINDINGS, *SegmentTable.BINDINGS, *ReviewApp.BINDINGS]
        for binding in Binding.make_bindings(declared):
            described = binding.tooltip or binding.description
            assert described and " ".join(described.split()) in words, binding
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_theme_and_display_toggles(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        screen = review(app)
        await pilot.press("P")
        assert "pivot" not in table_lines(screen.table)[0]
        await pilot.press("P", "r")
        assert "logical order" in table_lines(screen.table)[0]
        await pilot.press("d")
        assert not screen.query_one(DetailPanel).display


async def test_hostile_text_cannot_reach_the_terminal(tmp_path: Path) -> None:
    from workbench.importer import import_run

    hostile = "Clear \x1b[2J now [bold]x[/bold] \u202etxt.exe\x9b31m"
    (tmp_path / "src.en").write_text(f"{hostile}\nPlain line.\n", encoding="utf-8")
    (tmp_path / "back.en").write_text("Clear now [red]y[/red]\nPlain line.\n", encoding="utf-8")
    with Store(tmp_path / "s.sqlite3") as store:
        run_id = import_run(
            store, "evil\x1b]0;title\x07", tmp_path / "src.en", tmp_path / "back.en"
        )
        app = create_app(store, run_ids=[run_id])
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = review(app)
            painted = [screen.table.render_line(y) for y in range(screen.table.size.height)]
            texts = "".join(segment.text for strip in painted for segment in strip)
            assert "␛[2J" in texts and "[bold]x[/bold]" in texts and "[red]y[/red]" in texts
            assert "\ufffdtxt.exe\ufffd31m" in texts
            svg = app.export_screenshot()
            for bad in ("\x1b", "\x9b", "\u202e", "\x07"):
                assert bad not in texts and bad not in svg
            assert "evil␛]0;title␇" in screen.query_one("#summary").render().plain
            assert "[bold]x[/bold]" in detail(app)
        # The store still holds the text exactly as it came.
        assert store.load_run(run_id).rows[0].segment.text == hostile


# -- round trips in a worker -------------------------------------------------------------


async def test_round_trip_runs_in_a_worker_then_opens(stored: Stored, tmp_path: Path) -> None:
    with Store(tmp_path / "fresh.sqlite3") as store:
        factory = FakeFactory()
        app = create_app(store, text=stored.text, cards=cards()[:1], translator_factory=factory)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = review(app)
            assert [r.name for r in screen.runs] == ["opus-mt"]
            assert factory.segments_translated == 2 * len(SOURCES)
            assert screen.primary.row(1).back is not None

        # The second time, the stored run opens directly: no screen, no model.
        again = FakeFactory()
        app = create_app(store, text=stored.text, cards=cards()[:1], translator_factory=again)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen) and again.made == []


class GatedTranslator(Translator):
    """Translates one batch at a time, each only when the test lets it."""

    backend = "gated"

    def __init__(self, spec: ModelSpec, gate: threading.Semaphore, started: threading.Event):
        self.spec, self.gate, self.started = spec, gate, started

    @property
    def info(self) -> TranslatorInfo:
        return TranslatorInfo(
            "gated", self.spec.model, "r1", self.spec.src_lang, self.spec.tgt_lang
        )

    def translate(
        self, texts: Sequence[str], *, progress: ProgressCallback | None = None
    ) -> list[str]:
        self.started.set()
        assert self.gate.acquire(timeout=30), "the test never let the batch finish"
        return [f"<{self.spec.tgt_lang}> {t}" for t in texts]


async def test_cancelling_a_running_translation(stored: Stored, tmp_path: Path) -> None:
    import dataclasses

    gate, started = threading.Semaphore(0), threading.Event()
    card = cards()[0]
    card = dataclasses.replace(card, forward=dataclasses.replace(card.forward, batch_size=2))

    def factory(spec: ModelSpec, backend: str) -> Translator:
        return GatedTranslator(spec, gate, started)

    with Store(tmp_path / "fresh.sqlite3") as store:
        app = create_app(store, text=stored.text, cards=[card], translator_factory=factory)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RoundTripScreen)
            assert started.wait(10)
            # The UI is alive while the model works: keys are handled.
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.press("escape")  # cancel
            assert screen.state == "cancelling"
            gate.release()  # the batch in flight finishes...
            # A cancelled worker counts as complete at once; its thread stops
            # only after that batch, so wait for the screen to hear of it.
            for _ in range(200):
                if screen.state != "cancelling":
                    break
                await pilot.pause(0.05)
            assert screen.state == "cancelled"  # ...and nothing after it runs
            assert "Cancelled" in str(screen.query_one("#roundtrip-status").render())
            [run] = store.list_runs()
            assert run.status == "running"  # left to resume
            assert store.count_cached() == 2  # the finished batch is stored
            # Resume: every batch allowed now; the run completes and opens.
            for _ in range(50):
                gate.release()
            await pilot.press("r")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            [run] = store.list_runs()
            assert run.status == "complete"


@pytest.mark.slow
async def test_round_trip_with_tiny_models(
    stored: Stored, tmp_path: Path, tiny_marian_en_ar: Path, tiny_marian_ar_en: Path
) -> None:
    from workbench.cards import resolve_model_arg

    card = resolve_model_arg(f"{tiny_marian_en_ar},{tiny_marian_ar_en}").with_device("cpu")
    with Store(tmp_path / "tiny.sqlite3") as store:
        app = create_app(store, text=stored.text, cards=[card])
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, RoundTripScreen)
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = review(app)
            assert all(screen.primary.row(i).back is not None for i in range(len(SOURCES)))
            assert "sha256:" in detail(app)  # a local model's content revision
