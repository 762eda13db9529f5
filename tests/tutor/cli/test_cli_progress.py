"""`check` records, `progress` and `review` show it, as a learner and an instructor use them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from click.testing import CliRunner

from tutor.cli import main
from tutor.progress.store import ProgressStore


def run(db, *args: str, learner: str = "ada"):
    return CliRunner().invoke(main, ["--db", str(db), "--learner", learner, *args])


def test_check_records_and_progress_shows_it(tmp_path):
    db = tmp_path / "p.sqlite3"
    assert run(db, "check", "matrix-calculus/linear-yax", "--answer", "x y^T").exit_code == 1
    assert run(db, "check", "matrix-calculus/linear-yax", "--answer", "y x^T").exit_code == 0
    table = run(db, "progress")
    assert table.exit_code == 0
    assert "matrix-calculus/linear-yax" in table.output and "solved" in table.output
    assert "Frequent mistake: transposed ×1" in table.output
    data = json.loads(run(db, "progress", "--format", "json").stdout)
    [row] = data["exercises"]
    assert (row["attempts"], row["best_score"], row["solved"]) == (2, 1.0, True)
    listed = json.loads(run(db, "list", "--json").stdout)
    statuses = {e["id"]: e["status"] for p in listed["packs"] for e in p["exercises"]}
    assert statuses["matrix-calculus/linear-yax"] == "solved"
    assert statuses["adjoints/lemma-grad-z"] == "untouched"


def test_progress_all_is_every_learner_as_csv(tmp_path):
    db = tmp_path / "p.sqlite3"
    run(db, "check", "matrix-calculus/linear-yax", "--answer", "y x^T", learner="ada")
    run(db, "check", "matrix-calculus/linear-yax", "--answer", "2 y x^T", learner="grace")
    result = run(db, "progress", "--all", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["learner"], r["status"], r["best_score"]) for r in rows] == [
        ("ada", "solved", "1.0"),
        ("grace", "attempted", "0.0"),
    ]


def test_list_does_not_create_a_store(tmp_path):
    db = tmp_path / "never.sqlite3"
    assert run(db, "list").exit_code == 0
    assert not db.exists()


def test_review_lists_what_is_due(tmp_path):
    db = tmp_path / "p.sqlite3"
    assert "Nothing is due" in run(db, "review").output
    store = ProgressStore(db)
    from exercises.loader import load_catalog
    from grader.verdict import Verdict

    exercise = load_catalog([], entry_points=False).find("matrix-calculus/linear-yax")
    month_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    store.record_verdict(
        "ada", exercise, Verdict(exercise.qualified_id, "passed", 1.0, ""), "y x^T", when=month_ago
    )
    result = run(db, "review")
    assert "matrix-calculus/linear-yax" in result.output


def test_a_broken_store_is_exit_2_with_a_message(tmp_path):
    db = tmp_path / "p.sqlite3"
    db.write_text("not sqlite")
    result = run(db, "progress")
    assert result.exit_code == 2 and "not a backprop-tutor progress store" in result.output
    checked = run(db, "check", "matrix-calculus/linear-yax", "--answer", "y x^T")
    assert checked.exit_code == 2 and "not recorded" in checked.output
    assert db.read_text() == "not sqlite"


def test_a_store_from_a_newer_version_stops_list_with_a_message(tmp_path):
    import sqlite3

    from tutor.progress.store import SCHEMA_VERSION

    db = tmp_path / "p.sqlite3"
    ProgressStore(db).close()
    sqlite3.connect(db).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    result = run(db, "list", "--json")
    assert result.exit_code == 2 and "newer backprop-tutor" in result.output
    assert "Traceback" not in result.output


def test_check_prints_the_verdict_before_refusing_a_bad_store(tmp_path):
    db = tmp_path / "p.sqlite3"
    db.write_text("not sqlite")
    result = run(db, "check", "matrix-calculus/linear-yax", "--answer", "y x^T", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["status"] == "passed"


def test_progress_and_review_do_not_create_a_store(tmp_path):
    db = tmp_path / "never.sqlite3"
    assert "No attempts recorded for ada" in run(db, "progress").output
    assert json.loads(run(db, "progress", "--format", "json").stdout)["exercises"] == []
    assert run(db, "review").exit_code == 0
    assert not db.exists()


def test_review_says_when_the_next_one_comes_when_nothing_is_due(tmp_path):
    db = tmp_path / "p.sqlite3"
    run(db, "check", "matrix-calculus/linear-yax", "--answer", "y x^T")
    result = run(db, "review")
    assert "Nothing is due" in result.output
    assert "Next review: matrix-calculus/linear-yax on " in result.output
