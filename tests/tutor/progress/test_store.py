"""The progress store keeps every attempt: across versions, writers, crashes and bad files."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from exercises.loader import load_catalog
from grader.verdict import Verdict
from tutor.progress.store import SCHEMA_VERSION, ProgressStore, StoreError

CATALOG = load_catalog([], entry_points=False)
LINEAR = CATALOG.find("matrix-calculus/linear-yax")
MATMUL = CATALOG.find("adjoints/matmul-backward")
UTC = dt.UTC


def verdict(status: str = "passed", mistake: str | None = None) -> Verdict:
    return Verdict(
        LINEAR.qualified_id,
        status,
        1.0 if status == "passed" else 0.0,
        "fb",
        mistake=mistake,
        elapsed_ms=3.5,
    )


def test_an_attempt_keeps_everything_a_learner_would_look_back_at(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record_hint("ada", LINEAR.qualified_id, 2)
    store.record_verdict("ada", LINEAR, verdict("wrong", "transposed"), "x y^T")
    [attempt] = store.attempts("ada", LINEAR.qualified_id)
    assert (
        attempt.exercise,
        attempt.pack,
        attempt.pack_version,
        attempt.kind,
        attempt.status,
        attempt.mistake,
        attempt.hints,
        attempt.elapsed_ms,
        attempt.answer,
    ) == (
        "matrix-calculus/linear-yax",
        "matrix-calculus",
        LINEAR.pack_version,
        "expression",
        "wrong",
        "transposed",
        2,
        3.5,
        "x y^T",
    )


def test_derived_views(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    day = dt.datetime(2026, 11, 20, 12, tzinfo=UTC)
    store.record_verdict("ada", LINEAR, verdict("wrong", "transposed"), "x y^T", when=day)
    store.record_verdict(
        "ada", LINEAR, verdict("wrong", "transposed"), "x y'", when=day + dt.timedelta(days=1)
    )
    store.record_verdict("ada", LINEAR, verdict(), "y x^T", when=day + dt.timedelta(days=2))
    [stats] = store.exercise_stats("ada")
    assert (stats.attempts, stats.best_score, stats.solved) == (3, 1.0, True)
    assert stats.first_solved == day + dt.timedelta(days=2)
    assert store.frequent_mistakes("ada") == [("transposed", 2, LINEAR.qualified_id)]
    assert store.streak("ada", today=(day + dt.timedelta(days=2)).astimezone().date()) == 3
    assert store.last_answer("ada", LINEAR.qualified_id) == "y x^T"
    assert store.pack_completion("ada", CATALOG.pack("matrix-calculus"))[0] == 1
    assert (
        sum(store.activity("ada", days=5, today=(day + dt.timedelta(days=2)).astimezone().date()))
        == 3
    )


def test_a_solved_exercise_comes_back_for_review(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    solved_at = dt.datetime(2026, 11, 1, tzinfo=UTC)
    store.record_verdict("ada", LINEAR, verdict(), "y x^T", when=solved_at)
    assert store.due_reviews("ada", now=solved_at + dt.timedelta(hours=1)) == []
    assert store.due_reviews("ada", now=solved_at + dt.timedelta(days=30)) == [LINEAR.qualified_id]
    assert store.statuses("ada", now=solved_at + dt.timedelta(days=30)) == {
        LINEAR.qualified_id: "due"
    }


def test_a_v1_store_is_migrated_and_keeps_its_history(tmp_path, data_dir):
    path = tmp_path / "old.sqlite3"
    shutil.copy(data_dir / "progress" / "store-v1.sqlite3", path)
    store = ProgressStore(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [a.answer for a in store.attempts("ada")] == ["x y^T", "y x^T"]
    assert store.learners() == ["ada", "grace"]
    store.record_verdict("ada", LINEAR, verdict(), "y x^T", hints_used=1)
    assert store.attempts("ada")[-1].hints == 1


def _record_many(path: str, learner: str, count: int) -> None:
    store = ProgressStore(Path(path))
    for i in range(count):
        store.record_verdict(learner, LINEAR, verdict("wrong" if i % 2 else "passed"), str(i))


def test_four_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.sqlite3"
    ProgressStore(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_record_many, args=(str(path), f"l{i}", 50)) for i in range(4)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    store = ProgressStore(path)
    assert {name: len(store.attempts(name)) for name in store.learners()} == {
        "l0": 50,
        "l1": 50,
        "l2": 50,
        "l3": 50,
    }


KILLED_WRITER = """
import sys
from pathlib import Path
from exercises.loader import load_catalog
from grader.verdict import Verdict
from tutor.progress.store import ProgressStore
store = ProgressStore(Path(sys.argv[1]))
ex = load_catalog([], entry_points=False).find("matrix-calculus/linear-yax")
i = 0
while True:
    store.record_verdict("ada", ex, Verdict(ex.qualified_id, "wrong", 0.0, "x"), "a" * 5000)
    i += 1
    if i == 20:
        print("ready", flush=True)
"""


def test_a_writer_killed_mid_attempt_leaves_a_sound_store(tmp_path):
    path = tmp_path / "p.sqlite3"
    store = ProgressStore(path)
    for i in range(5):
        store.record_verdict("ada", LINEAR, verdict(), f"before {i}")
    store.close()
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout.readline().strip() == "ready"
    time.sleep(0.05)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    answers = [a.answer for a in ProgressStore(path).attempts("ada")]
    assert answers[:5] == [f"before {i}" for i in range(5)]
    assert len(answers) >= 25


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("my notes, not a database\n")
    with pytest.raises(StoreError, match="not a backprop-tutor progress store"):
        ProgressStore(path)
    assert path.read_text() == "my notes, not a database\n"


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StoreError, match="not a backprop-tutor progress store"):
        ProgressStore(path)


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.sqlite3"
    ProgressStore(path).close()
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer backprop-tutor"):
        ProgressStore(path)


def test_a_read_only_store_says_so_and_keeps_its_history(unprivileged):
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        path = Path(folder) / "ro.sqlite3"
        ProgressStore(path).record_verdict("ada", LINEAR, verdict(), "y x^T")
        path.chmod(0o444)

        def record_again() -> str:
            try:
                ProgressStore(path).record_verdict("ada", LINEAR, verdict(), "again")
            except StoreError as error:
                return str(error)
            return "recorded"

        assert unprivileged(record_again) == (
            f"the progress store {path} is read-only: attempts cannot be recorded"
        )
        assert [a.answer for a in ProgressStore(path).attempts("ada")] == ["y x^T"]


def test_a_read_only_folder_says_so(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "p.sqlite3"
    ProgressStore(path).record_verdict("ada", LINEAR, verdict(), "y x^T")
    uri = f"file:{path}?mode=ro"
    store = ProgressStore(path)
    store._db.close()
    store._db = sqlite3.connect(uri, uri=True, isolation_level=None)
    with pytest.raises(StoreError, match="read-only"):
        store.record_verdict("ada", LINEAR, verdict(), "again")
    assert len(ProgressStore(path).attempts("ada")) == 1


def test_a_store_locked_by_another_program_says_so(tmp_path):
    path = tmp_path / "p.sqlite3"
    ProgressStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = ProgressStore(path, busy_ms=200)
        with pytest.raises(StoreError, match="locked by another program"):
            store.record_verdict("ada", LINEAR, verdict(), "y x^T")
    finally:
        holder.execute("ROLLBACK")
    assert ProgressStore(path).attempts("ada") == []


def test_the_v1_fixture_is_what_its_sql_recipe_builds(tmp_path, data_dir):
    built = sqlite3.connect(tmp_path / "built.sqlite3")
    built.executescript((data_dir / "progress" / "store-v1.sql").read_text())
    shipped = sqlite3.connect(
        f"file:{data_dir / 'progress' / 'store-v1.sqlite3'}?mode=ro", uri=True
    )
    assert list(built.iterdump()) == list(shipped.iterdump())
    assert built.execute("PRAGMA user_version").fetchone() == (1,)


def _open_and_record(path: str, learner: str, barrier) -> None:
    barrier.wait()
    ProgressStore(Path(path)).record_verdict(learner, LINEAR, verdict(), "y x^T")


def test_processes_opening_a_new_store_at_once_create_it_once(tmp_path):
    path = tmp_path / "new" / "p.sqlite3"
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    workers = [
        context.Process(target=_open_and_record, args=(str(path), f"l{i}", barrier))
        for i in range(4)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert ProgressStore(path).learners() == ["l0", "l1", "l2", "l3"]


def test_recent_attempts_are_newest_first(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    for answer in ("a", "b", "c"):
        store.record_verdict("ada", LINEAR, verdict("wrong"), answer)
    assert [a.answer for a in store.recent_attempts("ada", limit=2)] == ["c", "b"]


def test_hints_seen_count_towards_the_attempt(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record_hint("ada", LINEAR.qualified_id, 2)
    store.record_hint("ada", LINEAR.qualified_id, 1)
    store.record_verdict("ada", LINEAR, verdict(), "y x^T")
    assert store.hints_shown("ada", LINEAR.qualified_id) == 2
    assert [s.hints_used for s in store.exercise_stats("ada")] == [2]


def test_failing_a_solved_exercise_brings_it_back_sooner(tmp_path):
    clean, slipped = (ProgressStore(tmp_path / f"{n}.sqlite3") for n in ("clean", "slipped"))
    solved_at = dt.datetime(2026, 11, 1, tzinfo=UTC)
    for store in (clean, slipped):
        store.record_verdict("ada", LINEAR, verdict(), "y x^T", when=solved_at)
    slipped.record_verdict(
        "ada",
        LINEAR,
        verdict("wrong", "transposed"),
        "x y^T",
        when=solved_at + dt.timedelta(hours=1),
    )
    [kept], [lapsed] = clean.exercise_stats("ada"), slipped.exercise_stats("ada")
    assert lapsed.solved and lapsed.due < kept.due


LOCK_HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA locking_mode = EXCLUSIVE")
db.execute("BEGIN EXCLUSIVE")
db.execute("SELECT count(*) FROM attempts").fetchone()
print("locked", flush=True)
sys.stdin.readline()
"""


def test_a_store_another_process_holds_exclusively_is_refused_then_usable(tmp_path):
    path = tmp_path / "p.sqlite3"
    ProgressStore(path).record_verdict("ada", LINEAR, verdict(), "y x^T")
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError, match="locked by another program"):
            ProgressStore(path, busy_ms=200).attempts("ada")
    finally:
        holder.communicate("\n", timeout=30)
    assert [a.answer for a in ProgressStore(path).attempts("ada")] == ["y x^T"]


def test_a_store_whose_folder_is_a_file_names_the_file(tmp_path):
    (tmp_path / "notes").write_text("")
    with pytest.raises(StoreError, match="cannot open the progress store .*notes"):
        ProgressStore(tmp_path / "notes" / "p.sqlite3")
