"""The results store: one SQLite file holding every text, run, translation,
score, flag and review decision.

Why SQLite: one file a user can copy, transactions so a killed process loses
nothing it had committed, and WAL mode so several processes (a batch in one
terminal, the review TUI in another) can use one store at once.  Writers take
the lock up front (``BEGIN IMMEDIATE``) and wait for each other (busy timeout)
instead of failing or corrupting the file.

Translations are cached by (backend, model, revision, direction, settings,
segment text): a segment translated once is never translated again, by any run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import StoreError
from workbench.results import Flag, Score, Segment, Severity, Span, TranslatorInfo

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS texts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    lang TEXT NOT NULL,
    segmentation TEXT NOT NULL,          -- 'sentences' or 'lines'
    sha256 TEXT NOT NULL,
    content TEXT NOT NULL,
    created REAL NOT NULL,
    UNIQUE (sha256, lang, segmentation)
);
CREATE TABLE IF NOT EXISTS segments (
    text_id INTEGER NOT NULL REFERENCES texts(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    heading INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (text_id, idx)
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    text_id INTEGER NOT NULL REFERENCES texts(id),
    system TEXT NOT NULL,               -- card name, hub id, or imported system name
    kind TEXT NOT NULL,                 -- 'model' or 'import'
    config TEXT NOT NULL,               -- JSON: backend, forward/backward TranslatorInfo
    config_hash TEXT NOT NULL,
    status TEXT NOT NULL,               -- 'running' or 'complete'
    created REAL NOT NULL,
    finished REAL
);
CREATE INDEX IF NOT EXISTS runs_by_config ON runs (text_id, config_hash, status);
CREATE TABLE IF NOT EXISTS run_segments (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    pivot TEXT,
    back TEXT,
    PRIMARY KEY (run_id, idx)
);
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    revision TEXT NOT NULL,
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    settings TEXT NOT NULL,
    source TEXT NOT NULL,
    output TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS segment_scores (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    metric TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (run_id, idx, metric)
);
CREATE TABLE IF NOT EXISTS run_scores (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    value REAL NOT NULL,
    signature TEXT NOT NULL,            -- of the corpus score
    segment_signature TEXT NOT NULL,    -- of the per-segment scores
    PRIMARY KEY (run_id, metric)
);
CREATE TABLE IF NOT EXISTS flags (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    detail TEXT NOT NULL,
    detector TEXT NOT NULL,
    source_start INTEGER, source_end INTEGER, source_text TEXT,
    target_start INTEGER, target_end INTEGER, target_text TEXT,
    target_side TEXT NOT NULL,
    suggestion TEXT,
    extra TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS flags_by_run ON flags (run_id, idx);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    flag_key TEXT,                      -- kind|source|target of the flag, NULL for a segment note
    decision TEXT,                      -- 'confirmed', 'false-alarm' or NULL
    note TEXT,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_run ON decisions (run_id, idx);
"""


# -- Added for batch and compare (issue 5): forward-leg scores ------------------------
# A run through a test set with a human reference translation is scored on both
# legs: the back-translation against the original (run_scores above) and the
# pivot against the reference translation (here).  The reference itself is stored
# as a text (segmentation 'lines'), so compare can rescore it with significance.
_SCHEMA += """
CREATE TABLE IF NOT EXISTS leg_scores (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    leg TEXT NOT NULL,                  -- 'forward': the pivot against the reference translation
    reference_text_id INTEGER NOT NULL REFERENCES texts(id),
    metric TEXT NOT NULL,
    value REAL NOT NULL,
    signature TEXT NOT NULL,            -- of the corpus score
    segment_signature TEXT NOT NULL,    -- of the per-segment scores
    PRIMARY KEY (run_id, leg, metric)
);
CREATE TABLE IF NOT EXISTS leg_segment_scores (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    leg TEXT NOT NULL,
    idx INTEGER NOT NULL,
    metric TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (run_id, leg, idx, metric)
);
"""


@dataclass(frozen=True, slots=True)
class StoredText:
    id: int
    name: str
    path: str
    lang: str
    segmentation: str
    sha256: str
    content: str


@dataclass(frozen=True, slots=True)
class RunSummary:
    id: int
    text_id: int
    text_name: str
    system: str
    kind: str
    status: str
    created: float
    segments: int
    translated: int
    scores: dict[str, float]
    flags: int


@dataclass(frozen=True, slots=True)
class RunRow:
    """One aligned segment of a run: source, pivot, back-translation, scores, flags."""

    segment: Segment
    pivot: str | None
    back: str | None
    scores: dict[str, float]
    flags: tuple[Flag, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    run_id: int
    segment: int
    flag_key: str | None
    decision: str | None
    note: str | None
    created: float


@dataclass(frozen=True, slots=True)
class LegScores:
    """Scores of one leg of a run against a stored reference (added for issue 5).

    ``leg`` is ``'forward'``: the run's pivot against the reference translation
    stored as text ``reference_text_id``.
    """

    run_id: int
    leg: str
    reference_text_id: int
    corpus: dict[str, Score]
    segments: tuple[dict[str, float], ...]
    segment_signatures: dict[str, str]


@dataclass(frozen=True, slots=True)
class RunView:
    """Everything stored about one run, ready to show or export."""

    summary: RunSummary
    text: StoredText
    config: dict[str, Any]
    rows: tuple[RunRow, ...]
    corpus_scores: dict[str, Score]
    segment_signatures: dict[str, str]
    decisions: tuple[Decision, ...]


def flag_key(flag: Flag) -> str:
    """A stable identity for a flag across re-detection (ids change, this doesn't)."""
    src = flag.source.text if flag.source else ""
    tgt = flag.target.text if flag.target else ""
    return f"{flag.kind}|{src}|{tgt}"


def translation_key(info: TranslatorInfo, text: str) -> str:
    payload = json.dumps(
        [
            info.backend,
            info.model,
            info.revision,
            info.src_lang,
            info.tgt_lang,
            list(info.settings),
            text,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def default_store_path() -> Path:
    """``$WORKBENCH_STORE``, else ``workbench.sqlite3`` in the user's data folder."""
    env = os.environ.get("WORKBENCH_STORE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("workbench")) / "workbench.sqlite3"


class Store:
    """A connection to one store file; safe to share between threads."""

    def __init__(self, path: str | Path, *, timeout: float = 60.0) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.RLock()
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder, not a store file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._conn.row_factory = sqlite3.Row
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            with self._write():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._conn.execute(statement)
                row = self._conn.execute(
                    "SELECT value FROM meta WHERE key = 'schema_version'"
                ).fetchone()
                if row is None:
                    self._conn.execute(
                        "INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                    )
                elif int(row[0]) > SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path}: made by a newer workbench (schema {row[0]}); upgrade"
                    )
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: cannot open the store: {err}") from err

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions -------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, lock taken up front so writers queue, not fail."""
        with self._lock:
            try:
                self._begin_immediate()
            except sqlite3.OperationalError as err:
                raise StoreError(f"{self.path}: store is busy or read-only: {err}") from err
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _begin_immediate(self) -> None:
        # busy_timeout covers most waits; retry the rare SQLITE_BUSY that escapes it
        # (a WAL checkpoint racing a new writer) instead of failing the run.
        for attempt in range(50):
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as err:
                if ("locked" not in str(err) and "busy" not in str(err)) or attempt == 49:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # -- texts ----------------------------------------------------------------------

    def add_text(
        self,
        name: str,
        path: str,
        content: str,
        segments: Sequence[Segment],
        *,
        lang: str = "en",
        segmentation: str = "sentences",
    ) -> int:
        """Store a text and its segments; the same content is stored once."""
        sha = hashlib.sha256(content.encode("utf-8")).hexdigest()
        with self._write() as db:
            row = db.execute(
                "SELECT id FROM texts WHERE sha256 = ? AND lang = ? AND segmentation = ?",
                (sha, lang, segmentation),
            ).fetchone()
            if row is not None:
                return int(row[0])
            cur = db.execute(
                "INSERT INTO texts (name, path, lang, segmentation, sha256, content, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, path, lang, segmentation, sha, content, time.time()),
            )
            text_id = int(cur.lastrowid or 0)
            db.executemany(
                "INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        text_id,
                        s.index,
                        s.paragraph,
                        s.sentence,
                        int(s.heading),
                        s.start,
                        s.end,
                        s.text,
                    )
                    for s in segments
                ],
            )
            return text_id

    def get_text(self, text_id: int) -> StoredText:
        rows = self._read("SELECT * FROM texts WHERE id = ?", (text_id,))
        if not rows:
            raise StoreError(f"{self.path}: no text {text_id}")
        r = rows[0]
        return StoredText(
            r["id"], r["name"], r["path"], r["lang"], r["segmentation"], r["sha256"], r["content"]
        )

    def segments(self, text_id: int) -> list[Segment]:
        return [
            Segment(
                r["idx"],
                r["paragraph"],
                r["sentence"],
                r["text"],
                r["start"],
                r["end"],
                bool(r["heading"]),
            )
            for r in self._read("SELECT * FROM segments WHERE text_id = ? ORDER BY idx", (text_id,))
        ]

    # -- translation cache --------------------------------------------------------

    def cached_translations(self, info: TranslatorInfo, texts: Iterable[str]) -> dict[str, str]:
        """Cached outputs for those of ``texts`` translated before with ``info``."""
        by_key = {translation_key(info, t): t for t in texts}
        found: dict[str, str] = {}
        keys = list(by_key)
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._read(
                f"SELECT key, output FROM translations WHERE key IN ({marks})", chunk
            ):
                found[by_key[r["key"]]] = r["output"]
        return found

    def cache_translations(self, info: TranslatorInfo, pairs: Iterable[tuple[str, str]]) -> None:
        """Commit (source, output) pairs at once: a later crash cannot lose them."""
        settings = json.dumps(info.settings_dict(), sort_keys=True)
        now = time.time()
        rows = [
            (
                translation_key(info, src),
                info.backend,
                info.model,
                info.revision,
                info.src_lang,
                info.tgt_lang,
                settings,
                src,
                out,
                now,
            )
            for src, out in pairs
        ]
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )

    def count_cached(self) -> int:
        return int(self._read("SELECT count(*) FROM translations")[0][0])

    # -- runs ---------------------------------------------------------------------------

    def start_run(
        self, text_id: int, system: str, kind: str, config: dict[str, Any]
    ) -> tuple[int, bool]:
        """Resume the unfinished run of this text and configuration, or create one.

        Returns ``(run_id, resumed)``.
        """
        blob = json.dumps(config, sort_keys=True, ensure_ascii=False)
        config_hash = hashlib.sha256(f"{system}\0{kind}\0{blob}".encode()).hexdigest()
        with self._write() as db:
            row = db.execute(
                "SELECT id FROM runs WHERE text_id = ? AND config_hash = ? AND status = 'running'"
                " ORDER BY id DESC LIMIT 1",
                (text_id, config_hash),
            ).fetchone()
            if row is not None:
                return int(row[0]), True
            cur = db.execute(
                "INSERT INTO runs (text_id, system, kind, config, config_hash, status, created)"
                " VALUES (?, ?, ?, ?, ?, 'running', ?)",
                (text_id, system, kind, blob, config_hash, time.time()),
            )
            return int(cur.lastrowid or 0), False

    def save_run_segments(
        self, run_id: int, rows: Iterable[tuple[int, str | None, str | None]]
    ) -> None:
        """Store (segment index, pivot, back) rows of a run."""
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO run_segments VALUES (?, ?, ?, ?)",
                [(run_id, idx, pivot, back) for idx, pivot, back in rows],
            )

    def save_scores(
        self,
        run_id: int,
        segment_scores: Sequence[dict[str, float]],
        corpus_scores: dict[str, Score],
        segment_signatures: dict[str, str] | None = None,
    ) -> None:
        """Replace the run's scores; signatures say how each number was made."""
        seg_sigs = segment_signatures or {}
        with self._write() as db:
            db.execute("DELETE FROM segment_scores WHERE run_id = ?", (run_id,))
            db.execute("DELETE FROM run_scores WHERE run_id = ?", (run_id,))
            db.executemany(
                "INSERT INTO segment_scores VALUES (?, ?, ?, ?)",
                [
                    (run_id, idx, metric, value)
                    for idx, scores in enumerate(segment_scores)
                    for metric, value in scores.items()
                ],
            )
            db.executemany(
                "INSERT INTO run_scores VALUES (?, ?, ?, ?, ?)",
                [
                    (run_id, s.metric, s.value, s.signature, seg_sigs.get(s.metric, s.signature))
                    for s in corpus_scores.values()
                ],
            )

    def save_flags(self, run_id: int, flags: Iterable[Flag]) -> None:
        """Replace the run's flags (re-detection replaces, decisions are kept apart)."""
        rows = []
        for f in flags:
            s, t = f.source, f.target
            rows.append(
                (
                    run_id,
                    f.segment,
                    f.kind,
                    f.severity.value,
                    f.detail,
                    f.detector,
                    s.start if s else None,
                    s.end if s else None,
                    s.text if s else None,
                    t.start if t else None,
                    t.end if t else None,
                    t.text if t else None,
                    f.target_side,
                    f.suggestion,
                    json.dumps(list(f.extra), ensure_ascii=False),
                )
            )
        with self._write() as db:
            db.execute("DELETE FROM flags WHERE run_id = ?", (run_id,))
            db.executemany(
                "INSERT INTO flags (run_id, idx, kind, severity, detail, detector, source_start,"
                " source_end, source_text, target_start, target_end, target_text, target_side,"
                " suggestion, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def finish_run(self, run_id: int) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE runs SET status = 'complete', finished = ? WHERE id = ?",
                (time.time(), run_id),
            )

    # -- decisions ------------------------------------------------------------------

    def add_decision(
        self,
        run_id: int,
        segment: int,
        *,
        flag: Flag | None = None,
        decision: str | None = None,
        note: str | None = None,
    ) -> int:
        if decision not in (None, "confirmed", "false-alarm"):
            raise ValueError(f"unknown decision {decision!r}")
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO decisions (run_id, idx, flag_key, decision, note, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, segment, flag_key(flag) if flag else None, decision, note, time.time()),
            )
            return int(cur.lastrowid or 0)

    def decisions(self, run_id: int) -> list[Decision]:
        return [
            Decision(
                r["id"],
                r["run_id"],
                r["idx"],
                r["flag_key"],
                r["decision"],
                r["note"],
                r["created"],
            )
            for r in self._read("SELECT * FROM decisions WHERE run_id = ? ORDER BY id", (run_id,))
        ]

    # -- reading runs -----------------------------------------------------------------

    def run_ids(self) -> list[int]:
        return [int(r[0]) for r in self._read("SELECT id FROM runs ORDER BY id")]

    def list_runs(self) -> list[RunSummary]:
        rows = self._read(
            """
            SELECT r.*, t.name AS text_name,
              (SELECT count(*) FROM segments s WHERE s.text_id = r.text_id) AS n_segments,
              (SELECT count(*) FROM run_segments rs WHERE rs.run_id = r.id
                 AND rs.back IS NOT NULL) AS n_translated,
              (SELECT count(*) FROM flags f WHERE f.run_id = r.id) AS n_flags
            FROM runs r JOIN texts t ON t.id = r.text_id ORDER BY r.id
            """
        )
        scores: dict[int, dict[str, float]] = {}
        for r in self._read("SELECT run_id, metric, value FROM run_scores"):
            scores.setdefault(r["run_id"], {})[r["metric"]] = r["value"]
        return [
            RunSummary(
                r["id"],
                r["text_id"],
                r["text_name"],
                r["system"],
                r["kind"],
                r["status"],
                r["created"],
                r["n_segments"],
                r["n_translated"],
                scores.get(r["id"], {}),
                r["n_flags"],
            )
            for r in rows
        ]

    def run_summary(self, run_id: int) -> RunSummary:
        for summary in self.list_runs():
            if summary.id == run_id:
                return summary
        raise StoreError(f"{self.path}: no run {run_id} (see `workbench runs`)")

    def load_run(self, run_id: int) -> RunView:
        summary = self.run_summary(run_id)
        run = self._read("SELECT config FROM runs WHERE id = ?", (run_id,))[0]
        text = self.get_text(summary.text_id)
        translated = {
            r["idx"]: (r["pivot"], r["back"])
            for r in self._read("SELECT * FROM run_segments WHERE run_id = ?", (run_id,))
        }
        seg_scores: dict[int, dict[str, float]] = {}
        for r in self._read(
            "SELECT idx, metric, value FROM segment_scores WHERE run_id = ?", (run_id,)
        ):
            seg_scores.setdefault(r["idx"], {})[r["metric"]] = r["value"]
        flags: dict[int, list[Flag]] = {}
        for r in self._read("SELECT * FROM flags WHERE run_id = ? ORDER BY id", (run_id,)):
            flags.setdefault(r["idx"], []).append(_flag_from_row(r))
        rows = tuple(
            RunRow(
                seg,
                *translated.get(seg.index, (None, None)),
                seg_scores.get(seg.index, {}),
                tuple(flags.get(seg.index, ())),
            )
            for seg in self.segments(summary.text_id)
        )
        score_rows = self._read("SELECT * FROM run_scores WHERE run_id = ?", (run_id,))
        corpus = {r["metric"]: Score(r["metric"], r["value"], r["signature"]) for r in score_rows}
        seg_sigs = {r["metric"]: r["segment_signature"] for r in score_rows}
        return RunView(
            summary,
            text,
            json.loads(run["config"]),
            rows,
            corpus,
            seg_sigs,
            tuple(self.decisions(run_id)),
        )

    def integrity_ok(self) -> bool:
        return bool(self._read("PRAGMA integrity_check")[0][0] == "ok")

    # -- added for batch and compare (issue 5) ----------------------------------------

    def find_complete_run(
        self, text_id: int, system: str, kind: str, config: dict[str, Any]
    ) -> int | None:
        """The newest complete run of this text, system, kind and configuration."""
        wanted = json.loads(json.dumps(config, sort_keys=True, ensure_ascii=False))
        for r in self._read(
            "SELECT id, config FROM runs WHERE text_id = ? AND system = ? AND kind = ?"
            " AND status = 'complete' ORDER BY id DESC",
            (text_id, system, kind),
        ):
            if json.loads(r["config"]) == wanted:
                return int(r["id"])
        return None

    def save_leg_scores(
        self,
        run_id: int,
        leg: str,
        reference_text_id: int,
        segment_scores: Sequence[dict[str, float]],
        corpus_scores: dict[str, Score],
        segment_signatures: dict[str, str] | None = None,
    ) -> None:
        """Replace the run's scores for ``leg`` against the stored reference text."""
        seg_sigs = segment_signatures or {}
        with self._write() as db:
            db.execute("DELETE FROM leg_scores WHERE run_id = ? AND leg = ?", (run_id, leg))
            db.execute("DELETE FROM leg_segment_scores WHERE run_id = ? AND leg = ?", (run_id, leg))
            db.executemany(
                "INSERT INTO leg_segment_scores VALUES (?, ?, ?, ?, ?)",
                [
                    (run_id, leg, idx, metric, value)
                    for idx, scores in enumerate(segment_scores)
                    for metric, value in scores.items()
                ],
            )
            db.executemany(
                "INSERT INTO leg_scores VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        run_id,
                        leg,
                        reference_text_id,
                        s.metric,
                        s.value,
                        s.signature,
                        seg_sigs.get(s.metric, s.signature),
                    )
                    for s in corpus_scores.values()
                ],
            )

    def leg_scores(self, run_id: int) -> dict[str, LegScores]:
        """The run's stored leg scores, keyed by leg (empty when it has none)."""
        legs: dict[str, LegScores] = {}
        rows = self._read("SELECT * FROM leg_scores WHERE run_id = ? ORDER BY leg", (run_id,))
        for leg in dict.fromkeys(r["leg"] for r in rows):
            mine = [r for r in rows if r["leg"] == leg]
            per_segment: dict[int, dict[str, float]] = {}
            for r in self._read(
                "SELECT idx, metric, value FROM leg_segment_scores WHERE run_id = ? AND leg = ?",
                (run_id, leg),
            ):
                per_segment.setdefault(r["idx"], {})[r["metric"]] = r["value"]
            count = max(per_segment, default=-1) + 1
            legs[leg] = LegScores(
                run_id,
                leg,
                int(mine[0]["reference_text_id"]),
                {r["metric"]: Score(r["metric"], r["value"], r["signature"]) for r in mine},
                tuple(per_segment.get(i, {}) for i in range(count)),
                {r["metric"]: r["segment_signature"] for r in mine},
            )
        return legs


def _flag_from_row(r: sqlite3.Row) -> Flag:
    def span(prefix: str) -> Span | None:
        if r[f"{prefix}_text"] is None:
            return None
        return Span(r[f"{prefix}_start"], r[f"{prefix}_end"], r[f"{prefix}_text"])

    return Flag(
        kind=r["kind"],
        segment=r["idx"],
        source=span("source"),
        target=span("target"),
        severity=Severity(r["severity"]),
        detail=r["detail"],
        detector=r["detector"],
        target_side=r["target_side"],
        suggestion=r["suggestion"],
        extra=tuple((str(k), str(v)) for k, v in json.loads(r["extra"])),
    )
