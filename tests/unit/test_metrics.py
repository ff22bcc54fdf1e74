"""The metrics family: known values, signatures, edge cases, and agreement with
the sacrebleu CLI.

Known values are either hand-computed (the formula is next to the number) or
taken from sacrebleu's own test suite (``test/test_sentence_bleu.py``,
``test_chrf.py``, ``test_ter.py``), restricted to cases that use this module's
defaults or an option it exposes.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sacrebleu
from sacrebleu.metrics.bleu import BLEU as SacreBLEU

from workbench.metrics import (
    DEFAULT_METRICS,
    METRICS,
    get_metric,
    metric_class,
    score_corpus,
    score_segments,
)
from workbench.metrics.base import Metric
from workbench.metrics.bleu import BleuMetric
from workbench.results import Score

VERSION = sacrebleu.__version__

# sacrebleu issue #98, used by sacrebleu's test_sentence_bleu.py
RO_REF = "producţia de zahăr brut se exprimă în zahăr alb;"
RO_SYS = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;"

# (options, hypothesis, reference, expected sentence score)
SENTENCE_CASES: dict[str, list[tuple[dict[str, object], str, str, float]]] = {
    "bleu": [
        # p1..p4 = 3/4, 2/3, 1/2, and 0/1 smoothed by 'exp' to 1/2; BP = 1
        ({}, "this is a fest", "this is a test", 100 * (3 / 4 * 2 / 3 * 1 / 2 * 1 / 2) ** 0.25),
        # effective order: only unigrams exist, p1 = 1; BP = exp(1 - 2/1)
        ({}, "test", "a test", 100 * math.exp(-1)),
        # p1 = 2/3, p2 = 0/2 -> 1/(2*2), p3 = 0/1 -> 1/(4*1); 3 orders; BP = 1
        ({}, "a little test", "a test", 100 * (2 / 3 * 1 / 4 * 1 / 4) ** (1 / 3)),
        # no matching unigram: 0 whatever the smoothing (sacrebleu #141)
        ({}, "this is a cat", "okay thanks", 0.0),
        # sacrebleu test_sentence_bleu.py
        ({}, RO_SYS, RO_REF, 8.493),
        ({"tokenize": "none"}, RO_SYS, RO_REF, 7.347),
        ({"tokenize": "intl"}, RO_SYS, RO_REF, 8.493),
        ({"tokenize": "char"}, RO_SYS, RO_REF, 40.8759),
        ({"tokenize": "char", "lowercase": True}, RO_SYS, RO_REF, 42.0267),
        ({"smooth_method": "floor"}, RO_SYS, RO_REF, 4.51688),
        ({"smooth_method": "add-k", "smooth_value": 2}, RO_SYS, RO_REF, 21.389),
    ],
    "chrf": [
        # orders 1-2 only: P = (1/2 + 0)/2 = 1/4, R = 1/4, so F = 1/4
        ({}, "aa", "ab", 25.0),
        # P = (2/2 + 1/1)/2 = 1, R = (2/3 + 1/2)/2 = 7/12; F_b = (1+b²)PR / (b²P + R)
        ({}, "ab", "abc", 100 * 5 * (7 / 12) / (4 + 7 / 12)),
        ({"beta": 1}, "ab", "abc", 100 * 2 * (7 / 12) / (1 + 7 / 12)),
        ({"beta": 3}, "ab", "abc", 100 * 10 * (7 / 12) / (9 + 7 / 12)),
        # whitespace is ignored by default
        ({}, "a b c", "abc", 100.0),
        ({"lowercase": True}, "ABC", "abc", 100.0),
        ({}, "abcdefg", "hijklmnop", 0.0),
    ],
    "ter": [
        ({}, "aaaa bbbb cccc dddd", "aaaa bbbb cccc dddd", 0.0),
        ({}, "dddd eeee ffff", "aaaa bbbb cccc", 100.0),
        # one block shift out of 8 reference words
        ({}, "d e f g h a b c", "a b c d e f g h", 12.5),
        # three insertions out of 6 reference words
        ({}, "the cat sat", "the cat sat on the mat", 50.0),
        # case-insensitive by default
        ({}, "The Cat", "the cat", 0.0),
        ({"case_sensitive": True}, "The Cat", "the cat", 100.0),
    ],
}

# (metric, options, hypotheses, references, expected corpus score)
CORPUS_CASES: list[tuple[str, dict[str, object], list[str], list[str], float]] = [
    # n-gram counts summed over both lines: 8/9, 6/7, 4/5, 3/3; BP = exp(1 - 10/9)
    (
        "bleu",
        {},
        ["the cat sat on the mat", "a dog barked"],
        ["the cat sat on the mat", "the dog barked loudly"],
        100 * math.exp(-1 / 9) * (8 / 9 * 6 / 7 * 4 / 5) ** 0.25,
    ),
    # corpus BLEU has no effective order: with no 2-grams at all the score is 0
    ("bleu", {}, ["test"], ["a test"], 0.0),
    ("bleu", {}, ["this is a fest"], ["this is a test"], 100 * 0.125**0.25),
    # P and R are equal on both lines: (1/1 on "a", 0 on "b") summed -> 1/2
    ("chrf", {}, ["a", "b"], ["a", "c"], 50.0),
    # edits and reference words are summed: 1 substitution / 5 words
    ("ter", {}, ["a b c", "x y"], ["a b d", "x y"], 20.0),
]


def _sentence_params() -> list[object]:
    return [
        pytest.param(name, options, hyp, ref, expected, id=f"{name}-{i}")
        for name, cases in SENTENCE_CASES.items()
        for i, (options, hyp, ref, expected) in enumerate(cases)
    ]


@pytest.mark.parametrize(("name", "options", "hyp", "ref", "expected"), _sentence_params())
def test_sentence_scores_known_values(
    name: str, options: dict[str, object], hyp: str, ref: str, expected: float
) -> None:
    (value,) = get_metric(name, **options).sentence_scores([hyp], [ref])
    assert value == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(("name", "options", "hyps", "refs", "expected"), CORPUS_CASES)
def test_corpus_score_known_values(
    name: str, options: dict[str, object], hyps: list[str], refs: list[str], expected: float
) -> None:
    score = get_metric(name, **options).corpus_score(hyps, refs)
    assert score.metric == name
    assert score.value == pytest.approx(expected, abs=1e-6)


def test_ter_corpus_known_value_from_sacrebleu_tests() -> None:
    # sacrebleu test_ter.py: realistic WMT 2019 dev data, TER 0.136
    hyps = [
        'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit das Bild ungefähr dieselbe Größe aufweist wie die andere Größe .',  # noqa: E501
        'wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option " Alle Aufgaben aktualisieren . "',  # noqa: E501
        'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie Werte für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " ein .',  # noqa: E501
        "Sie können beispielsweise ein Dokument erstellen , das ein Auto über die Bühne enthält .",
        'wählen Sie im Dialogfeld " Neu aus Vorlage " eine Vorlage aus und klicken Sie auf " Neu . "',  # noqa: E501
    ]
    refs = [
        'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit die Darstellung des Bildes in einer anderen Größe beibehalten wird .',  # noqa: E501
        'wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option " Alle Aufgaben aktualisieren . "',  # noqa: E501
        'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " niedrigere Werte ein .',  # noqa: E501
        "Sie können beispielsweise ein Dokument erstellen , das ein Auto enthalt , das sich über die Bühne bewegt .",  # noqa: E501
        'wählen Sie im Dialogfeld " Neu aus Vorlage " eine Vorlage aus und klicken Sie auf " Neu . "',  # noqa: E501
    ]
    assert get_metric("ter").corpus_score(hyps, refs).value == pytest.approx(13.6, abs=1e-3)


IDENTICAL = [
    "The cat sat on the mat.",
    "Wagner's leader Yevgeny Prigozhin met Khalifa Haftar in Benghazi on 12 May.",
    "قال المشير خليفة حفتر إن القوات الروسية ستبقى في ليبيا.",
]


@pytest.mark.parametrize("text", IDENTICAL)
def test_identical_strings_score_perfectly(text: str) -> None:
    # exp(log(1)) in BLEU's geometric mean can land a hair above 100
    perfect = pytest.approx({"chrf": 100.0, "bleu": 100.0, "ter": 0.0}, abs=1e-9)
    (row,) = score_segments([text], [text])
    assert row == perfect
    corpus = score_corpus([text, text], [text, text])
    assert {name: s.value for name, s in corpus.items()} == perfect


def test_one_word_identical_is_100_at_sentence_level_only() -> None:
    # Sentence BLEU uses effective order; corpus BLEU (sacrebleu's default) does not.
    assert get_metric("bleu").sentence_scores(["Haftar"], ["Haftar"]) == [pytest.approx(100.0)]
    assert get_metric("bleu").corpus_score(["Haftar"], ["Haftar"]).value == 0.0


# (hypothesis, reference) -> expected {metric: value}
EMPTY_CASES = [
    ("", "x", {"bleu": 0.0, "chrf": 0.0, "ter": 100.0}),
    ("x", "", {"bleu": 0.0, "chrf": 0.0, "ter": 100.0}),
    ("", "", {"bleu": 0.0, "chrf": 0.0, "ter": 0.0}),
    ("", "Haftar met Prigozhin in Moscow.", {"bleu": 0.0, "chrf": 0.0, "ter": 100.0}),
]


@pytest.mark.parametrize(("hyp", "ref", "expected"), EMPTY_CASES)
def test_empty_strings_do_not_crash(hyp: str, ref: str, expected: dict[str, float]) -> None:
    assert score_segments([hyp], [ref]) == [expected]
    corpus = score_corpus([hyp], [ref])
    # one line: the corpus score is the sentence score
    assert {name: s.value for name, s in corpus.items()} == expected


def test_empty_line_among_others_counts_against_the_corpus() -> None:
    full = get_metric("bleu").corpus_score(["the cat sat on the mat"], ["the cat sat on the mat"])
    with_gap = get_metric("bleu").corpus_score(
        ["the cat sat on the mat", ""], ["the cat sat on the mat", "a dog barked at the postman"]
    )
    assert full.value == pytest.approx(100.0)
    # the missing line shortens the output: brevity penalty exp(1 - 12/6)
    assert with_gap.value == pytest.approx(100 * math.exp(-1))


@pytest.mark.parametrize("name", sorted(METRICS))
def test_length_mismatch_is_a_clear_value_error(name: str) -> None:
    metric = get_metric(name)
    message = "cannot score 2 hypotheses against 3 references"
    with pytest.raises(ValueError, match=message):
        metric.sentence_scores(["a", "b"], ["a", "b", "c"])
    with pytest.raises(ValueError, match=message):
        metric.corpus_score(["a", "b"], ["a", "b", "c"])
    with pytest.raises(ValueError, match=message):
        score_segments(["a", "b"], ["a", "b", "c"], metrics=[name])
    with pytest.raises(ValueError, match=message):
        score_corpus(["a", "b"], ["a", "b", "c"], metrics=[name])


def test_a_bare_string_is_rejected() -> None:
    with pytest.raises(TypeError, match="hypotheses must be a sequence of strings"):
        score_segments("abc", ["a", "b", "c"])
    with pytest.raises(TypeError, match="references must be a sequence of strings"):
        score_corpus(["a", "b", "c"], "abc")


def test_empty_sets() -> None:
    assert score_segments([], []) == []
    assert get_metric("ter").sentence_scores([], []) == []
    with pytest.raises(ValueError, match="empty set of segments"):
        get_metric("chrf").corpus_score([], [])


def test_signatures() -> None:
    bleu = BleuMetric()
    assert bleu.signature() == f"nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:{VERSION}"
    assert bleu.sentence_signature() == (
        f"nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:{VERSION}"
    )
    assert get_metric("chrf").signature() == (
        f"nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:{VERSION}"
    )
    assert get_metric("ter").signature() == (
        f"nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:{VERSION}"
    )
    # options show up in the signature
    assert "tok:intl" in get_metric("bleu", tokenize="intl").signature()
    assert "case:lc" in get_metric("bleu", lowercase=True).signature()
    assert "nw:2" in get_metric("chrf", word_order=2).signature()
    assert "case:mixed" in get_metric("ter", case_sensitive=True).signature()


def test_corpus_scores_carry_the_signature() -> None:
    scores = score_corpus(["the cat sat on the mat"], ["the cat is on the mat"])
    for name, score in scores.items():
        assert isinstance(score, Score)
        assert score.metric == name
        assert score.signature == get_metric(name).signature()
        assert score.signature.startswith("nrefs:1|")


def test_arabic_reference_uses_13a_like_sacrebleu() -> None:
    hyp = ["قال حفتر إن القوات ستنسحب من سرت."]
    ref = ["قال حفتر إن القوات سوف تنسحب من سرت."]
    default = get_metric("bleu")
    arabic = get_metric("bleu", trg_lang="ar")
    assert "tok:13a" in arabic.signature()
    assert arabic.corpus_score(hyp, ref) == default.corpus_score(hyp, ref)
    direct = SacreBLEU().corpus_score(hyp, [ref]).score
    assert default.corpus_score(hyp, ref).value == direct


def test_registry() -> None:
    assert set(METRICS) == {"bleu", "chrf", "ter"}
    assert set(DEFAULT_METRICS) == set(METRICS)
    for name in METRICS:
        cls = metric_class(name)
        assert issubclass(cls, Metric)
        assert cls.name == name
        assert isinstance(get_metric(name), cls)
    assert metric_class("ter").higher_is_better is False
    assert metric_class("bleu").higher_is_better is True
    assert metric_class("chrf").higher_is_better is True
    with pytest.raises(KeyError, match="unknown metric 'meteor'; choose from bleu, chrf, ter"):
        get_metric("meteor")


def test_bad_options_fail_early() -> None:
    with pytest.raises(ValueError, match="unknown BLEU tokenizer 'moses'"):
        get_metric("bleu", tokenize="moses")
    with pytest.raises(ValueError, match="unknown BLEU smoothing 'laplace'"):
        get_metric("bleu", smooth_method="laplace")
    with pytest.raises(TypeError):
        get_metric("chrf", tokenize="13a")


def test_score_functions_take_names_or_instances() -> None:
    hyps = ["Prezhugin met Hifter.", "The cat sat on the mat."]
    refs = ["Prigozhin met Haftar.", "The cat is on the mat."]
    lowercase = get_metric("bleu", lowercase=True)
    rows = score_segments(hyps, refs, metrics=["chrf", lowercase])
    assert [set(r) for r in rows] == [{"chrf", "bleu"}, {"chrf", "bleu"}]
    assert [r["bleu"] for r in rows] == lowercase.sentence_scores(hyps, refs)
    assert [r["chrf"] for r in rows] == get_metric("chrf").sentence_scores(hyps, refs)
    corpus = score_corpus(hyps, refs, metrics=["ter"])
    assert list(corpus) == ["ter"]
    with pytest.raises(ValueError, match="each metric may appear once"):
        score_corpus(hyps, refs, metrics=["bleu", lowercase])


def test_chrf_rewards_a_near_miss_spelling_more_than_bleu() -> None:
    # Why chrF is the per-sentence signal for name drift: a respelled name keeps
    # most of its character n-grams but none of its word n-grams.
    ref = ["Wagner chief Yevgeny Prigozhin visited Haftar."]
    near = ["Wagner chief Yevgeny Prezhugin visited Haftar."]
    far = ["Wagner chief Yevgeny Smith visited Haftar."]
    chrf = get_metric("chrf")
    bleu = get_metric("bleu")
    assert chrf.sentence_scores(near, ref)[0] > chrf.sentence_scores(far, ref)[0]
    assert bleu.sentence_scores(near, ref) == bleu.sentence_scores(far, ref)


def test_importing_the_registry_does_not_import_sacrebleu() -> None:
    code = (
        "import sys, workbench.metrics as m; "
        "assert sorted(m.METRICS) == ['bleu', 'chrf', 'ter']; "
        "print(any(n == 'sacrebleu' or n.startswith('sacrebleu.') for n in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- sacrebleu CLI

CLI_HYPS = [
    "The cat sat on the mat.",
    "Wagner's leader, Yevgeny Prezhugin, met Khalifa Hifter in Benghazi.",
    "",
    "Hello world",
    "Russia sent 1,200 mercenary-med fighters to Libya in 2019.",
    "قال حفتر إن القوات ستنسحب.",
    "d e f g h a b c",
    "They said that the agreement, which was signed in Moscow, would not hold.",
]
CLI_REFS = [
    "The cat is on the mat.",
    "Wagner's leader, Yevgeny Prigozhin, met Khalifa Haftar in Benghazi.",
    "Nothing came back for this line.",
    "Hello there world",
    "Russia sent 1,200 mercenary-led fighters to Libya in 2019.",
    "قال حفتر إن القوات سوف تنسحب.",
    "a b c d e f g h",
    "The agreement signed in Moscow would not hold, they said.",
]


def _sacrebleu_cli(ref: Path, hyp: Path, *args: str) -> list[str]:
    """The numbers the sacrebleu CLI prints, as strings, in order.

    ``sys.executable -m sacrebleu`` runs the CLI of the very sacrebleu this
    interpreter imports, whatever else is on PATH.
    """
    cmd = [sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), *args, "-b", "-w", "2"]
    out = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=True)
    return re.findall(r"-?\d+\.\d+", out.stdout)


@pytest.fixture
def cli_files(tmp_path: Path) -> tuple[Path, Path]:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\n".join(CLI_HYPS) + "\n", encoding="utf-8")
    ref.write_text("\n".join(CLI_REFS) + "\n", encoding="utf-8")
    return hyp, ref


def test_corpus_scores_equal_the_sacrebleu_cli(cli_files: tuple[Path, Path]) -> None:
    hyp, ref = cli_files
    cli = _sacrebleu_cli(ref, hyp, "-m", "bleu", "chrf", "ter")
    ours = score_corpus(CLI_HYPS, CLI_REFS, metrics=("bleu", "chrf", "ter"))
    assert len(cli) == 3
    assert [f"{ours[m].value:.2f}" for m in ("bleu", "chrf", "ter")] == cli


@pytest.mark.parametrize("name", ["bleu", "chrf", "ter"])
def test_sentence_scores_equal_the_sacrebleu_cli(cli_files: tuple[Path, Path], name: str) -> None:
    hyp, ref = cli_files
    # --sentence-level takes one metric at a time and switches BLEU to effective order
    cli = _sacrebleu_cli(ref, hyp, "-m", name, "--sentence-level")
    ours = get_metric(name).sentence_scores(CLI_HYPS, CLI_REFS)
    assert len(cli) == len(CLI_HYPS)
    assert [f"{v:.2f}" for v in ours] == cli


# -- the fast TER shift search ---------------------------------------------------------
# workbench.metrics.fast_ter must give sacrebleu's edit counts exactly (the
# shifts it picks, its beam, its 1,000-candidate limit), so every TER and every
# bootstrap resample of it is the sacrebleu CLI's.


def _ter_pairs_random(seed: int, count: int) -> list[tuple[list[str], list[str]]]:
    """Word sequences built to need shifts: blocks of the reference moved
    around, a few words changed, small vocabularies (many equal words, so many
    candidate shifts and ties), and lengths from empty to far apart."""
    import random

    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        vocab = rng.choice([2, 3, 5, 12, 40])
        n_ref = rng.choice([0, 1, 2, 4, 9, 17, 30])
        ref = [f"w{rng.randrange(vocab)}" for _ in range(n_ref)]
        if ref and rng.random() < 0.6:
            hyp = list(ref)
            for _ in range(rng.randrange(1, 5)):
                a = rng.randrange(len(hyp))
                block = hyp[a : a + rng.randrange(1, 8)]
                del hyp[a : a + len(block)]
                at = rng.randrange(len(hyp) + 1)
                hyp[at:at] = block
            for _ in range(rng.randrange(0, 4)):
                hyp[rng.randrange(len(hyp))] = f"w{rng.randrange(vocab + 3)}"
        else:
            n_hyp = rng.choice([0, 1, 3, 8, 20, 30, n_ref, n_ref + 1])
            hyp = [f"w{rng.randrange(vocab)}" for _ in range(n_hyp)]
        pairs.append((hyp, ref))
    return pairs


def _w(text: str) -> list[str]:
    return text.split()


_TER_EDGE_CASES: list[tuple[list[str], list[str]]] = [
    ([], []),
    ([], ["a"]),
    (["a"], []),
    (["a", "b"], ["a", "b"]),
    (["b", "a"], ["a", "b"]),
    (_w("c d e a b"), _w("a b c d e")),
    # Lengths so far apart that sacrebleu widens its beam (ratio 60 > 2 * 25).
    (["a"] * 2, ["a", "b"] * 60),
    (["a", "b"] * 60, ["b"] * 2),
    # Two words in 40 places: sacrebleu stops at 1,000 candidate shifts.
    (
        _w("b b b a a b b a a a b b b b a b a a b a a b b b a b a b a a b a a b b b b b a a"),
        _w("a a a b b b a a a a a a a a b b a a b b a a b b a b a b a a b a a a a b b b a b"),
    ),
]


@pytest.mark.parametrize("seed", [1, 2])
def test_fast_ter_edit_counts_equal_sacrebleus_on_shuffled_words(seed: int) -> None:
    from sacrebleu.metrics.lib_ter import translation_edit_rate as sacrebleu_ter

    from workbench.metrics.fast_ter import translation_edit_rate

    pairs = _ter_pairs_random(seed, 80) + (_TER_EDGE_CASES if seed == 1 else [])
    for hyp, ref in pairs:
        assert translation_edit_rate(hyp, ref) == sacrebleu_ter(hyp, ref), (hyp, ref)


def test_fast_ter_reaches_the_candidate_limit_like_sacrebleu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sacrebleu.metrics import lib_ter

    from workbench.metrics.fast_ter import translation_edit_rate

    hyp, ref = _TER_EDGE_CASES[-1]
    # The case checks the limit only if sacrebleu reaches it: count its candidates.
    checked: list[int] = [0]
    shift = lib_ter._shift

    def counting(*args: Any) -> Any:
        result = shift(*args)
        checked.append(result[2])
        return result

    monkeypatch.setattr(lib_ter, "_shift", counting)
    expected = lib_ter.translation_edit_rate(hyp, ref)
    assert max(checked) >= lib_ter._MAX_SHIFT_CANDIDATES
    assert translation_edit_rate(hyp, ref) == expected


def test_fast_ter_equals_sacrebleu_on_real_mt_output() -> None:
    from sacrebleu.metrics.ter import TER

    from tests.corpora import SYSTEMS, TESTSETS, require
    from workbench.metrics.ter import FastTER

    folder, reference = TESTSETS["flores-dev"]
    refs = require(reference).read_text(encoding="utf-8").splitlines()[:100]
    for system in SYSTEMS[:3]:
        lines = require(folder / f"flores-dev.{system}.en").read_text(encoding="utf-8")
        hyps = lines.splitlines()[:100]
        slow, fast = TER(references=[refs]), FastTER(references=[refs])
        assert fast._extract_corpus_statistics(hyps, None) == slow._extract_corpus_statistics(
            hyps, None
        )
        assert fast.corpus_score(hyps, None).score == slow.corpus_score(hyps, None).score
        assert fast.get_signature().format() == slow.get_signature().format()


def test_ter_metric_uses_the_fast_search_and_scores_like_sacrebleu() -> None:
    from sacrebleu.metrics.ter import TER

    from workbench.metrics.ter import FastTER

    metric = get_metric("ter")
    assert isinstance(metric._corpus, FastTER)  # type: ignore[attr-defined]
    hyps = ["the cat the mat sat on", "Prezhugin met Hifter in Benghazi .", ""]
    refs = ["the cat sat on the mat", "Prigozhin met Haftar in Benghazi.", "nothing"]
    expected = TER().corpus_score(hyps, [refs])
    assert metric.corpus_score(hyps, refs).value == expected.score
    assert metric.sentence_scores(hyps, refs) == [
        TER().sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=True)
    ]
