"""The SQLite store: dedupe, cache, resumable runs, flags, decisions, concurrency."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbench.errors import StoreError
from workbench.results import Flag, Score, Segment, Severity, Span, TranslatorInfo
from workbench.store import Store, translation_key

ROOT = Path(__file__).resolve().parents[2]
INFO = TranslatorInfo("transformers", "org/m", "abc", "en", "ar", (("num_beams", "4"),))
SEGS = [Segment(0, 0, 0, "Hello there.", 0, 12, False), Segment(1, 0, 1, "Bye.", 13, 17)]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "s.sqlite3")


def test_same_text_is_stored_once(store: Store) -> None:
    a = store.add_text("a.txt", "/a.txt", "Hello there. Bye.", SEGS)
    b = store.add_text("b.txt", "/b.txt", "Hello there. Bye.", SEGS)
    c = store.add_text("c.txt", "/c.txt", "Other.", SEGS[:1])
    assert a == b != c
    assert store.segments(a) == SEGS


def test_cache_is_keyed_by_model_revision_and_settings(store: Store) -> None:
    store.cache_translations(INFO, [("Hello", "مرحبا")])
    assert store.cached_translations(INFO, ["Hello", "Other"]) == {"Hello": "مرحبا"}
    other_rev = TranslatorInfo("transformers", "org/m", "def", "en", "ar", INFO.settings)
    other_beam = TranslatorInfo("transformers", "org/m", "abc", "en", "ar", (("num_beams", "1"),))
    assert store.cached_translations(other_rev, ["Hello"]) == {}
    assert store.cached_translations(other_beam, ["Hello"]) == {}
    assert translation_key(INFO, "Hello") != translation_key(INFO, "Hello ")


def test_unfinished_run_is_resumed_and_finished_one_is_not(store: Store) -> None:
    text = store.add_text("a.txt", "/a.txt", "x", SEGS)
    run, resumed = store.start_run(text, "opus-mt", "model", {"k": 1})
    assert not resumed
    assert store.start_run(text, "opus-mt", "model", {"k": 1}) == (run, True)
    assert store.start_run(text, "opus-mt", "model", {"k": 2})[0] != run
    store.finish_run(run)
    again, resumed = store.start_run(text, "opus-mt", "model", {"k": 1})
    assert again != run and not resumed


def test_run_round_trips_through_the_store(store: Store) -> None:
    text = store.add_text("a.txt", "/a.txt", "x", SEGS)
    run, _ = store.start_run(text, "sys", "import", {})
    store.save_run_segments(run, [(0, "مرحبا هناك", "Hello there."), (1, "وداعا", "Goodbye.")])
    store.save_scores(
        run, [{"chrf": 100.0}, {"chrf": 20.5}], {"chrf": Score("chrf", 60.0, "nrefs:1|chrf2")}
    )
    flag = Flag(
        "name-drift",
        1,
        Span(0, 3, "Bye"),
        Span(0, 7, "Goodbye"),
        Severity.WARNING,
        "changed",
        "T",
        extra=(("a", "b"),),
    )
    store.save_flags(run, [flag])
    store.add_decision(run, 1, flag=flag, decision="false-alarm")
    store.add_decision(run, 0, note="fine")
    store.finish_run(run)
    view = store.load_run(run)
    assert [r.back for r in view.rows] == ["Hello there.", "Goodbye."]
    assert view.rows[1].flags == (flag,)
    assert view.rows[1].scores == {"chrf": 20.5}
    assert view.corpus_scores["chrf"].signature == "nrefs:1|chrf2"
    assert [(d.decision, d.note) for d in view.decisions] == [("false-alarm", None), (None, "fine")]
    assert view.summary.status == "complete" and view.summary.flags == 1


def test_unknown_run_is_a_clear_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no run 42"):
        store.load_run(42)


def test_store_path_that_is_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("this is not sqlite, " * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(bad)
    assert bad.read_text().startswith("this is not sqlite")  # left untouched
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)


def test_two_processes_writing_at_once_do_not_corrupt_it(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    Store(path).close()
    worker = textwrap.dedent(
        f"""
        import sys
        from workbench.results import Segment, TranslatorInfo
        from workbench.store import Store
        tag = sys.argv[1]
        info = TranslatorInfo("t", "m", "r", "en", "ar", ())
        s = Store({str(path)!r})
        for i in range(150):
            s.cache_translations(info, [(f"{{tag}}-{{i}}", "x")])
            if i % 25 == 0:
                t = s.add_text(tag, tag, f"{{tag}} {{i}}", [Segment(0, 0, 0, "a", 0, 1)])
                r, _ = s.start_run(t, tag, "model", {{"i": i}})
                s.save_run_segments(r, [(0, "p", "b")])
                s.finish_run(r)
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", worker, tag], cwd=ROOT) for tag in ("one", "two")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with Store(path) as s:
        assert s.integrity_ok()
        assert s.count_cached() == 300
        assert len(s.list_runs()) == 12
