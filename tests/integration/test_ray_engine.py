"""The Ray engine: same results as the local engine, worker deaths, bad segments, resume.

One local Ray instance (2 CPUs, pools of 2 translator actors) serves the whole
module; the models are the tiny random-weight Marian pair the other tests
build.  Translators that kill their worker or raise on a segment wrap the
real one, so every output compared is a real model output.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.tiny_models import write_tiny_card
from workbench.batch import BatchResult, TestSet, parse_testset, plan_batch, run_batch
from workbench.cards import ModelCard, load_card
from workbench.engines import LOCAL, Engine
from workbench.results import TranslatorInfo
from workbench.roundtrip import Cancelled
from workbench.store import Store
from workbench.translators import create_translator
from workbench.translators.base import ModelSpec, ProgressCallback, Translator

pytestmark = pytest.mark.slow

ARTICLE = Path(__file__).resolve().parents[2] / "texts" / "haftar-russia.en.txt"
LINES = [
    "The council of Benghazi approved 12 new schools on Monday.",
    "Haftar met Prigozhin in Moscow in 2019.",
    "Russia sent about 2,000 mercenaries from the Wagner group to Libya.",
    "The talks lasted two days and both sides signed a ceasefire.",
    "Erdogan and Putin called for a ceasefire in Libya.",
    "The presidential council welcomed the call.",
    "Haftar's militias rejected the Turkish-Russian initiative on Friday.",
    "He trained in Moscow in the nineteen seventies.",
    "Drones and weapons reached his forces through Wagner.",
    "The government in Tripoli is recognised by the United Nations.",
]
REFERENCES = [f"سطر {i} من الترجمة المرجعية." for i in range(len(LINES))]


def _ray_or_skip() -> None:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        pytest.skip("ray is not installed (pip install 'workbench[ray]'); CI installs it")


@pytest.fixture(scope="module")
def ray_engine() -> Iterator[Engine]:
    _ray_or_skip()
    import ray.cloudpickle

    from workbench.engines.ray_engine import RayEngine

    # The workers cannot import this test module: send its helpers by value.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # type: ignore[no-untyped-call]
    engine = RayEngine(workers=2, num_cpus=2)
    engine.start()
    yield engine
    engine.close()


def _card(folder: Path, en_ar: Path | str, ar_en: Path | str, name: str = "tiny") -> ModelCard:
    return load_card(write_tiny_card(folder, en_ar, ar_en, name=name, max_new_tokens=12))


@pytest.fixture
def card(tmp_path: Path, tiny_marian_en_ar: Path, tiny_marian_ar_en: Path) -> ModelCard:
    return _card(tmp_path, tiny_marian_en_ar, tiny_marian_ar_en)


@pytest.fixture
def testset(tmp_path: Path) -> TestSet:
    folder = tmp_path / "mini" / "en-ar"
    folder.mkdir(parents=True)
    (folder / "mini.en").write_text("\n".join(LINES) + "\n", encoding="utf-8")
    (folder / "mini.ar").write_text("\n".join(REFERENCES) + "\n", encoding="utf-8")
    return parse_testset(str(tmp_path / "mini"))


def _text(tmp_path: Path) -> Path:
    path = tmp_path / "short.txt"
    paragraphs = ARTICLE.read_text(encoding="utf-8").split("\n\n")[:4]
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def _stored(store: Store) -> list[dict[str, object]]:
    """Everything a run holds that an engine could change, run by run."""
    found: list[dict[str, object]] = []
    for summary in store.list_runs():
        view = store.load_run(summary.id)
        found.append(
            {
                "text": summary.text_name,
                "system": summary.system,
                "status": summary.status,
                "config": view.config,
                "rows": [(r.segment.text, r.pivot, r.back) for r in view.rows],
                "scores": {m: (s.value, s.signature) for m, s in view.corpus_scores.items()},
                "segment_scores": [sorted(r.scores.items()) for r in view.rows],
                "flags": sorted(repr(f) for r in view.rows for f in r.flags),
                "legs": {
                    leg: ({m: s.value for m, s in scores.corpus.items()}, scores.segments)
                    for leg, scores in store.leg_scores(summary.id).items()
                },
            }
        )
    return found


def _check_counts(result: BatchResult) -> None:
    for o in result.outcomes:
        assert o.translated + o.cached + len(o.failed_segments) == o.segments > 0


# -- translators that misbehave on a worker ------------------------------------------


class _Wrapped(Translator):
    def __init__(self, inner: Translator) -> None:
        self.inner = inner
        self.spec = getattr(inner, "spec", None)

    @property
    def info(self) -> TranslatorInfo:
        return self.inner.info

    def translate(
        self, texts: Sequence[str], *, progress: ProgressCallback | None = None
    ) -> list[str]:
        return self.inner.translate(texts, progress=progress)

    def close(self) -> None:
        self.inner.close()


class _KillsItsWorker(_Wrapped):
    def __init__(self, inner: Translator, marker: Path, at_call: int) -> None:
        super().__init__(inner)
        self.marker, self.at_call, self.calls = marker, at_call, 0

    def translate(
        self, texts: Sequence[str], *, progress: ProgressCallback | None = None
    ) -> list[str]:
        self.calls += 1
        if self.calls == self.at_call:
            try:
                os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                pass  # the worker was killed once already
            else:
                os._exit(1)  # the whole worker process dies, mid-batch
        return super().translate(texts, progress=progress)


class KillOnce:
    """A factory whose translators kill their worker process on their Nth batch, once."""

    def __init__(self, marker: Path, at_call: int) -> None:
        self.marker, self.at_call = marker, at_call

    def __call__(self, spec: ModelSpec, backend: str) -> Translator:
        return _KillsItsWorker(create_translator(spec, backend), self.marker, self.at_call)


class _Poisoned(_Wrapped):
    def translate(
        self, texts: Sequence[str], *, progress: ProgressCallback | None = None
    ) -> list[str]:
        if any("POISON" in t for t in texts):
            raise ValueError("the model chokes on this segment")
        return super().translate(texts, progress=progress)


def poisoned(spec: ModelSpec, backend: str) -> Translator:
    """A factory whose translators raise on any batch holding the word POISON."""
    return _Poisoned(create_translator(spec, backend))


def _cli() -> object:
    from workbench.cli import cli

    return cli


# -- tests ------------------------------------------------------------------------------


def test_ray_batch_stores_what_the_local_batch_stores(
    ray_engine: Engine, tmp_path: Path, card: ModelCard, testset: TestSet
) -> None:
    text = _text(tmp_path)
    card_file = tmp_path / "tiny.toml"
    common = [str(text), "-m", str(card_file), "-t", f"mini={tmp_path / 'mini'}"]
    local_db, ray_db = tmp_path / "local.sqlite3", tmp_path / "ray.sqlite3"
    runner = CliRunner()
    local = runner.invoke(_cli(), ["--store", str(local_db), "batch", *common])  # type: ignore[arg-type]
    assert local.exit_code == 0, local.output
    remote = runner.invoke(
        _cli(),  # type: ignore[arg-type]
        ["--store", str(ray_db), "batch", *common, "--engine", "ray", "--workers", "2"],
    )
    assert remote.exit_code == 0, remote.output
    assert "segments:" in remote.output and "0 failed" in remote.output

    with Store(local_db) as a, Store(ray_db) as b:
        local_runs, ray_runs = _stored(a), _stored(b)
    assert [r["text"] for r in ray_runs] == ["short.txt", "mini.en"]
    assert all(r["status"] == "complete" for r in ray_runs)
    assert ray_runs[1]["legs"] and ray_runs[0]["flags"]  # forward leg scored, drift found
    assert ray_runs == local_runs

    # Either engine finds the other's runs complete...
    again = runner.invoke(_cli(), ["--store", str(ray_db), "batch", *common])  # type: ignore[arg-type]
    assert again.exit_code == 0 and again.output.count("skipped") >= 2, again.output
    # ... and what Ray translated, the local engine takes from the cache: the same
    # models under another card name make new runs without a single model call.
    twin = _card(tmp_path, card.forward.model, card.backward.model, name="twin")
    with Store(ray_db) as b:
        result = run_batch(b, plan_batch([text], [twin], testsets=[testset]), engine=LOCAL)
    assert [(o.status, o.model_calls) for o in result.outcomes] == [("done", 0), ("done", 0)]
    assert result.segment_counts()["cached"] == result.segment_counts()["total"]


def test_a_worker_killed_mid_run_is_retried_with_identical_results(
    ray_engine: Engine, tmp_path: Path, card: ModelCard, testset: TestSet
) -> None:
    items = plan_batch([], [card], testsets=[testset])
    local = Store(tmp_path / "local.sqlite3")
    run_batch(local, items, engine=LOCAL)
    marker = tmp_path / "killed-once"
    store = Store(tmp_path / "ray.sqlite3")
    result = run_batch(
        store, items, engine=ray_engine, translator_factory=KillOnce(marker, at_call=2)
    )
    assert marker.exists(), "no worker was killed"
    assert result.counts() == {"done": 1}
    _check_counts(result)
    assert _stored(store) == _stored(local)


def test_a_bad_segment_is_reported_and_counted_and_the_rest_stored(
    ray_engine: Engine, tmp_path: Path, card: ModelCard
) -> None:
    folder = tmp_path / "bad" / "en-ar"
    folder.mkdir(parents=True)
    lines = [*LINES[:5], "POISON in this line.", *LINES[5:]]
    (folder / "bad.en").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = plan_batch([], [card], testsets=[parse_testset(str(tmp_path / "bad"))])
    store = Store(tmp_path / "ray.sqlite3")
    result = run_batch(store, items, engine=ray_engine, translator_factory=poisoned)
    (outcome,) = result.outcomes
    assert outcome.status == "failed"
    assert [i for i, _ in outcome.failed_segments] == [5]
    assert "ValueError: the model chokes" in outcome.failed_segments[0][1]
    assert "1 of 11 segments failed: #5" in outcome.message
    assert result.segment_counts() == {"total": 11, "translated": 10, "cached": 0, "failed": 1}
    # Every other segment went both ways and is in the cache; the run stays open.
    forward = create_translator(card.forward, card.backend)
    cached = store.cached_translations(forward.info, lines)
    assert set(cached) == set(lines) - {lines[5]}
    assert [r.status for r in store.list_runs()] == ["running"]


def test_a_stopped_ray_batch_resumes_and_ray_reuses_what_local_translated(
    ray_engine: Engine, tmp_path: Path, card: ModelCard
) -> None:
    text = _text(tmp_path)
    small = replace(
        card,
        forward=replace(card.forward, batch_size=1),
        backward=replace(card.backward, batch_size=1),
    )
    items = plan_batch([text], [small])
    fresh = run_batch(Store(tmp_path / "fresh.sqlite3"), items, engine=LOCAL)
    total_calls = fresh.outcomes[0].model_calls

    store = Store(tmp_path / "s.sqlite3")
    arrivals = 0

    def stop_after_three() -> bool:
        nonlocal arrivals
        arrivals += 1
        return arrivals > 3

    with pytest.raises(Cancelled):
        run_batch(store, items, engine=ray_engine, cancel=stop_after_three)
    committed = store.count_cached()
    assert 0 < committed < total_calls
    resumed = run_batch(store, items, engine=LOCAL)
    assert resumed.outcomes[0].status == "resumed"
    assert resumed.outcomes[0].model_calls == total_calls - committed
    _check_counts(resumed)

    # Finished by local: the same models under another card name make a new run,
    # for which Ray makes no model call (test 1 checks the other way round).
    twin = replace(small, name="twin")
    by_ray = run_batch(store, plan_batch([text], [twin]), engine=ray_engine)
    assert (by_ray.outcomes[0].status, by_ray.outcomes[0].model_calls) == ("done", 0)
    assert by_ray.segment_counts()["cached"] == by_ray.segment_counts()["total"]
    runs = _stored(store)
    assert (
        runs[1]["rows"] == runs[0]["rows"] == _stored(Store(tmp_path / "fresh.sqlite3"))[0]["rows"]
    )


def test_engine_ray_without_ray_installed_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    text = tmp_path / "t.txt"
    text.write_text("One sentence.\n", encoding="utf-8")
    args = ["--store", str(tmp_path / "s.sqlite3"), "batch", str(text), "--engine", "ray"]
    result = CliRunner().invoke(_cli(), args)  # type: ignore[arg-type]
    assert result.exit_code != 0
    assert "pip install 'workbench[ray]'" in result.output
    assert "Traceback" not in result.output
    bad = CliRunner().invoke(_cli(), [*args[:4], "--address", "auto"])  # type: ignore[arg-type]
    assert bad.exit_code == 2 and "--engine ray" in bad.output
