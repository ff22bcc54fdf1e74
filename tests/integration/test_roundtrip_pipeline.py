"""The round-trip pipeline with a fake translator: caching, resume, cancel, scores.

The fake keeps these tests fast and lets them count model calls exactly; the
same pipeline runs with real (tiny) transformer models in test_cli_tiny.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes import Boom, FakeFactory
from workbench.cards import ModelCard
from workbench.roundtrip import Cancelled, round_trip
from workbench.store import Store
from workbench.translators.base import ModelSpec

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "texts" / "haftar-russia.en.txt"


def fake_card(batch_size: int = 4) -> ModelCard:
    return ModelCard(
        name="fake",
        description="",
        backend="fake",
        license="none",
        source_lang="en",
        pivot_lang="ar",
        forward=ModelSpec("fake/en-ar", "main", "en", "ar", batch_size=batch_size),
        backward=ModelSpec("fake/ar-en", "main", "ar", "en", batch_size=batch_size),
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.sqlite3")


def test_full_round_trip_of_the_article_is_stored_and_scored(store: Store) -> None:
    factory = FakeFactory()
    result = round_trip(store, ARTICLE, fake_card(), translator_factory=factory, detect=False)
    view = store.load_run(result.run_id)
    n = len(view.rows)
    assert n > 30 and view.summary.status == "complete"
    assert result.forward.translated == n - 0  # every (distinct) segment went to the model
    for row in view.rows:
        words = row.segment.text.split()
        assert row.pivot == " ".join(reversed(words)) + " [ar]"
        assert row.back is not None and row.back.endswith("[en]")
        assert set(row.scores) == {"chrf", "bleu", "ter"}
    assert set(view.corpus_scores) == {"chrf", "bleu", "ter"}
    assert "nrefs:1" in view.corpus_scores["bleu"].signature
    assert view.config["forward"]["model"] == "fake/en-ar"
    assert view.config["forward"]["revision"] == "rev1"


def test_rerun_hits_the_cache_and_calls_no_model(store: Store) -> None:
    round_trip(store, ARTICLE, fake_card(), translator_factory=FakeFactory(), detect=False)
    again = FakeFactory()
    result = round_trip(store, ARTICLE, fake_card(), translator_factory=again, detect=False)
    assert again.segments_translated == 0
    assert result.forward.translated == result.backward.translated == 0
    assert result.forward.cached == result.forward.segments


def test_run_killed_half_way_resumes_with_nothing_lost(store: Store) -> None:
    crashing = FakeFactory(fail_after_batches=3)
    with pytest.raises(Boom):
        round_trip(
            store, ARTICLE, fake_card(batch_size=4), translator_factory=crashing, detect=False
        )
    done_before = crashing.segments_translated
    assert done_before == 12  # three batches of four were committed before the crash
    assert store.count_cached() == 12
    [unfinished] = store.list_runs()
    assert unfinished.status == "running"

    resume = FakeFactory()
    result = round_trip(
        store, ARTICLE, fake_card(batch_size=4), translator_factory=resume, detect=False
    )
    assert result.resumed and result.run_id == unfinished.id
    assert result.forward.cached == 12
    assert result.forward.translated == result.forward.segments - 12

    clean = Store(store.path.with_name("clean.sqlite3"))
    reference = round_trip(
        clean, ARTICLE, fake_card(), translator_factory=FakeFactory(), detect=False
    )
    resumed_rows = [(r.pivot, r.back) for r in store.load_run(result.run_id).rows]
    assert resumed_rows == [(r.pivot, r.back) for r in clean.load_run(reference.run_id).rows]


def test_cancel_between_batches_keeps_finished_work(store: Store) -> None:
    calls = {"n": 0}

    def cancel_after_two() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(Cancelled):
        round_trip(
            store,
            ARTICLE,
            fake_card(batch_size=5),
            translator_factory=FakeFactory(),
            cancel=cancel_after_two,
            detect=False,
        )
    assert store.count_cached() == 10
