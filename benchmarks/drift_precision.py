"""Measure the drift detectors against hand labels on FLORES dev or devtest (ar-en).

The labels (``benchmarks/data/flores-dev-drift-labels.jsonl`` for the dev split,
``benchmarks/data/flores-test-drift-labels.jsonl`` for the held-out test split;
guidelines in ``benchmarks/data/README.md``) say, for each labelled (line, system) pair, every
drift a careful reviewer would flag when comparing a system's English
back-translation with the English original. This script feeds each system's
whole document to the detectors, keeps the flags that fall on labelled lines,
matches them to the labels and prints precision, recall and F1 per kind.

Matching (per line, system and kind):

- span kinds (name-drift, number-mismatch, garbled-term, encoding, untranslated):
  a predicted flag is a true positive when a label of the same kind on the same
  pair overlaps it: its source text or its target text equals the label's, or
  contains it or is contained in it as whole tokens, case-insensitively. A flag
  or label with no span on either side matches on kind and line alone. Every
  prediction and every label is counted.
- spanless kinds (meaning-drift, omission, addition, repetition): scored per
  (line, system, kind) unit: flagged or not, labelled or not.

Only flags about the back-translation (``target_side == "back"``) are scored by
default: the labels judge the back-translation against the source, not typos in
the source itself or slips in the Arabic pivot. ``--sides back,pivot`` scores
pivot-side flags too; flags left out are counted and reported.

A label record with a ``"kinds"`` field was judged for those kinds only (the dev
name-drift sample ``flores-dev-names-extra-labels.jsonl``, ``--sample names4``):
for any other kind the pair is left out, its flags counted neither way.

Pairs whose label record says ``"misaligned": true`` (the Arabic pivot is not a
translation of that English line in the corpus) are left out of scoring: the
back-translation there cannot be judged against the source.

The detectors were tuned on the dev split's labelled lines; its samples
``stride8-offset1`` and ``-offset5`` (round 8), then ``-offset3`` and ``-offset7``
(round 9), cover dev lines no one had labelled, labelled blind and scored once
like the test samples. ``--split test`` scores them on FLORES
devtest (``flores-test/ar-en``), whose samples were labelled blind and each
scored once before anyone looked at its errors (``stride10``, ``names-stride10-offset0``,
``stride10-offset3`` / ``-offset7``, ``-offset1`` / ``-offset9``, ``-offset4`` /
``-offset8``, ``-offset2`` / ``-offset6``; the README in ``benchmarks/data`` records
each first run's figures). ``--split iwslt`` scores them on IWSLT 2017 TED talks
(``iwslt17/ar-en``, the English original from ``iwslt17/en-ar``), another domain,
whose samples ``iwslt-a`` / ``-b`` / ``-c`` / ``-d`` (lines with names) and ``-e`` /
``-f`` (lines without, round 10), ``-g`` (round 11), ``-h`` / ``-i`` (round 12) and
``-j`` / ``-k`` (round 13) and ``-l`` / ``-m`` (round 14) were labelled blind the same way.
Round 15 labelled the other systems' outputs on lines already seen: ``iwslt-n``
and devtest's ``stride10-offset0-alt``.
Once looked at, a sample is seen: the figure that says how the detectors do on
text nobody tuned on is the first run on the newest sample, not a rerun.

Usage::

    python benchmarks/drift_precision.py [--split dev|test|iwslt] [--corpora PATH] [--kinds K,K]
                                         [--sample stride8|names4] [--sides back]
                                         [--show-errors] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.detectors.base import SegmentPair

REPO = Path(__file__).resolve().parent.parent
LABELS_PATH = REPO / "benchmarks" / "data" / "flores-dev-drift-labels.jsonl"
TEST_LABELS_PATH = REPO / "benchmarks" / "data" / "flores-test-drift-labels.jsonl"
# Dev lines 4, 12, 20, ... x microsoft, nllb, bergamot-base, judged for name-drift
# only (each record says so in its "kinds" field).
IWSLT_LABELS_PATH = REPO / "benchmarks" / "data" / "iwslt17-drift-labels.jsonl"
NAMES_EXTRA_LABELS_PATH = REPO / "benchmarks" / "data" / "flores-dev-names-extra-labels.jsonl"
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
CORPUS_DIR = Path("flores-dev") / "ar-en"


@dataclass(frozen=True, slots=True)
class Split:
    """Where one split's corpus and labels live. ``prefix`` names the files:
    ``<prefix>.en``, ``<prefix>.ar``, ``<prefix>.<system>.en``."""

    name: str
    prefix: str
    labels: Path
    extra_labels: tuple[Path, ...] = ()
    # Where ``<prefix>.en``, the English original, lives when not beside the
    # outputs: IWSLT keeps it in its en-ar folder.
    source_dir: Path | None = None
    title: str = ""

    @property
    def corpus(self) -> Path:
        return Path(self.prefix) / "ar-en"


def _more_labels(prefix: str, main: Path) -> tuple[Path, ...]:
    """Every further label file of a split (``<prefix>-*-labels.jsonl``): samples
    added later join their split without editing this script."""
    found = sorted((REPO / "benchmarks" / "data").glob(f"{prefix}-*-labels.jsonl"))
    return tuple(p for p in found if p != main)


SPLITS: dict[str, Split] = {
    "dev": Split("dev", "flores-dev", LABELS_PATH, _more_labels("flores-dev", LABELS_PATH)),
    "test": Split(
        "test", "flores-test", TEST_LABELS_PATH, _more_labels("flores-test", TEST_LABELS_PATH)
    ),
    # IWSLT 2017 (TED talks), another domain, labelled blind; no main label file.
    "iwslt": Split(
        "iwslt",
        "iwslt17",
        IWSLT_LABELS_PATH,
        _more_labels("iwslt17", IWSLT_LABELS_PATH),
        source_dir=Path("iwslt17") / "en-ar",
        title="IWSLT17",
    ),
}

# The kinds the labels cover. name-inconsistency is a document-level finding
# (one name spelled several ways across a document) that per-pair labels cannot
# judge, so it is not scored.
LABELLED_KINDS: tuple[str, ...] = (
    "name-drift",
    "number-mismatch",
    "meaning-drift",
    "omission",
    "addition",
    "repetition",
    "untranslated",
    "encoding",
    "garbled-term",
)
# --sample choices whose records carry a longer "sample" name.
SAMPLE_NAMES: dict[str, str] = {"names4": "names-stride8-offset4"}
SPANLESS_KINDS = frozenset({"meaning-drift", "omission", "addition", "repetition"})

_TOKEN = re.compile(r"\w+|[^\w\s]")

if sys.path[0] != str(REPO):
    # Run as a script from anywhere: the package is importable from the repo root.
    sys.path.insert(0, str(REPO))


class BenchmarkError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


@dataclass(frozen=True, slots=True)
class Label:
    kind: str
    source: str | None
    target: str | None


@dataclass(frozen=True, slots=True)
class LabelledPair:
    line: int
    system: str
    sample: str
    flags: tuple[Label, ...]
    misaligned: bool = False
    # The kinds judged on this pair; None means every labelled kind. Flags of
    # other kinds on the pair are neither true nor false positives.
    kinds: frozenset[str] | None = None

    def judges(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


@dataclass(frozen=True, slots=True)
class Item:
    """One predicted flag or one label, reduced to what matching needs."""

    line: int
    system: str
    kind: str
    source: str | None
    target: str | None
    detail: str = ""


@dataclass(slots=True)
class KindScore:
    labels: int = 0
    predicted: int = 0
    tp_predicted: int = 0  # predictions that match a label (precision numerator)
    tp_labels: int = 0  # labels matched by a prediction (recall numerator)
    seconds: float = 0.0
    available: bool = True
    error: str = ""
    unscored: dict[str, int] = field(default_factory=dict)  # flags on other sides
    false_positives: list[Item] = field(default_factory=list)
    false_negatives: list[Item] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp_predicted / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp_labels / self.labels if self.labels else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)


# --------------------------------------------------------------------- loading


def load_labels(path: Path = LABELS_PATH) -> list[LabelledPair]:
    """The labelled pairs, in file order."""
    pairs: list[LabelledPair] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            flags = tuple(
                Label(f["kind"], f.get("source"), f.get("target")) for f in record["flags"]
            )
            kinds = record.get("kinds")
            if kinds is not None and (
                not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds)
            ):
                raise TypeError('"kinds" must be a list of kind names')
            if kinds is not None and any(f.kind not in kinds for f in flags):
                raise ValueError('a flag of a kind not in "kinds"')
            pairs.append(
                LabelledPair(
                    int(record["line"]),
                    record["system"],
                    record.get("sample", ""),
                    flags,
                    bool(record.get("misaligned", False)),
                    None if kinds is None else frozenset(kinds),
                )
            )
        except (ValueError, KeyError, TypeError) as err:
            raise BenchmarkError(f"{path}:{number}: bad label record ({err})") from err
    return pairs


def read_lines(path: Path) -> list[str]:
    """A line-aligned corpus file; split on newlines only, since str.splitlines
    also breaks on U+2028 and friends and would misalign the files."""
    if not path.is_file():
        raise BenchmarkError(f"corpus file missing: {path}")
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def corpus_dir(corpora: Path, split: Split = SPLITS["dev"]) -> Path:
    folder = corpora / split.corpus
    if not folder.is_dir():
        raise BenchmarkError(
            f"corpora not found at {corpora} (expected {split.corpus}/ inside); "
            "pass --corpora PATH to the shared corpora folder"
        )
    return folder


def build_documents(
    folder: Path,
    systems: Iterable[str],
    prefix: str = "flores-dev",
    source_folder: Path | None = None,
) -> dict[str, list[SegmentPair]]:
    """One whole document of ``SegmentPair`` per system: document-level detectors
    need every line, not just the labelled ones. ``source_folder``: where the
    English original is, when not in ``folder``."""
    from workbench.detectors.base import SegmentPair

    source = read_lines((source_folder or folder) / f"{prefix}.en")
    pivot = read_lines(folder / f"{prefix}.ar")
    if len(pivot) != len(source):
        raise BenchmarkError(f"{folder}: {prefix}.ar and {prefix}.en differ in length")
    documents: dict[str, list[SegmentPair]] = {}
    for system in systems:
        target = read_lines(folder / f"{prefix}.{system}.en")
        if len(target) != len(source):
            raise BenchmarkError(f"{folder}: {prefix}.{system}.en is not aligned with .en")
        documents[system] = [
            SegmentPair(index=i, source=s, target=t, pivot=p)
            for i, (s, t, p) in enumerate(zip(source, target, pivot, strict=True))
        ]
    return documents


# -------------------------------------------------------------------- matching


def _tokens(text: str | None) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.casefold())) if text else ()


def _contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def spans_overlap(a: str | None, b: str | None) -> bool:
    """Same text, or one inside the other as whole tokens, ignoring case."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    return _contains(ta, tb) if len(ta) >= len(tb) else _contains(tb, ta)


def items_match(prediction: Item, label: Item) -> bool:
    """Whether a prediction and a label of the same kind on the same pair agree."""
    if prediction.kind in SPANLESS_KINDS:
        return True
    if (prediction.source is None and prediction.target is None) or (
        label.source is None and label.target is None
    ):
        return True
    return spans_overlap(prediction.source, label.source) or spans_overlap(
        prediction.target, label.target
    )


def score_kind(kind: str, predictions: Sequence[Item], labels: Sequence[Item]) -> KindScore:
    """Counts for one kind; both sequences already restricted to labelled pairs."""
    score = KindScore()
    if kind in SPANLESS_KINDS:
        # One unit per (line, system): several labels or flags of the kind on
        # one pair are one finding.
        predictions = list({(p.line, p.system): p for p in predictions}.values())
        labels = list({(g.line, g.system): g for g in labels}.values())
    by_pair: dict[tuple[int, str], list[Item]] = defaultdict(list)
    for g in labels:
        by_pair[(g.line, g.system)].append(g)
    matched: set[int] = set()
    for p in predictions:
        hits = [g for g in by_pair.get((p.line, p.system), []) if items_match(p, g)]
        if hits:
            score.tp_predicted += 1
            matched.update(id(g) for g in hits)
        else:
            score.false_positives.append(p)
    score.predicted = len(predictions)
    score.labels = len(labels)
    score.tp_labels = sum(1 for g in labels if id(g) in matched)
    score.false_negatives = [g for g in labels if id(g) not in matched]
    return score


# --------------------------------------------------------------------- running


def select_pairs(split: Split, samples: set[str] | None = None) -> list[LabelledPair]:
    """The labelled pairs of ``split`` in the chosen samples, misaligned ones included.

    Each label file is read only when present (a checkout without the extra
    samples still scores the main labels); a split with none is an error."""
    files = [p for p in (split.labels, *split.extra_labels) if p.is_file()]
    if not files:
        raise BenchmarkError(f"no label files for the {split.name} split in {split.labels.parent}")
    pairs = [pair for path in files for pair in load_labels(path)]
    return [p for p in pairs if samples is None or p.sample in samples]


def run(
    corpora: Path,
    kinds: Sequence[str],
    samples: set[str] | None = None,
    sides: frozenset[str] = frozenset({"back"}),
    split: Split = SPLITS["dev"],
) -> tuple[dict[str, KindScore], list[LabelledPair]]:
    """Run the detectors for ``kinds`` on every labelled system and score them.

    Pairs marked misaligned are left out: the returned pairs are those scored."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    folder = corpus_dir(corpora, split)
    pairs = [p for p in select_pairs(split, samples) if not p.misaligned]
    if not pairs:
        raise BenchmarkError("no labelled pairs selected")
    labelled_lines: dict[str, set[int]] = defaultdict(set)
    for pair in pairs:
        labelled_lines[pair.system].add(pair.line)
    # The whole document still goes to the detectors (misaligned lines too): only
    # the flags on scored lines are kept below.
    source_folder = corpora / split.source_dir if split.source_dir else None
    documents = build_documents(folder, sorted(labelled_lines), split.prefix, source_folder)

    from workbench.detectors import detector_class
    from workbench.errors import WorkbenchError

    scores: dict[str, KindScore] = {}
    for kind in kinds:
        judged = [p for p in pairs if p.judges(kind)]
        gold = [
            Item(p.line, p.system, f.kind, f.source, f.target)
            for p in judged
            for f in p.flags
            if f.kind == kind
        ]
        # Lines where this kind was judged: a pair labelled for other kinds only
        # says nothing about this one, so its flags are not scored.
        judged_lines: dict[str, set[int]] = defaultdict(set)
        for pair in judged:
            judged_lines[pair.system].add(pair.line)
        try:
            detector = detector_class(kind)()
        except (ImportError, AttributeError, KeyError) as err:
            scores[kind] = _unavailable(kind, gold, err)
            continue
        predicted: list[Item] = []
        unscored: dict[str, int] = defaultdict(int)
        seconds = 0.0
        try:
            for system, document in documents.items():
                started = time.perf_counter()
                flags = detector.detect(document)
                seconds += time.perf_counter() - started
                wanted = judged_lines[system]
                for f in flags:
                    # A detector may raise other kinds too; each is scored under its own.
                    if f.segment not in wanted or f.kind != kind:
                        continue
                    if f.target_side not in sides:
                        unscored[f.target_side] += 1
                        continue
                    predicted.append(
                        Item(
                            f.segment,
                            system,
                            f.kind,
                            f.source.text if f.source else None,
                            f.target.text if f.target else None,
                            f.detail,
                        )
                    )
        except WorkbenchError as err:
            # e.g. the embedding model is not installed: report it, score the rest.
            scores[kind] = _unavailable(kind, gold, err)
            continue
        score = score_kind(kind, predicted, gold)
        score.seconds = seconds
        score.unscored = dict(unscored)
        scores[kind] = score
    return scores, pairs


def _unavailable(kind: str, gold: Sequence[Item], err: Exception) -> KindScore:
    """The score of a detector that could not run: every label missed."""
    score = score_kind(kind, [], gold)
    score.available = False
    score.error = str(err)
    return score


def overall(scores: dict[str, KindScore]) -> KindScore:
    """Micro-average over the detectors that ran."""
    total = KindScore()
    for score in scores.values():
        if not score.available:
            continue
        total.labels += score.labels
        total.predicted += score.predicted
        total.tp_predicted += score.tp_predicted
        total.tp_labels += score.tp_labels
        total.seconds += score.seconds
    return total


# ---------------------------------------------------------------------- output


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{100 * value:5.1f}"


_TITLES = {name: split.title for name, split in SPLITS.items() if split.title}


def format_table(
    scores: dict[str, KindScore],
    pairs: Sequence[LabelledPair],
    split: str = "dev",
    misaligned: Sequence[LabelledPair] = (),
) -> str:
    systems = sorted({p.system for p in pairs})
    rows = [
        f"{_TITLES.get(split, f'FLORES {split}')} ar-en: {len(pairs)} labelled pairs "
        f"({', '.join(systems)})",
        f"{'kind':<16}{'labels':>7}{'pred':>6}{'TP':>5}{'FP':>5}{'FN':>5}"
        f"{'prec%':>7}{'rec%':>7}{'F1%':>7}{'sec':>8}",
    ]
    for kind, s in [*scores.items(), ("overall", overall(scores))]:
        if not s.available:
            rows.append(f"{kind:<16}{s.labels:>7}  detector unavailable: {s.error}")
            continue
        rows.append(
            f"{kind:<16}{s.labels:>7}{s.predicted:>6}{s.tp_predicted:>5}"
            f"{s.predicted - s.tp_predicted:>5}{s.labels - s.tp_labels:>5}"
            f"{_pct(s.precision):>7}{_pct(s.recall):>7}{_pct(s.f1):>7}{s.seconds:>8.2f}"
        )
    rows.append("TP counts predictions that match a label; FN counts labels no prediction matched.")
    if misaligned:
        lines = sorted({p.line for p in misaligned})
        rows.append(
            f"left out: {len(misaligned)} labelled pairs on misaligned lines "
            f"({', '.join(map(str, lines))})"
        )
    if any(not s.available for s in scores.values()):
        rows.append("overall covers only the detectors that ran.")
    left_out = [
        f"{kind} {n} on the {side} side"
        for kind, s in scores.items()
        for side, n in sorted(s.unscored.items())
    ]
    if left_out:
        rows.append(
            "not scored (flags on labelled lines about another side): " + ", ".join(left_out)
        )
    return "\n".join(rows)


def _item_text(item: Item) -> str:
    text = f"{item.line:>4} {item.system:<8} {item.kind:<16} {item.source!r} -> {item.target!r}"
    return f"{text}  ({item.detail})" if item.detail else text


def format_errors(scores: dict[str, KindScore]) -> str:
    rows: list[str] = []
    for title, attr in (
        ("False positives", "false_positives"),
        ("False negatives", "false_negatives"),
    ):
        items = sorted(
            (i for s in scores.values() for i in getattr(s, attr)),
            key=lambda i: (i.kind, i.system, i.line),
        )
        rows.append(f"\n{title} ({len(items)}):")
        rows.extend(_item_text(i) for i in items)
    return "\n".join(rows)


def to_json(
    scores: dict[str, KindScore],
    pairs: Sequence[LabelledPair],
    errors: bool,
    settings: dict[str, object] | None = None,
    misaligned: int = 0,
) -> dict[str, object]:
    def one(s: KindScore) -> dict[str, object]:
        out: dict[str, object] = {
            "available": s.available,
            "labels": s.labels,
            "predicted": s.predicted,
            "tp_predicted": s.tp_predicted,
            "tp_labels": s.tp_labels,
            "precision": s.precision,
            "recall": s.recall,
            "f1": s.f1,
            "seconds": round(s.seconds, 3),
        }
        if s.error:
            out["error"] = s.error
        if s.unscored:
            out["unscored_by_side"] = s.unscored
        if errors:
            out["false_positives"] = [item_dict(i) for i in s.false_positives]
            out["false_negatives"] = [item_dict(i) for i in s.false_negatives]
        return out

    def item_dict(i: Item) -> dict[str, object]:
        return {
            "line": i.line,
            "system": i.system,
            "source": i.source,
            "target": i.target,
            "detail": i.detail,
        }

    return {
        "settings": settings or {},
        "pairs": len(pairs),
        **({"misaligned_pairs_left_out": misaligned} if misaligned else {}),
        "systems": sorted({p.system for p in pairs}),
        "kinds": {kind: one(s) for kind, s in scores.items()},
        "overall": one(overall(scores)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--split",
        choices=tuple(SPLITS),
        default="dev",
        help="dev: FLORES dev, the labels the detectors were tuned on; test: FLORES "
        "devtest, held out; iwslt: IWSLT 2017 TED talks, another domain, held out "
        "(default: dev)",
    )
    parser.add_argument(
        "--corpora",
        type=Path,
        default=DEFAULT_CORPORA,
        help="the shared corpora folder (default: ../shared/corpora)",
    )
    parser.add_argument(
        "--kinds",
        default=",".join(LABELLED_KINDS),
        help="comma-separated flag kinds to score (default: all labelled)",
    )
    parser.add_argument(
        "--sample",
        default="all",
        help="stride8: the dev every-8th-line sample only; extra: the dev targeted "
        "lines only; names4: the dev name-drift-only sample (lines 4, 12, 20, ... x "
        "microsoft, nllb, bergamot-base); stride10: the test every-10th-line sample "
        "(lines 5, 15, ...); stride10-offsetN (N = 1, 2, 3, 4, 6, 7, 8, 9): the test samples "
        "of lines N, N+10, ..., each labelled for three systems; iwslt-a ... iwslt-d: the "
        "IWSLT samples (--split iwslt); "
        'any other value: the records whose "sample" field says so (default: all)',
    )
    parser.add_argument(
        "--sides",
        default="back",
        help="which flags to score by target_side: back, pivot, source (default: back)",
    )
    parser.add_argument(
        "--show-errors", action="store_true", help="list false positives and false negatives"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)

    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in LABELLED_KINDS]
    if unknown:
        print(
            f"error: no labels for kind(s) {', '.join(unknown)}; labelled kinds: "
            f"{', '.join(LABELLED_KINDS)}",
            file=sys.stderr,
        )
        return 2
    samples = None if args.sample == "all" else {SAMPLE_NAMES.get(args.sample, args.sample)}
    sides = frozenset(x.strip() for x in args.sides.split(",") if x.strip())
    if not sides or not sides <= {"back", "pivot", "source"}:
        print("error: --sides takes back, pivot and/or source", file=sys.stderr)
        return 2
    split = SPLITS[args.split]
    try:
        if samples is not None and not select_pairs(split, samples):
            raise BenchmarkError(
                f"no labelled pairs in sample {args.sample!r} of the {split.name} split"
            )
        scores, pairs = run(args.corpora, kinds, samples, sides, split)
        misaligned = [p for p in select_pairs(split, samples) if p.misaligned]
    except BenchmarkError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(
            json.dumps(
                to_json(
                    scores,
                    pairs,
                    args.show_errors,
                    {
                        "split": args.split,
                        "sample": args.sample,
                        "sides": sorted(sides),
                        "kinds": kinds,
                    },
                    len(misaligned),
                ),
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(format_table(scores, pairs, args.split, misaligned))
        if args.show_errors:
            print(format_errors(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
