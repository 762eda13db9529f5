"""The tutor's study over the progress store, and its fallback: when the store cannot be used
the study goes on in an in-memory store (the same class), keeping this run's attempts."""

from __future__ import annotations

import sqlite3

from exercises.loader import load_catalog
from grader.verdict import Verdict
from tutor.progress.store import ProgressStore, StoreError
from tutor.session import Session
from tutor.study import Study

CATALOG = load_catalog(entry_points=False)
EXERCISE = CATALOG.find("adjoints/matmul-backward")
OTHER = CATALOG.find("matrix-calculus/linear-yax")


def verdict(status: str, mistake: str | None = None) -> Verdict:
    return Verdict(
        EXERCISE.qualified_id, status, 1.0 if status == "passed" else 0.0, "", mistake=mistake
    )


def foreign_file(tmp_path):
    path = tmp_path / "not-a-store.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text)")
    return path


def test_a_working_store_is_written_through(tmp_path):
    study = Study(Session(learner="ada", db_path=tmp_path / "p.sqlite3"))
    study.record(EXERCISE, verdict("wrong", "transposed"), "A", hints_used=0)
    study.record(EXERCISE, verdict("passed"), "B", hints_used=1)
    assert study.saving and study.notice is None
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        assert [a.answer for a in store.attempts("ada")] == ["A", "B"]


def test_an_unusable_store_falls_back_to_memory_with_a_notice(tmp_path):
    path = foreign_file(tmp_path)
    before = path.read_bytes()
    study = Study(Session(learner="ada", db_path=path))
    assert not study.saving and "not a backprop-tutor progress store" in study.notice
    assert study.status(EXERCISE.qualified_id) == "untouched" and study.streak() == 0
    study.record(EXERCISE, verdict("wrong", "transposed"), "A", hints_used=0)
    study.record_hint(EXERCISE, 2)
    study.record(EXERCISE, verdict("wrong", "transposed"), "A2", hints_used=2)
    assert study.status(EXERCISE.qualified_id) == "attempted"
    assert study.last_answer(EXERCISE.qualified_id) == "A2"
    assert study.hints_shown(EXERCISE.qualified_id) == 2
    assert list(study.frequent_mistakes()) == [("transposed", 2, EXERCISE.qualified_id)]
    assert study.activity(3)[-1] == 2 and study.streak() == 1
    study.record(EXERCISE, verdict("passed"), "B", hints_used=2)
    assert study.solved(EXERCISE.qualified_id)
    assert [a.answer for a in study.recent_attempts()] == ["B", "A2", "A"]
    pack = CATALOG.pack(EXERCISE.pack)
    assert study.pack_completion(pack) == (1, len(pack.exercises))
    assert path.read_bytes() == before, "the foreign file was changed"


def test_a_store_failing_mid_run_keeps_the_attempts_of_this_run(tmp_path, monkeypatch):
    study = Study(Session(learner="ada", db_path=tmp_path / "p.sqlite3"))
    study.record(EXERCISE, verdict("passed"), "B", hints_used=0)

    def refused(*args, **kwargs):
        raise StoreError("the disk is full")

    monkeypatch.setattr(study.store, "record_verdict", refused)
    study.record(OTHER, verdict("wrong"), "x", hints_used=0)
    assert not study.saving and study.notice == "Progress is not being saved: the disk is full"
    assert study.solved(EXERCISE.qualified_id)
    assert study.status(OTHER.qualified_id) == "attempted"
    assert [a.answer for a in study.recent_attempts()] == ["x", "B"], "each attempt once"


def test_learners_are_kept_apart_in_memory(tmp_path):
    study = Study(Session(learner="ada", db_path=foreign_file(tmp_path)))
    study.record(EXERCISE, verdict("passed"), "B", hints_used=0)
    study.switch_learner("grace")
    assert study.status(EXERCISE.qualified_id) == "untouched"
    assert study.learners() == ["ada", "grace"]
