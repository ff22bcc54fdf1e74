"""What the review TUI shows, computed from stored runs without any widget.

Plain functions and small frozen values: the review state of one run (which
flags were confirmed or called false alarms, the notes), the word-level diff of
a back-translation against its source, the names found across runs, and which
segments are visible in which order for a filter, a search and a sort.
Widgets render these; tests can check them without a terminal.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from workbench.results import Flag
from workbench.store import Decision, RunRow, RunView, flag_key

CONFIRMED = "confirmed"
FALSE_ALARM = "false-alarm"

#: Filter values besides a flag kind.
ALL = ""
ANY_FLAG = "*"

SORTS = ("document", "chrf", "flags")
SORT_LABELS = {"document": "document order", "chrf": "chrF, worst first", "flags": "most flags"}

NAME_KINDS = ("name-drift", "name-inconsistency")


@dataclass(frozen=True, slots=True)
class ReviewState:
    """The latest decision per flag and the notes per segment of one run."""

    decisions: dict[tuple[int, str], str] = field(default_factory=dict)
    notes: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_decisions(cls, decisions: Iterable[Decision]) -> ReviewState:
        by_flag: dict[tuple[int, str], str] = {}
        notes: dict[int, list[str]] = defaultdict(list)
        for d in decisions:  # in the order made: a later decision overrides
            if d.flag_key and d.decision:
                by_flag[(d.segment, d.flag_key)] = d.decision
            if d.note:
                notes[d.segment].append(d.note)
        return cls(by_flag, {k: tuple(v) for k, v in notes.items()})

    def decision(self, flag: Flag) -> str | None:
        return self.decisions.get((flag.segment, flag_key(flag)))


@dataclass(frozen=True, slots=True)
class LoadedRun:
    """A stored run and its review state, as the TUI holds it."""

    view: RunView
    review: ReviewState

    @classmethod
    def of(cls, view: RunView) -> LoadedRun:
        return cls(view, ReviewState.from_decisions(view.decisions))

    @property
    def id(self) -> int:
        return self.view.summary.id

    @property
    def name(self) -> str:
        return self.view.summary.system

    def row(self, index: int) -> RunRow:
        return self.view.rows[index]

    def flag_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for row in self.view.rows:
            for f in row.flags:
                counts[f.kind] += 1
        return dict(counts)

    def reviewed(self) -> int:
        """Flags with a decision."""
        return sum(1 for row in self.view.rows for f in row.flags if self.review.decision(f))


_WORD = re.compile(r"\w+(?:['’]\w+)*")


def word_diff(source: str, back: str) -> list[tuple[int, int]]:
    """Spans of ``back`` whose words differ from ``source`` (case-insensitive).

    Words are compared in order (difflib's longest matching blocks), so a word
    that came back in another place counts as changed there.
    """
    src = [m.group().casefold() for m in _WORD.finditer(source)]
    back_words = list(_WORD.finditer(back))
    matcher = difflib.SequenceMatcher(None, src, [m.group().casefold() for m in back_words], False)
    spans: list[tuple[int, int]] = []
    for op, _, _, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "insert"):
            for m in back_words[j1:j2]:
                spans.append((m.start(), m.end()))
    return spans


def is_blank(row: RunRow) -> bool:
    """An empty line of an imported file: kept in the store for line pairing, not shown."""
    return not row.segment.text.strip() and not (row.back or "").strip()


def visible_rows(
    run: LoadedRun,
    *,
    kind: str = ALL,
    search: str = "",
    sort: str = "document",
    others: Sequence[LoadedRun] = (),
) -> list[int]:
    """Segment indexes to show, in order.

    ``kind`` keeps segments with a flag of that kind (``ANY_FLAG``: any flag);
    ``search`` keeps segments whose source, pivot or back-translation (of this
    run or of ``others``, the runs shown beside it) holds the text, ignoring
    case; ``sort`` is one of ``SORTS``.
    """
    needle = search.casefold().strip()
    rows = []
    for row in run.view.rows:
        if is_blank(row):
            continue
        if kind == ANY_FLAG and not row.flags:
            continue
        if kind not in (ALL, ANY_FLAG) and not any(f.kind == kind for f in row.flags):
            continue
        if needle:
            texts = [row.segment.text, row.pivot or "", row.back or ""]
            for other in others:
                o = other.row(row.segment.index)
                texts += [o.pivot or "", o.back or ""]
            if not any(needle in t.casefold() for t in texts):
                continue
        rows.append(row)
    if sort == "chrf":
        rows.sort(key=lambda r: (r.scores.get("chrf", 101.0), r.segment.index))
    elif sort == "flags":
        rows.sort(key=lambda r: (-len(r.flags), r.segment.index))
    return [r.segment.index for r in rows]


def worst_segment(run: LoadedRun, among: Iterable[int]) -> int | None:
    """The segment with the lowest chrF among ``among`` (ties: more flags, then first)."""
    best: tuple[float, int, int] | None = None
    for index in among:
        row = run.row(index)
        chrf = row.scores.get("chrf")
        if chrf is None:
            continue
        key = (chrf, -len(row.flags), index)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


# -- names -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameVariant:
    """One spelling of a name on one side: the source, or one run's back-translation."""

    spelling: str
    side: str  # "source" or the run's system name
    run_id: int | None  # None for the source
    segments: tuple[int, ...]
    flagged: bool  # a detector flagged this spelling here


@dataclass(frozen=True, slots=True)
class NameEntity:
    """A name and all its spellings across the source and the back-translations."""

    label: str
    variants: tuple[NameVariant, ...]

    @property
    def segments(self) -> tuple[int, ...]:
        return tuple(sorted({s for v in self.variants for s in v.segments}))


def _occurrences(spelling: str, texts: Sequence[tuple[int, str]]) -> tuple[int, ...]:
    pattern = re.compile(rf"(?<!\w){re.escape(spelling)}(?!\w)")
    return tuple(i for i, text in texts if pattern.search(text))


def name_entities(runs: Sequence[LoadedRun]) -> list[NameEntity]:
    """Names whose spelling drifted, from the stored name flags of ``runs``.

    A ``name-drift`` flag links the source spelling to the one that came back;
    a ``name-inconsistency`` flag links all the spellings it lists.  Linked
    spellings form one name; each spelling is then looked up as a whole word in
    the source and in every run's back-translation, so the panel also shows
    where a spelling occurs unflagged.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    suggested: dict[str, list[str]] = defaultdict(list)  # spelling -> suggestions made for it
    flagged: set[tuple[str, int | None, int]] = set()  # (spelling, run or None, segment)
    for run in runs:
        for row in run.view.rows:
            for f in row.flags:
                if f.kind not in NAME_KINDS:
                    continue
                spellings: list[str] = []
                if f.source:
                    spellings.append(f.source.text)
                    flagged.add((f.source.text, None, f.segment))
                if f.target and f.target_side != "pivot":
                    spellings.append(f.target.text)
                    side = None if f.target_side == "source" else run.id
                    flagged.add((f.target.text, side, f.segment))
                for key, value in f.extra:
                    if key == "variants":
                        spellings += [v.strip() for v in value.split(",") if v.strip()]
                spellings = [s for s in spellings if s.strip()]
                for s in spellings:
                    find(s)
                for a, b in pairwise(spellings):
                    union(a, b)
                if f.suggestion:
                    suggested[spellings[0] if spellings else ""].append(f.suggestion)

    groups: dict[str, list[str]] = defaultdict(list)
    for s in list(parent):
        groups[find(s)].append(s)
    if not groups:
        return []
    first = runs[0].view.rows
    source_texts = [(r.segment.index, r.segment.text) for r in first]
    back_texts = [(run, [(r.segment.index, r.back or "") for r in run.view.rows]) for run in runs]

    entities: list[NameEntity] = []
    for spellings in groups.values():
        variants: list[NameVariant] = []
        for spelling in sorted(spellings):
            segs = _occurrences(spelling, source_texts)
            if segs:
                is_flagged = any((spelling, None, s) in flagged for s in segs)
                variants.append(NameVariant(spelling, "source", None, segs, is_flagged))
            for run, texts in back_texts:
                segs = _occurrences(spelling, texts)
                if segs:
                    is_flagged = any((spelling, run.id, s) in flagged for s in segs)
                    variants.append(NameVariant(spelling, run.name, run.id, segs, is_flagged))
        if not variants:
            continue
        # Sides in a fixed order (source first, then runs as given); in each side,
        # spellings by first appearance.
        order: dict[int | None, int] = {None: -1}
        order.update({run.id: i for i, run in enumerate(runs)})
        variants.sort(key=lambda v: (order.get(v.run_id, 99), v.segments[0], v.spelling))
        votes = Counter(x for s in spellings for x in suggested.get(s, ()))
        label = (
            votes.most_common(1)[0][0]
            if votes
            else max(
                spellings,
                key=lambda s: sum(len(v.segments) for v in variants if v.spelling == s),
            )
        )
        entities.append(NameEntity(label, tuple(variants)))
    entities.sort(key=lambda e: (-len({v.spelling for v in e.variants}), e.segments[0]))
    return entities
