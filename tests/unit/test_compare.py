"""compare: scores from shared statistics, sacrebleu's significance, drift, reports.

Every number is checked against sacrebleu itself (its metrics and its
``PairedTest``) on small inline systems; the real corpora are in
tests/integration/test_compare_corpora.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from workbench.compare import (
    CompareInput,
    Leg,
    SystemOutputs,
    compare,
    inputs_from_files,
    system_names,
)
from workbench.errors import InputError
from workbench.metrics import score_corpus, score_segments
from workbench.report import FORMATS, render
from workbench.results import Flag, Severity, Span

CITIES = ["Tripoli", "Benghazi", "Moscow", "Cairo", "Tunis", "Sirte", "Misrata", "Derna"]
THINGS = ["schools", "bridges", "clinics", "roads", "ports", "wells", "farms", "markets"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def _sentences(n: int) -> list[str]:
    out = []
    for i in range(n):
        city, thing, day = CITIES[i % 8], THINGS[(i * 3) % 8], DAYS[i % 6]
        words = " and the council said more would follow" if i % 3 == 0 else ""
        out.append(f"On {day} the committee in {city} approved {i + 2} new {thing}{words}.")
    return out


SOURCE = _sentences(40)
# A good system: small rewordings in a few segments.
GOOD = [s.replace("approved", "passed") if i % 5 == 0 else s for i, s in enumerate(SOURCE)]
# A bad system: words dropped and reordered everywhere.
BAD = [" ".join(reversed(s.split()[2:])) for s in SOURCE]


def _inputs(systems: dict[str, list[str]], refs: list[str] = SOURCE) -> CompareInput:
    outs = tuple(SystemOutputs(name, tuple(lines)) for name, lines in systems.items())
    return CompareInput(
        tuple(SOURCE),
        "source.en",
        outs,
        (
            Leg(
                "reference", "outputs vs ref", "ref.en", tuple(refs), tuple(o.outputs for o in outs)
            ),
        ),
    )


@pytest.mark.parametrize(
    ("files", "reference", "names"),
    [
        (
            ["flores-dev.google.en", "flores-dev.nllb.en"],
            "flores-dev.en",
            ["google", "nllb"],
        ),
        (["flores-dev.google.en"], "flores-dev.en", ["google"]),
        (
            ["out/iwslt17.bergamot-base-memory.en", "out/iwslt17.bergamot-base.en"],
            "iwslt17.en",
            ["bergamot-base-memory", "bergamot-base"],
        ),
        (["a.txt", "b.txt"], None, ["a", "b"]),
        (["same.en"], None, ["same.en"]),
    ],
)
def test_system_names_are_the_parts_files_do_not_share(
    files: list[str], reference: str | None, names: list[str]
) -> None:
    assert system_names(files, reference) == names


def test_corpus_and_segment_scores_equal_sacrebleus() -> None:
    result = compare(_inputs({"bad": BAD, "good": GOOD}), tests=(), detect=False)
    leg = result.legs[0]
    for name, lines in (("bad", BAD), ("good", GOOD)):
        expected = score_corpus(lines, SOURCE)
        per_segment = score_segments(lines, SOURCE)
        got = leg.system(name)
        for metric in ("bleu", "chrf", "ter"):
            assert got.scores[metric].value == pytest.approx(expected[metric].value, abs=1e-9)
            assert got.scores[metric].signature == expected[metric].signature
            assert got.segment_scores[metric] == pytest.approx(
                [row[metric] for row in per_segment], abs=1e-9
            )
    assert "eff:yes" in leg.segment_signatures["bleu"]
    assert "eff:no" in leg.system("bad").scores["bleu"].signature


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_significance_equals_sacrebleus_paired_test(test: str) -> None:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER
    from sacrebleu.significance import PairedTest

    middling = [g if i % 2 else b for i, (g, b) in enumerate(zip(GOOD, BAD, strict=True))]
    systems = {"bad": BAD, "good": GOOD, "middling": middling}
    result = compare(_inputs(systems), tests=(test,), bs_samples=200, ar_samples=500, detect=False)
    refs = [SOURCE]
    metrics = {
        "BLEU": BLEU(references=refs),
        "chrF2": CHRF(references=refs),
        "TER": TER(references=refs),
    }
    signatures, expected = PairedTest(
        list(systems.items()), metrics, None, test, 200 if test == "bs" else 500
    )()
    leg = result.legs[0]
    for key, name in (("bleu", "BLEU"), ("chrf", "chrF2"), ("ter", "TER")):
        for i, system in enumerate(systems):
            ours = leg.system(system).scores[key]
            theirs = expected[name][i]
            assert not isinstance(theirs, str)
            paired = ours.test(test)
            assert paired is not None
            assert ours.value == pytest.approx(theirs.score, abs=1e-9)
            assert paired.p_value == theirs.p_value
            assert paired.mean == (None if theirs.mean is None else pytest.approx(theirs.mean))
            assert paired.ci == (None if theirs.ci is None else pytest.approx(theirs.ci))
            assert paired.signature == signatures[name].format()
    signature = leg.system("good").scores["bleu"].paired[0].signature
    assert "seed:12345" in signature and f"{test}:{200 if test == 'bs' else 500}" in signature


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_clearly_better_system_is_significant_and_identical_one_is_not(test: str) -> None:
    systems = {"bad": BAD, "good": GOOD, "copy": list(BAD)}
    result = compare(_inputs(systems), tests=(test,), bs_samples=300, ar_samples=300, detect=False)
    leg = result.legs[0]
    for metric in ("bleu", "chrf", "ter"):
        good = leg.system("good").scores[metric]
        copy = leg.system("copy").scores[metric]
        assert good.significant(result.alpha) is True, (metric, good.paired)
        assert copy.significant(result.alpha) is False
        copy_test = copy.test(test)
        assert copy_test is not None and copy_test.p_value == 1.0
        assert "identical" in copy_test.note
        assert leg.system("bad").scores[metric].significant() is None  # the baseline
    assert {(s, t) for _, s, _, t in result.significant_differences()} == {("good", test)}


def test_baseline_can_be_chosen_and_comes_first() -> None:
    result = compare(_inputs({"bad": BAD, "good": GOOD}), baseline="good", detect=False)
    assert result.baseline == "good" and result.systems == ("good", "bad")
    assert result.legs[0].systems[0].scores["bleu"].paired[0].p_value is None
    with pytest.raises(InputError, match="no such system"):
        compare(_inputs({"bad": BAD}), baseline="nope", detect=False)


def _flag(kind: str, segment: int, detail: str = "d") -> Flag:
    return Flag(kind, segment, Span(0, 2, "On"), Span(0, 2, "On"), Severity.WARNING, detail, "t")


def test_stored_flags_are_counted_per_kind_and_differences_listed() -> None:
    flags = {
        "bad": (_flag("name-drift", 1), _flag("name-drift", 2), _flag("omission", 2)),
        "good": (_flag("name-drift", 1, "only the same"), _flag("number-mismatch", 5, "5 -> 6")),
    }
    outs = tuple(
        SystemOutputs(name, tuple(lines), flags=flags[name])
        for name, lines in (("bad", BAD), ("good", GOOD))
    )
    inputs = CompareInput(
        tuple(SOURCE),
        "source.en",
        outs,
        (Leg("reference", "t", "ref", tuple(SOURCE), tuple(o.outputs for o in outs)),),
    )
    result = compare(inputs, tests=(), kinds=["name-drift", "omission", "number-mismatch"])
    assert result.flags_from == "flags stored with the runs"
    assert result.flag_counts == {
        "bad": {"name-drift": 2, "omission": 1, "number-mismatch": 0},
        "good": {"name-drift": 1, "omission": 0, "number-mismatch": 1},
    }
    # (segment, kind) pairs only one system has: bad 2x name-drift/omission, good 5.
    assert result.unique_flags == {"bad": 2, "good": 1}
    by_key = {(d.index, d.kind): d for d in result.flag_differences}
    assert set(by_key) == {(2, "name-drift"), (2, "omission"), (5, "number-mismatch")}
    number = by_key[(5, "number-mismatch")]
    assert number.present == ("good",) and number.absent == ("bad",)
    assert number.source == SOURCE[5] and dict(number.outputs)["good"] == GOOD[5]
    assert dict(number.details) == {"good": "5 -> 6"}
    # Flag buckets score exactly the flagged segments.
    bucket = next(b for b in result.legs[0].flag_buckets if b.label == "name-drift")
    assert bucket.segments == {"bad": 2, "good": 1}
    expected = score_corpus([BAD[1], BAD[2]], [SOURCE[1], SOURCE[2]])
    assert bucket.scores["bad"]["chrf"] == pytest.approx(expected["chrf"].value)


def test_detectors_run_when_systems_have_no_stored_flags() -> None:
    source = ["Yevgeny Prigozhin met Khalifa Haftar in Benghazi on 3 May."] * 2
    outputs = {
        "drifting": ["Yevgeny Prezhugin met Khalifa Hifter in Benghazi on 3 May."] * 2,
        "faithful": list(source),
    }
    outs = tuple(SystemOutputs(n, tuple(o)) for n, o in outputs.items())
    inputs = CompareInput(
        tuple(source),
        "s",
        outs,
        (Leg("reference", "t", "r", tuple(source), tuple(o.outputs for o in outs)),),
    )
    result = compare(inputs, tests=(), kinds=["name-drift"])
    assert result.flags_from == "detectors run now (embedding model off)"
    assert result.flag_counts["drifting"]["name-drift"] >= 2
    assert result.flag_counts["faithful"]["name-drift"] == 0
    assert compare(inputs, tests=(), detect=False).flag_counts == {"drifting": {}, "faithful": {}}


def test_length_buckets_partition_the_segments() -> None:
    refs = [" ".join(["word"] * n) + "." for n in (3, 9, 10, 11, 25, 41, 60)]
    outs = [r.replace("word", "ward", 1) for r in refs]
    inputs = CompareInput(
        tuple(refs),
        "s",
        (SystemOutputs("x", tuple(outs)),),
        (Leg("reference", "t", "r", tuple(refs), (tuple(outs),)),),
    )
    result = compare(inputs, tests=(), detect=False)
    buckets = {b.label: b.segments["x"] for b in result.legs[0].length_buckets}
    assert buckets == {"up to 10 words": 3, "11-20 words": 1, "21-30 words": 1, "over 40 words": 2}
    first = result.legs[0].length_buckets[0]
    assert first.scores["x"]["bleu"] == pytest.approx(
        score_corpus(outs[:3], refs[:3])["bleu"].value
    )


def test_disagreement_lists_the_widest_spread_first_with_every_text() -> None:
    other = list(GOOD)
    other[7] = "Nothing of the kind happened anywhere."
    result = compare(_inputs({"good": GOOD, "other": other}), tests=(), detect=False, top=3)
    top = result.disagreements[0]
    assert top.index == 7 and top.metric == "chrf"
    assert dict((s, t) for s, t, _ in top.outputs) == {"good": GOOD[7], "other": other[7]}
    scores = [v for _, _, v in top.outputs]
    assert top.spread == pytest.approx(max(scores) - min(scores)) and top.spread > 50
    assert top.source == SOURCE[7] and len(result.disagreements) == 3


def test_worker_processes_give_the_same_result_as_one_process() -> None:
    systems = {"bad": BAD, "good": GOOD, "again": GOOD[::-1]}
    one = compare(_inputs(systems), bs_samples=100, kinds=["number-mismatch"], jobs=1)
    two = compare(_inputs(systems), bs_samples=100, kinds=["number-mismatch"], jobs=2)
    assert one.legs == two.legs
    assert one.flag_counts == two.flag_counts


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_inputs_from_files_name_systems_and_check_alignment(tmp_path: Path) -> None:
    ref = _write(tmp_path / "set.en", SOURCE)
    good = _write(tmp_path / "set.good.en", GOOD)
    bad = _write(tmp_path / "set.bad.en", BAD)
    inputs = inputs_from_files(ref, [good, bad])
    assert [s.name for s in inputs.systems] == ["good", "bad"]
    assert len(inputs.legs) == 1 and "round-trip" in inputs.legs[0].title
    short = _write(tmp_path / "set.short.en", GOOD[:-1])
    with pytest.raises(InputError, match="not line-aligned"):
        inputs_from_files(ref, [good, short])
    with pytest.raises(InputError, match="two systems are named"):
        inputs_from_files(ref, [good, bad], names=["x", "x"])
    # A source that differs from the reference adds a round-trip leg against it.
    other = _write(tmp_path / "orig.en", [s.upper() for s in SOURCE])
    two = inputs_from_files(ref, [good, bad], source=other)
    assert [leg.key for leg in two.legs] == ["reference", "round-trip"]
    assert two.sources[0] == SOURCE[0].upper()


@pytest.fixture(scope="module")
def report_result() -> object:
    nasty = list(GOOD)
    nasty[3] = 'He wrote <script>alert("x")</script> & <img src="https://evil.example/x.png">'
    flags = {
        "bad": (_flag("name-drift", 3, "<b>bold</b>"),),
        "nasty <i>": (),
    }
    outs = tuple(
        SystemOutputs(name, tuple(lines), flags=flags[name])
        for name, lines in (("bad", BAD), ("nasty <i>", nasty))
    )
    inputs = CompareInput(
        tuple(SOURCE),
        "source.en",
        outs,
        (
            Leg(
                "reference",
                "outputs vs ref",
                "ref.en",
                tuple(SOURCE),
                tuple(o.outputs for o in outs),
            ),
        ),
    )
    return compare(inputs, tests=("bs", "ar"), bs_samples=100, ar_samples=100, kinds=["name-drift"])


def test_json_report_holds_the_numbers(report_result: object) -> None:
    from workbench.compare import CompareResult

    assert isinstance(report_result, CompareResult)
    data = json.loads(render(report_result, "json"))
    leg = report_result.legs[0]
    bleu = leg.system("nasty <i>").scores["bleu"]
    got = data["legs"][0]["systems"]["nasty <i>"]["bleu"]
    assert got["score"] == bleu.value and got["signature"] == bleu.signature
    assert got["paired"]["bs"]["p_value"] == bleu.test("bs").p_value  # type: ignore[union-attr]
    assert got["paired"]["ar"]["p_value"] == bleu.test("ar").p_value  # type: ignore[union-attr]
    assert data["drift"]["counts"] == {"bad": {"name-drift": 1}, "nasty <i>": {"name-drift": 0}}
    assert data["baseline"] == "bad" and data["segments"] == len(SOURCE)
    assert data["disagreements"][0]["outputs"][0]["system"] == "bad"


def test_csv_report_is_one_tidy_table(report_result: object) -> None:
    from workbench.compare import CompareResult
    from workbench.report.tables import CSV_COLUMNS

    assert isinstance(report_result, CompareResult)
    rows = list(csv.DictReader(io.StringIO(render(report_result, "csv"))))
    assert rows and list(rows[0]) == list(CSV_COLUMNS)
    score = next(
        r
        for r in rows
        if r["section"] == "score" and r["system"] == "bad" and r["metric"] == "chrf"
    )
    expected = report_result.legs[0].system("bad").scores["chrf"].value
    assert float(score["value"]) == expected
    flags = next(r for r in rows if r["section"] == "flags" and r["system"] == "bad")
    assert (flags["item"], flags["value"]) == ("name-drift", "1")
    assert {r["section"] for r in rows} >= {"score", "length", "flags"}


def test_markdown_report_shows_scores_and_signatures(report_result: object) -> None:
    from workbench.compare import CompareResult

    assert isinstance(report_result, CompareResult)
    text = render(report_result, "md")
    chrf = report_result.legs[0].system("bad").scores["chrf"]
    assert f"{chrf.value:.1f}" in text and chrf.signature in text
    assert "## Drift flags per kind" in text and "| bad | 1 |" in text


def test_html_report_is_self_contained_and_escapes_data(report_result: object) -> None:
    from workbench.compare import CompareResult

    assert isinstance(report_result, CompareResult)
    page = render(report_result, "html")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") >= 3
    # Nothing to fetch: no attribute or CSS that loads from elsewhere.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "url(" not in page and "@import" not in page and "<script" not in page
    assert "<link" not in page and "<img" not in page
    # Data is shown, escaped.
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "nasty &lt;i&gt;" in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    bleu = report_result.legs[0].system("bad").scores["bleu"]
    assert f"{bleu.value:.1f}" in page and bleu.signature in page
    # Every plot is well-formed SVG with one bar or box per system.
    from xml.etree import ElementTree

    plots = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(plots) >= 3
    for plot in plots:
        root = ElementTree.fromstring(plot)
        assert root.tag == "svg" and root.findall(".//rect")


def test_every_format_renders(report_result: object) -> None:
    from workbench.compare import CompareResult

    assert isinstance(report_result, CompareResult)
    for fmt in FORMATS:
        assert render(report_result, fmt).strip()
    with pytest.raises(ValueError, match="unknown report format"):
        render(report_result, "pdf")


def _cli() -> object:
    from workbench.cli import cli
    from workbench.cli.compare import COMMANDS

    for command in COMMANDS:
        if command.name not in cli.commands:
            cli.add_command(command)
    return cli


def test_cli_compare_files_in_every_format(tmp_path: Path) -> None:
    from click.testing import CliRunner

    ref = _write(tmp_path / "set.en", SOURCE)
    good = _write(tmp_path / "set.good.en", GOOD)
    bad = _write(tmp_path / "set.bad.en", BAD)
    base = ["--store", str(tmp_path / "s.sqlite3"), "compare", "--ref", str(ref)]
    args = [*base, str(bad), f"better={good}", "--kinds", "name-drift", "--paired-bs-n", "100"]
    table = CliRunner().invoke(_cli(), args)  # type: ignore[arg-type]
    assert table.exit_code == 0, table.output
    assert "better" in table.output and "p=0.0" in table.output and "nrefs:1" in table.output
    as_json = CliRunner().invoke(_cli(), [*args, "-f", "json"])  # type: ignore[arg-type]
    data = json.loads(as_json.output)
    assert [s["name"] for s in data["systems"]] == ["bad", "better"]
    assert data["legs"][0]["systems"]["better"]["chrf"]["paired"]["bs"]["significant"] is True
    page = tmp_path / "out.html"
    written = CliRunner().invoke(_cli(), [*args, "-f", "html", "-o", str(page)])  # type: ignore[arg-type]
    assert written.exit_code == 0 and page.read_text(encoding="utf-8").startswith("<!DOCTYPE")


def test_cli_compare_errors_are_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    ref = _write(tmp_path / "set.en", SOURCE)
    short = _write(tmp_path / "set.short.en", GOOD[:5])
    store = ["--store", str(tmp_path / "s.sqlite3")]
    no_mode = CliRunner().invoke(_cli(), [*store, "compare", str(short)])  # type: ignore[arg-type]
    assert no_mode.exit_code == 2 and "--ref" in no_mode.output
    misaligned = CliRunner().invoke(_cli(), [*store, "compare", "--ref", str(ref), str(short)])  # type: ignore[arg-type]
    assert misaligned.exit_code == 3 and "not line-aligned" in misaligned.output
    assert "Traceback" not in misaligned.output
    no_runs = CliRunner().invoke(_cli(), [*store, "compare", "--text", "nothing.txt"])  # type: ignore[arg-type]
    assert no_runs.exit_code == 3 and "no complete run" in no_runs.output
