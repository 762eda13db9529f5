"""`progress` as an instructor reads a class's shared store, and as scripts read its JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tutor.cli import main


def run(db, *args: str, learner: str = "ada"):
    return CliRunner().invoke(main, ["--db", str(db), "--learner", learner, *args])


def test_the_class_table_shows_whole_learner_names(tmp_path):
    db = tmp_path / "class.sqlite3"
    for learner, answer in (("student-2026-017", "y x^T"), ("student-2026-018", "x y^T")):
        run(db, "check", "matrix-calculus/linear-yax", "--answer", answer, learner=learner)
    result = run(db, "progress", "--all")
    assert result.exit_code == 0
    rows = [line.split() for line in result.output.splitlines()[1:]]
    assert [(r[0], r[2]) for r in rows] == [
        ("student-2026-017", "solved"),
        ("student-2026-018", "attempted"),
    ]


def test_progress_json_has_the_same_keys_before_the_first_attempt(tmp_path):
    db = tmp_path / "p.sqlite3"
    before = json.loads(run(db, "progress", "--format", "json").stdout)
    assert not db.exists()
    run(db, "check", "matrix-calculus/linear-yax", "--answer", "x y^T")
    after = json.loads(run(db, "progress", "--format", "json").stdout)
    assert before == {
        "learner": "ada",
        "exercises": [],
        "streak": 0,
        "frequent_mistakes": [],
        "families": [],
    }
    assert sorted(after) == sorted(before)
    assert after["frequent_mistakes"] == [
        {"mistake": "transposed", "count": 1, "exercise": "matrix-calculus/linear-yax"}
    ]
