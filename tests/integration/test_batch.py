"""batch: inputs discovered, every item stored, finished items skipped, killed batches resumed.

Models are the fake translator (tests/fakes.py), so model calls can be
counted exactly; one test kills a real child process with SIGKILL half-way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fakes import Boom, FakeFactory, FakeTranslator
from workbench.batch import (
    BatchItem,
    ItemOutcome,
    TestSet,
    discover_texts,
    parse_system,
    parse_testset,
    plan_batch,
    run_batch,
)
from workbench.cards import ModelCard
from workbench.compare import compare, inputs_from_runs, runs_of_text
from workbench.errors import InputError
from workbench.metrics import score_corpus
from workbench.store import Store
from workbench.translators.base import ModelSpec, ProgressCallback, Translator

ROOT = Path(__file__).resolve().parents[2]

TEXT_A = "Haftar met Prigozhin in Benghazi.\n\nThe talks lasted two days. Both sides signed.\n"
TEXT_B = "Russia sent 300 mercenaries to Libya. They arrived in May.\n"
TESTSET_EN = [f"The council of town {i} approved {i + 3} new schools on Monday." for i in range(12)]
TESTSET_AR = [f"وافق مجلس البلدة {i} على {i + 3} مدارس جديدة يوم الاثنين." for i in range(12)]


def fake_card(name: str = "fake", batch_size: int = 2) -> ModelCard:
    return ModelCard(
        name=name,
        description="",
        backend="fake",
        license="none",
        source_lang="en",
        pivot_lang="ar",
        forward=ModelSpec(f"{name}/en-ar", "main", "en", "ar", batch_size=batch_size),
        backward=ModelSpec(f"{name}/ar-en", "main", "ar", "en", batch_size=batch_size),
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.sqlite3")


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "b.txt").write_text(TEXT_B, encoding="utf-8")
    (folder / "notes.md").write_text("not a text to run", encoding="utf-8")
    return folder


@pytest.fixture
def testset(tmp_path: Path) -> TestSet:
    # The layout of shared/corpora/flores-dev: <folder>/en-ar/<name>.en and .ar
    folder = tmp_path / "mini-flores" / "en-ar"
    folder.mkdir(parents=True)
    (folder / "mini-flores.en").write_text("\n".join(TESTSET_EN) + "\n", encoding="utf-8")
    (folder / "mini-flores.ar").write_text("\n".join(TESTSET_AR) + "\n", encoding="utf-8")
    return parse_testset(str(tmp_path / "mini-flores"))


class Recorder:
    """A BatchObserver that keeps what it was told."""

    def __init__(self) -> None:
        self.planned: list[BatchItem] = []
        self.started: list[int] = []
        self.finished: list[ItemOutcome] = []
        self.stages: list[str] = []
        self.advanced = 0

    def batch_started(self, items: Sequence[BatchItem]) -> None:
        self.planned = list(items)

    def item_started(self, index: int, item: BatchItem) -> Recorder:
        self.started.append(index)
        return self

    def item_finished(self, index: int, outcome: ItemOutcome) -> None:
        self.finished.append(outcome)

    def stage(self, name: str, total: int) -> None:
        self.stages.append(name)

    def advance(self, n: int) -> None:
        self.advanced += n


def test_discover_texts_from_files_folders_and_globs(texts: Path) -> None:
    assert [p.name for p in discover_texts([texts])] == ["a.txt", "b.txt"]
    assert [p.name for p in discover_texts([str(texts / "b*.txt"), texts / "a.txt"])] == [
        "b.txt",
        "a.txt",
    ]
    # the same file named twice runs once
    assert len(discover_texts([texts, texts / "a.txt"])) == 2
    with pytest.raises(InputError, match="no file matches"):
        discover_texts([str(texts / "*.pdf")])
    with pytest.raises(InputError, match="no such file or folder"):
        discover_texts([texts / "missing.txt"])


def test_testset_and_system_arguments(testset: TestSet, tmp_path: Path) -> None:
    assert testset.name == "mini-flores"
    assert testset.source.name == "mini-flores.en" and testset.reference is not None
    back = tmp_path / "google.en"
    back.write_text("x\n", encoding="utf-8")
    system = parse_system(f"mini-flores:google={back}")
    assert (system.testset, system.name, system.back, system.pivot) == (
        "mini-flores",
        "google",
        back,
        None,
    )
    with pytest.raises(InputError, match="NAME=FILE"):
        parse_system("google")
    with pytest.raises(InputError, match="is not a folder"):
        parse_testset("x=/nonexistent/folder")
    with pytest.raises(InputError, match="test set"):
        plan_batch([], [], systems=[parse_system(f"google={back}")])


def test_batch_stores_every_item_and_a_rerun_skips_them(store: Store, texts: Path) -> None:
    cards = [fake_card("fake-a"), fake_card("fake-b")]
    items = plan_batch(discover_texts([texts]), cards)
    assert [i.label for i in items] == [
        "a.txt × fake-a",
        "a.txt × fake-b",
        "b.txt × fake-a",
        "b.txt × fake-b",
    ]
    recorder = Recorder()
    first = run_batch(store, items, translator_factory=FakeFactory(), observer=recorder)
    assert first.counts() == {"done": 4}
    assert recorder.started == [0, 1, 2, 3] and len(recorder.finished) == 4
    assert recorder.advanced > 0 and any("en→ar" in s for s in recorder.stages)
    runs = store.list_runs()
    assert len(runs) == 4 and all(r.status == "complete" for r in runs)
    assert all(
        o.model_calls > 0 and set(o.scores) == {"bleu", "chrf", "ter"} for o in first.outcomes
    )

    again = FakeFactory()
    second = run_batch(store, items, translator_factory=again)
    assert second.counts() == {"skipped": 4}
    assert again.segments_translated == 0  # not even the cache was asked to re-run
    assert len(store.list_runs()) == 4  # no duplicate runs
    assert [o.run_id for o in second.outcomes] == [o.run_id for o in first.outcomes]
    assert [o.scores for o in second.outcomes] == [o.scores for o in first.outcomes]


class _Budgeted(FakeTranslator):
    """A fake whose batches come out of its factory's shared budget."""

    def __init__(self, spec: ModelSpec, factory: DiesAfter) -> None:
        super().__init__(spec)
        self.factory = factory

    def translate(
        self, texts: Sequence[str], *, progress: ProgressCallback | None = None
    ) -> list[str]:
        if self.factory.budget <= 0:
            raise Boom("killed")
        self.factory.budget -= 1
        return super().translate(texts, progress=progress)


class DiesAfter(FakeFactory):
    """Stands in for a batch killed after ``batches`` model calls in all."""

    def __init__(self, batches: int) -> None:
        super().__init__()
        self.budget = batches

    def __call__(self, spec: ModelSpec, backend: str) -> Translator:
        translator = _Budgeted(spec, self)
        self.made.append(translator)
        return translator


def test_killed_batch_rerun_finishes_only_what_is_missing(
    store: Store, texts: Path, tmp_path: Path
) -> None:
    items = plan_batch(discover_texts([texts]), [fake_card(batch_size=1)])
    alone = FakeFactory()
    run_batch(Store(tmp_path / "a-alone.sqlite3"), items[:1], translator_factory=alone)
    everything = FakeFactory()
    run_batch(Store(tmp_path / "all.sqlite3"), items, translator_factory=everything)

    # Killed two single-segment batches into the second text.
    with pytest.raises(Boom):
        run_batch(store, items, translator_factory=DiesAfter(alone.segments_translated + 2))
    statuses = {r.text_name: r.status for r in store.list_runs()}
    assert statuses == {"a.txt": "complete", "b.txt": "running"}

    resume = FakeFactory()
    result = run_batch(store, items, translator_factory=resume)
    assert [o.status for o in result.outcomes] == ["skipped", "resumed"]
    # The two batches committed before the kill are not translated again.
    assert resume.segments_translated == everything.segments_translated - (
        alone.segments_translated + 2
    )
    assert all(r.status == "complete" for r in store.list_runs())


def test_testset_scores_both_legs_and_imports_enter_the_same_comparison(
    store: Store, testset: TestSet, tmp_path: Path
) -> None:
    google = tmp_path / "mini-flores.google.en"
    google.write_text(
        "\n".join(s.replace("approved", "passed") for s in TESTSET_EN) + "\n", encoding="utf-8"
    )
    items = plan_batch(
        [], [fake_card()], testsets=[testset], systems=[parse_system(f"google={google}")]
    )
    assert [i.kind for i in items] == ["testset", "import"]
    result = run_batch(store, items, translator_factory=FakeFactory())
    model, imported = result.outcomes
    assert (model.status, imported.status) == ("done", "done")

    view = store.load_run(model.run_id or 0)
    pivots = [row.pivot or "" for row in view.rows]
    backs = [row.back or "" for row in view.rows]
    assert [row.segment.text for row in view.rows] == TESTSET_EN  # one segment per line
    expected_forward = score_corpus(pivots, TESTSET_AR)
    legs = store.leg_scores(view.summary.id)
    assert {m: s.value for m, s in legs["forward"].corpus.items()} == {
        m: s.value for m, s in expected_forward.items()
    }
    assert model.forward_scores["chrf"].value == expected_forward["chrf"].value
    assert model.scores["chrf"].value == score_corpus(backs, TESTSET_EN)["chrf"].value
    assert len(legs["forward"].segments) == len(TESTSET_EN)
    assert store.get_text(legs["forward"].reference_text_id).lang == "ar"
    # The imported system's pivot is the human reference: no forward leg for it.
    assert store.leg_scores(imported.run_id or 0) == {}
    assert store.load_run(imported.run_id or 0).rows[0].pivot == TESTSET_AR[0]

    # Both runs are of the same stored text, so compare takes them together.
    run_ids = runs_of_text(store, "mini-flores.en")
    assert sorted(run_ids) == sorted([model.run_id or 0, imported.run_id or 0])
    inputs = inputs_from_runs(store, [model.run_id or 0, imported.run_id or 0])
    assert [leg.key for leg in inputs.legs] == ["round-trip"]  # google has no forward leg
    compared = compare(inputs, tests=(), jobs=1)
    assert compared.flags_from == "flags stored with the runs"
    assert compared.legs[0].system("fake").scores["chrf"].value == pytest.approx(
        model.scores["chrf"].value
    )

    # Re-running skips both; a changed output file is imported again.
    assert run_batch(store, items, translator_factory=FakeFactory()).counts() == {"skipped": 2}
    google.write_text("\n".join(TESTSET_EN) + "\n", encoding="utf-8")
    again = run_batch(store, items, translator_factory=FakeFactory())
    assert [o.status for o in again.outcomes] == ["skipped", "done"]


def test_two_model_runs_of_a_testset_compare_on_both_legs(store: Store, testset: TestSet) -> None:
    items = plan_batch([], [fake_card("one", 3), fake_card("two", 5)], testsets=[testset])
    result = run_batch(store, items, translator_factory=FakeFactory(), detect=False)
    ids = [o.run_id or 0 for o in result.outcomes]
    inputs = inputs_from_runs(store, ids)
    assert [leg.key for leg in inputs.legs] == ["round-trip", "forward"]
    forward = inputs.legs[1]
    assert forward.references == tuple(TESTSET_AR)
    compared = compare(inputs, tests=("bs",), bs_samples=50, detect=False)
    stored = store.leg_scores(ids[0])["forward"].corpus["bleu"].value
    assert compared.leg("forward").system("one").scores["bleu"].value == pytest.approx(stored)


def test_failed_item_is_reported_and_the_batch_goes_on(store: Store, texts: Path) -> None:
    german = replace(fake_card(), name="de", pivot_lang="de")
    lines = TestSet("x", texts / "a.txt", None)
    items = [BatchItem("x", lines.source, "de", card=german, testset=lines)]
    items += plan_batch([texts / "b.txt"], [fake_card()])
    result = run_batch(store, items, translator_factory=FakeFactory(), detect=False)
    assert [o.status for o in result.outcomes] == ["failed", "done"]
    assert "en->de" in result.outcomes[0].message and result.failed == (result.outcomes[0],)
    with pytest.raises(InputError, match="en->de"):
        run_batch(store, items, translator_factory=FakeFactory(), stop_on_error=True)


_CHILD = """
import sys, time
from pathlib import Path
from tests.fakes import FakeFactory, FakeTranslator
from workbench.batch import discover_texts, plan_batch, run_batch
from workbench.store import Store
from tests.integration.test_batch import fake_card

class Slow(FakeTranslator):
    def translate(self, texts, *, progress=None):
        out = super().translate(texts, progress=progress)
        print("batch", flush=True)
        time.sleep(0.15)
        return out

class SlowFactory(FakeFactory):
    def __call__(self, spec, backend):
        t = Slow(spec)
        self.made.append(t)
        return t

store = Store(sys.argv[1])
items = plan_batch(discover_texts([sys.argv[2]]), [fake_card(batch_size=1)])
run_batch(store, items, translator_factory=SlowFactory(), detect=False)
print("finished", flush=True)
"""


def test_batch_killed_with_sigkill_resumes(tmp_path: Path, texts: Path) -> None:
    db = tmp_path / "killed.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_CHILD), str(db), str(texts)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    seen = 0
    deadline = time.monotonic() + 60
    while seen < 9 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break  # the child ended (or crashed) before it was killed
        seen += line.strip() == "batch"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert seen == 9, "the child did not get far enough before the deadline"

    store = Store(db)
    cached = store.count_cached()
    assert cached >= 8  # every batch but perhaps the last one was committed
    resume = FakeFactory()
    items = plan_batch(discover_texts([texts]), [fake_card(batch_size=1)])
    result = run_batch(store, items, translator_factory=resume, detect=False)
    assert all(r.status == "complete" for r in store.list_runs())
    assert {o.status for o in result.outcomes} <= {"skipped", "resumed", "done"}
    assert "resumed" in {o.status for o in result.outcomes}
    fresh = FakeFactory()
    run_batch(Store(tmp_path / "fresh.sqlite3"), items, translator_factory=fresh, detect=False)
    # Only what was missing went to a model.
    assert resume.segments_translated == fresh.segments_translated - cached


def _cli() -> object:
    from workbench.cli import cli
    from workbench.cli.batch import COMMANDS

    for command in COMMANDS:
        if command.name not in cli.commands:
            cli.add_command(command)
    return cli


def test_cli_batch_imports_systems_and_skips_them_on_rerun(
    tmp_path: Path, testset: TestSet
) -> None:
    google = tmp_path / "g.en"
    google.write_text("\n".join(TESTSET_EN) + "\n", encoding="utf-8")
    db = tmp_path / "cli.sqlite3"
    args = [
        "--store",
        str(db),
        "batch",
        "-t",
        str(tmp_path / "mini-flores"),
        "-s",
        f"google={google}",
    ]
    first = CliRunner().invoke(_cli(), args)  # type: ignore[arg-type]
    assert first.exit_code == 0, first.output
    assert "google" in first.output and "done" in first.output
    second = CliRunner().invoke(_cli(), args)  # type: ignore[arg-type]
    assert second.exit_code == 0 and "skipped" in second.output
    assert len(Store(db).list_runs()) == 1
    bad = CliRunner().invoke(_cli(), ["--store", str(db), "batch", str(tmp_path / "nothing")])  # type: ignore[arg-type]
    assert bad.exit_code == 3 and "no such file or folder" in bad.output
