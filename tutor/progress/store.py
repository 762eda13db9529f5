"""Every learner's attempts in one SQLite file, safe with several writers and after a crash.

WAL mode and a busy timeout let the tutor, `watch` and `check` write at once; each attempt is
one ``BEGIN IMMEDIATE`` transaction, so a kill loses at most the attempt in flight. The schema
version lives in ``PRAGMA user_version`` and older stores are migrated forward on open; a store
from a newer version, or a file that is not a store, is refused with a message, never reset.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from exercises.model import Exercise, Pack
from grader.verdict import Verdict
from tutor.progress.schedule import review
from tutor.progress.views import Attempt, Completion, ExerciseStats, Mistake, completion, streak

SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 15_000
MEMORY = ":memory:"
"""SQLite's name for a database that lives in memory only (``ProgressStore.in_memory``)."""

MIGRATIONS = {
    1: """
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            learner TEXT NOT NULL,
            exercise TEXT NOT NULL,
            pack TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            at TEXT NOT NULL,
            status TEXT NOT NULL,
            score REAL NOT NULL,
            mistake TEXT,
            answer TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX attempts_by_learner ON attempts (learner, exercise);
    """,
    2: """
        ALTER TABLE attempts ADD COLUMN kind TEXT NOT NULL DEFAULT '';
        ALTER TABLE attempts ADD COLUMN hints INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE attempts ADD COLUMN elapsed_ms REAL NOT NULL DEFAULT 0;
        CREATE TABLE hints (
            learner TEXT NOT NULL,
            exercise TEXT NOT NULL,
            shown INTEGER NOT NULL,
            PRIMARY KEY (learner, exercise)
        );
        CREATE TABLE reviews (
            learner TEXT NOT NULL,
            exercise TEXT NOT NULL,
            card TEXT NOT NULL,
            due TEXT NOT NULL,
            PRIMARY KEY (learner, exercise)
        );
    """,
    3: """
        ALTER TABLE attempts ADD COLUMN regrade INTEGER NOT NULL DEFAULT 0;
    """,
    4: """
        ALTER TABLE attempts ADD COLUMN variant INTEGER;
        CREATE TABLE fresh_variants (
            learner TEXT NOT NULL,
            exercise TEXT NOT NULL,
            at TEXT NOT NULL
        );
    """,
}
"""Version -> the SQL that brings a store from the version before it to this one."""


class StoreError(Exception):
    """A progress store that cannot be used; the message says why and what to do."""


class ReadOnlyStore(StoreError):
    """A store that can be read but not written: checking still works, recording does not."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


class ProgressStore:
    """One connection to a store file; every method raises ``StoreError``, never sqlite3's."""

    def __init__(self, path: Path, *, create: bool = True, busy_ms: int = BUSY_TIMEOUT_MS):
        self.path = Path(path)
        self.in_memory_only = str(path) == MEMORY
        if not self.in_memory_only and not self.path.exists() and not create:
            raise StoreError(f"no progress store at {self.path}")
        try:
            if not self.in_memory_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock = threading.RLock()
            self._busy_s = busy_ms / 1000
            self.read_only = False
            self._db = self._connect(str(self.path), uri=False)
            try:
                self._refuse_foreign()
            except sqlite3.OperationalError as error:
                if not self._readable_as_immutable(error):
                    raise
                self._db.close()
                self._db = self._connect(self.path.resolve().as_uri() + "?immutable=1", uri=True)
                self.read_only = True
                self._refuse_foreign()
            if self.read_only:
                self._refuse_older()
            else:
                self._use_wal()
                self._migrate()
        except sqlite3.DatabaseError as error:
            raise self._error(error) from None
        except OSError as error:
            where = f" ({error.filename})" if error.filename else ""
            raise StoreError(
                f"cannot open the progress store {self.path}: {error.strerror or error}{where}"
            ) from None

    @classmethod
    def in_memory(cls) -> ProgressStore:
        """A store that lasts as long as this object: the tutor's study when the real store
        cannot be used, with every query of a real one."""
        return cls(Path(MEMORY))

    def _connect(self, target: str, *, uri: bool) -> sqlite3.Connection:
        db = sqlite3.connect(
            target, uri=uri, timeout=self._busy_s, isolation_level=None, check_same_thread=False
        )
        db.execute(f"PRAGMA busy_timeout = {int(self._busy_s * 1000)}")
        return db

    def _readable_as_immutable(self, error: sqlite3.OperationalError) -> bool:
        """Whether a store that cannot be opened for writing can still be read as it is.

        A WAL store in a folder this user may not write to (a class's stores collected on a
        read-only share) cannot even be read normally: SQLite wants to create its ``-shm``
        file. Without a ``-wal`` file beside it nobody is writing to it (a writer would need
        one) and the file holds every committed attempt, so it is read as immutable; writing
        then fails with the read-only message.
        """
        return (
            "readonly" in str(error)
            and self.path.is_file()
            and not self.path.with_name(self.path.name + "-wal").exists()
        )

    def _refuse_older(self) -> None:
        if self._version() < SCHEMA_VERSION:
            raise StoreError(
                f"the progress store {self.path} is read-only and was written by "
                "an older backprop-tutor; open it once where it can be written "
                "to bring it up to date"
            )

    def _error(self, error: sqlite3.DatabaseError) -> StoreError:
        message = self._explain(error)
        text = str(error)
        return (ReadOnlyStore if "readonly" in text or "read-only" in text else StoreError)(message)

    def _explain(self, error: sqlite3.DatabaseError) -> str:
        text = str(error)
        if "not a database" in text or "malformed" in text:
            return (
                f"{self.path} is not a backprop-tutor progress store (or it is damaged); "
                "it was left untouched. Use --db to choose another file."
            )
        if "readonly" in text or "read-only" in text:
            return f"the progress store {self.path} is read-only: attempts cannot be recorded"
        if "locked" in text or "busy" in text:
            return (
                f"the progress store {self.path} is locked by another program; "
                "try again when it is done"
            )
        if "unable to open" in text:
            return f"cannot open the progress store {self.path}: {text}"
        return f"the progress store {self.path} cannot be used: {text}"

    def _version(self) -> int:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer backprop-tutor (schema "
                f"{version}, this one knows {SCHEMA_VERSION}); upgrade to use it"
            )
        return version

    def _refuse_foreign(self) -> None:
        """Refuse another program's SQLite file before changing anything in it.

        Version and tables are read in one statement (one snapshot): read apart, a store
        created by another process in between would look like a foreign file.
        """
        version, tables = self._db.execute(
            "SELECT user_version, (SELECT count(*) FROM sqlite_master) FROM pragma_user_version"
        ).fetchone()
        if version == 0 and tables:
            raise StoreError(
                f"{self.path} is an SQLite file but not a backprop-tutor progress "
                "store; it was left untouched. Use --db to choose another file."
            )

    def _use_wal(self) -> None:
        """Switch to WAL (kept in the file, so a no-op after the first time).

        Two processes switching a new file at once can deadlock on the upgrade to an exclusive
        lock, which SQLite reports as busy at once instead of waiting; so retry until the
        busy timeout.
        """
        deadline = time.monotonic() + self._busy_s
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _migrate(self) -> None:
        """Bring the schema up to date; the version is read again under the write lock so
        that processes opening a new store at the same moment create it once."""
        if self._version() == SCHEMA_VERSION:
            return
        with self._transaction() as db:
            version = self._version()
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in filter(str.strip, MIGRATIONS[step].split(";")):
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        """Close at once when dropped: sqlite3's statement cache refers back to the connection,
        so without this it would stay open (holding its file) until a garbage collection."""
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with the write lock up front (BEGIN IMMEDIATE) so it
        waits for other writers instead of failing half-way; all of it or none of it lands."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            with self._lock:
                return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            raise self._error(error) from None

    # -- recording ---------------------------------------------------------------------------
    def record_graded(self, learner: str, exercise: Exercise, verdict: Verdict, answer: str) -> str:
        """Record a batch-graded answer once: ``"unchanged"`` when this learner's same answer
        to the exercise is already recorded at this pack version (a ``grade --record`` run
        again), ``"regrade"`` when it was recorded at another version only (recorded, marked
        as a regrade), else ``"recorded"``. Decided and written in one transaction."""
        qid = exercise.qualified_id
        try:
            with self._transaction() as db:
                versions = {
                    row[0]
                    for row in db.execute(
                        "SELECT pack_version FROM attempts WHERE learner = ? AND exercise = ?"
                        " AND answer = ?",
                        (learner, qid, answer),
                    )
                }
                if exercise.pack_version in versions:
                    return "unchanged"
                self._insert(
                    db, learner, exercise, verdict, answer, None, None, regrade=bool(versions)
                )
        except sqlite3.DatabaseError as error:
            raise self._error(error) from None
        return "regrade" if versions else "recorded"

    def record_verdict(
        self,
        learner: str,
        exercise: Exercise,
        verdict: Verdict,
        answer: str = "",
        hints_used: int | None = None,
        when: dt.datetime | None = None,
    ) -> int:
        """Record one attempt and reschedule its review in one transaction; its row id.

        The review card is read inside the transaction, so two processes checking the same
        exercise cannot both start from the old card and lose one review.
        """
        try:
            with self._transaction() as db:
                return self._insert(db, learner, exercise, verdict, answer, hints_used, when)
        except sqlite3.DatabaseError as error:
            raise self._error(error) from None

    @staticmethod
    def _insert(
        db: sqlite3.Connection,
        learner: str,
        exercise: Exercise,
        verdict: Verdict,
        answer: str,
        hints_used: int | None,
        when: dt.datetime | None,
        *,
        regrade: bool = False,
    ) -> int:
        when = (when or _now()).astimezone(dt.UTC)  # one zone: times compare as text
        qid = exercise.qualified_id
        if hints_used is None:
            row = db.execute(
                "SELECT shown FROM hints WHERE learner = ? AND exercise = ?", (learner, qid)
            ).fetchone()
            hints_used = row[0] if row else 0
        rowid = db.execute(
            "INSERT INTO attempts (learner, exercise, pack, pack_version, at, kind,"
            " status, score, mistake, hints, elapsed_ms, answer, regrade, variant)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                learner,
                qid,
                exercise.pack,
                exercise.pack_version,
                when.isoformat(),
                exercise.kind,
                verdict.status,
                float(verdict.score),
                verdict.mistake,
                int(hints_used),
                float(verdict.elapsed_ms),
                answer,
                int(regrade),
                verdict.variant,
            ),
        ).lastrowid
        card = db.execute(
            "SELECT card FROM reviews WHERE learner = ? AND exercise = ?", (learner, qid)
        ).fetchone()
        scheduled = review(card[0] if card else None, verdict.passed, hints_used, when)
        if scheduled is not None:
            db.execute(
                "INSERT OR REPLACE INTO reviews (learner, exercise, card, due) VALUES (?,?,?,?)",
                (learner, qid, scheduled[0], scheduled[1].isoformat()),
            )
        assert rowid is not None, "an INSERT has a row id"
        return rowid

    def record_hint(self, learner: str, exercise_id: str, shown: int) -> None:
        """The learner has seen ``shown`` hints of the exercise (never goes down)."""
        try:
            with self._transaction() as db:
                db.execute(
                    "INSERT INTO hints (learner, exercise, shown) VALUES (?,?,?)"
                    " ON CONFLICT (learner, exercise)"
                    " DO UPDATE SET shown = max(shown, excluded.shown)",
                    (learner, exercise_id, int(shown)),
                )
        except sqlite3.DatabaseError as error:
            raise self._error(error) from None

    # -- reading -----------------------------------------------------------------------------
    def learners(self) -> list[str]:
        return [r[0] for r in self._read("SELECT DISTINCT learner FROM attempts ORDER BY 1")]

    def attempts(
        self,
        learner: str | None = None,
        exercise_id: str | None = None,
        *,
        newest_first: bool = False,
        limit: int = -1,
    ) -> list[Attempt]:
        """Attempts in the order they were recorded (or newest first), optionally filtered."""
        sql = (
            "SELECT learner, exercise, pack_version, at, kind, status, score, mistake, hints,"
            " elapsed_ms, answer, pack, regrade, variant FROM attempts"
            " WHERE (? IS NULL OR learner = ?)"
            " AND (? IS NULL OR exercise = ?) ORDER BY id"
            + (" DESC" if newest_first else "")
            + " LIMIT ?"
        )
        rows = self._read(sql, (learner, learner, exercise_id, exercise_id, limit))
        return [
            Attempt(
                r[0],
                r[1],
                r[2],
                _time(r[3]),
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                r[10],
                r[11],
                bool(r[12]),
                r[13],
            )
            for r in rows
        ]

    def fresh_variants(self, learner: str, exercise_id: str) -> list[dt.datetime]:
        """When the learner asked for a fresh variant of a family (oldest first)."""
        rows = self._read(
            "SELECT at FROM fresh_variants WHERE learner = ? AND exercise = ? ORDER BY at",
            (learner, exercise_id),
        )
        return [_time(r[0]) for r in rows]

    def ask_fresh_variant(
        self, learner: str, exercise_id: str, when: dt.datetime | None = None
    ) -> None:
        """The learner gives up the current variant of a family for a fresh one."""
        when = (when or _now()).astimezone(dt.UTC)
        try:
            with self._transaction() as db:
                db.execute(
                    "INSERT INTO fresh_variants (learner, exercise, at) VALUES (?,?,?)",
                    (learner, exercise_id, when.isoformat()),
                )
        except sqlite3.DatabaseError as error:
            raise self._error(error) from None

    def _days_active(self, learner: str) -> list[dt.date]:
        """The local date of each of the learner's attempts (answers are not read)."""
        rows = self._read("SELECT at FROM attempts WHERE learner = ?", (learner,))
        return [_time(r[0]).astimezone().date() for r in rows]

    def hints_shown(self, learner: str, exercise_id: str) -> int:
        rows = self._read(
            "SELECT shown FROM hints WHERE learner = ? AND exercise = ?", (learner, exercise_id)
        )
        return rows[0][0] if rows else 0

    def last_answer(self, learner: str, exercise_id: str) -> str | None:
        rows = self._read(
            "SELECT answer FROM attempts WHERE learner = ? AND exercise = ?"
            " ORDER BY id DESC LIMIT 1",
            (learner, exercise_id),
        )
        return rows[0][0] if rows else None

    def recent_attempts(self, learner: str, limit: int = 10) -> list[Attempt]:
        return self.attempts(learner, newest_first=True, limit=limit)

    def exercise_stats(self, learner: str | None = None) -> list[ExerciseStats]:
        """Per learner and exercise: attempts, best score, solved, first solved, hints, due."""
        rows = self._read(
            "SELECT a.learner, a.exercise, count(*), max(a.score),"
            " min(CASE WHEN a.status = 'passed' THEN a.at END), max(a.at), max(a.hints),"
            " r.due FROM attempts a LEFT JOIN reviews r"
            " ON r.learner = a.learner AND r.exercise = a.exercise"
            " WHERE (? IS NULL OR a.learner = ?) GROUP BY a.learner, a.exercise"
            " ORDER BY a.learner, a.exercise",
            (learner, learner),
        )
        hints = {
            (r[0], r[1]): r[2] for r in self._read("SELECT learner, exercise, shown FROM hints")
        }
        return [
            ExerciseStats(
                learner=r[0],
                exercise=r[1],
                attempts=r[2],
                best_score=r[3],
                solved=r[4] is not None,
                first_solved=_time(r[4]) if r[4] else None,
                last_attempt=_time(r[5]),
                hints_used=max(r[6], hints.get((r[0], r[1]), 0)),
                due=_time(r[7]) if r[7] else None,
            )
            for r in rows
        ]

    def statuses(self, learner: str, now: dt.datetime | None = None) -> dict[str, str]:
        now = now or _now()
        return {s.exercise: s.status(now) for s in self.exercise_stats(learner)}

    def due_reviews(self, learner: str, now: dt.datetime | None = None) -> list[str]:
        now = now or _now()
        rows = self._read(
            "SELECT exercise, due FROM reviews WHERE learner = ? ORDER BY due", (learner,)
        )
        return [r[0] for r in rows if _time(r[1]) <= now]

    def next_review(self, learner: str) -> tuple[str, dt.datetime] | None:
        """The exercise that comes back first and when, or None if nothing is scheduled."""
        rows = self._read("SELECT exercise, due FROM reviews WHERE learner = ?", (learner,))
        return min(((r[0], _time(r[1])) for r in rows), key=lambda r: r[1], default=None)

    def frequent_mistakes(self, learner: str, limit: int = 5) -> list[Mistake]:
        """(mistake id, how often, the exercise where it was made last), most frequent first."""
        mistakes = self._read(
            "SELECT mistake, exercise FROM attempts WHERE learner = ?"
            " AND mistake IS NOT NULL AND mistake != '' ORDER BY id",
            (learner,),
        )
        counts = Counter(m for m, _ in mistakes)
        last = {m: e for m, e in mistakes}
        return [Mistake(m, n, last[m]) for m, n in counts.most_common(limit)]

    def activity(self, learner: str, days: int = 30, today: dt.date | None = None) -> list[int]:
        """Attempts per day over the last ``days`` days, oldest first (local dates)."""
        today = today or dt.date.today()
        counts = [0] * days
        for day in self._days_active(learner):
            age = (today - day).days
            if 0 <= age < days:
                counts[days - 1 - age] += 1
        return counts

    def streak(self, learner: str, today: dt.date | None = None) -> int:
        return streak(set(self._days_active(learner)), today or dt.date.today())

    def pack_completion(self, learner: str, pack: Pack) -> Completion:
        return completion(pack, self.statuses(learner))
