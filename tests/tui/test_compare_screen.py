"""The compare screen, driven headless with Pilot from the review screen."""

from __future__ import annotations

from textual.widgets import DataTable, LoadingIndicator, Static

from tests.tui.conftest import Stored
from workbench.compare import compare, inputs_from_runs
from workbench.store import Store
from workbench.tui import create_app
from workbench.tui.screens.compare import CompareScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.review import ReviewScreen

SIZE = (80, 24)


async def test_compare_shows_the_scores_of_compare(store: Store, stored: Stored) -> None:
    expected = compare(inputs_from_runs(store, stored.run_ids), detect=True, embeddings=False)
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("C")
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is not None
        assert not screen.query_one(LoadingIndicator).display

        table: DataTable[object] = screen.query_one("#compare-scores-round-trip", DataTable)
        leg = expected.legs[0]
        assert [str(k.value) for k in table.rows] == ["opus-mt", "nllb-600m"]
        assert table.row_count == len(expected.systems) == 2
        shown = screen.result.legs[0]
        for scores in leg.systems:
            want = scores.scores["bleu"].value
            assert shown.system(scores.system).scores["bleu"].value == want
            cell = str(table.get_cell(scores.system, "bleu"))
            assert cell.split()[0] == f"{want:.1f}"
        # The baseline has no p-value; the other system has its bootstrap p.
        assert "p=" not in str(table.get_cell("opus-mt", "chrf"))
        nllb_chrf = leg.system("nllb-600m").scores["chrf"]
        assert nllb_chrf.paired and nllb_chrf.paired[0].p_value is not None
        assert f"p={nllb_chrf.paired[0].p_value:.3f}" in str(table.get_cell("nllb-600m", "chrf"))
        total = sum(expected.flag_counts["opus-mt"].values())
        assert total > 0  # the stored flags were used, not an empty detection
        assert str(table.get_cell("opus-mt", "flags")) == str(total)

        flags: DataTable[object] = screen.query_one("#compare-flags", DataTable)
        for kind in expected.flag_kinds:
            for system in expected.systems:
                count = expected.flag_counts[system].get(kind, 0)
                assert str(flags.get_cell(kind, system)) == str(count)

        text = str(screen.query_one("#compare-disagreements", Static).render())
        top = expected.disagreements[0]
        assert f"Segment {top.index}" in text
        for _system, output, _score in top.outputs:
            assert output.split()[0] in text

        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_q_closes_compare_without_quitting(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("q")
        assert isinstance(app.screen, ReviewScreen)
        assert app.is_running


async def test_help_on_compare_lists_the_compare_keys(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.sections[0][0] == "Compare"


async def test_compare_needs_two_runs(store: Store, stored: Stored) -> None:
    app = create_app(store, run_ids=stored.run_ids[:1])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        messages = [n.message for n in app._notifications]
        assert any("needs two models" in m for m in messages), messages
