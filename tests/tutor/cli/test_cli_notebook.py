"""Notebooks on the command line: `check`, `grade` and `watch` as a learner and an instructor
use them."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import nbformat
from click.testing import CliRunner

from exercises.loader import load_catalog
from grader.engine import Engine
from tutor.cli import main
from tutor.cli.watch import Watcher, is_candidate
from tutor.session import Session

DATA = Path(__file__).parents[2] / "data"
NOTEBOOKS = DATA / "notebooks"
CODE = DATA / "code" / "adjoints__matmul-backward"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_takes_the_exercise_from_the_notebook():
    result = run("check", str(NOTEBOOKS / "cs231n-right.ipynb"), "--json", "--seed", "2")
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert (verdict["exercise"], verdict["status"]) == ("adjoints/matmul-backward", "passed")
    assert verdict["submission"] == str(NOTEBOOKS / "cs231n-right.ipynb")


def test_check_a_wrong_notebook_names_the_mistake_and_exits_one():
    result = run("check", "adjoints/matmul-backward", str(NOTEBOOKS / "helpers-wrong.ipynb"))
    assert result.exit_code == 1
    assert "WRONG" in result.stdout and "Mistake: times-input" in result.stdout


def test_check_of_a_notebook_with_two_exercises_prints_grades_report_shape():
    result = run("check", str(NOTEBOOKS / "two-exercises-wrong.ipynb"), "--json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert [(r["exercise"], r["mistake"]) for r in payload["results"]] == [
        ("adjoints/matmul-backward", "times-input"),
        ("mlp/rowmajor-two-layer", "derivative-at-activation"),
    ]
    assert payload["summary"]["total"] == 2 and payload["summary"]["passed"] == 0


def test_check_records_one_attempt_per_exercise_of_a_notebook(tmp_path):
    db = tmp_path / "p.sqlite3"
    result = run("--db", str(db), "check", str(NOTEBOOKS / "two-exercises-right.ipynb"))
    assert result.exit_code == 0, result.output
    listed = json.loads(run("--db", str(db), "list", "--json").stdout)
    statuses = {e["id"]: e["status"] for p in listed["packs"] for e in p["exercises"]}
    assert statuses["adjoints/matmul-backward"] == statuses["mlp/rowmajor-two-layer"] == "solved"


def test_check_of_an_unreadable_notebook_cell_is_an_error_verdict():
    result = run("check", str(NOTEBOOKS / "broken-cell.ipynb"))
    assert result.exit_code == 1
    assert "cannot be read as Python" in result.stdout and "Traceback" not in result.output


def test_check_of_a_file_that_is_not_a_notebook_is_a_usage_error(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text("{ not json", encoding="utf-8")
    result = run("check", "adjoints/matmul-backward", str(path))
    assert result.exit_code == 2 and "not a notebook" in result.output


def test_check_of_a_notebook_for_an_expression_exercise_says_what_to_submit():
    result = run("check", "matrix-calculus/linear-yabx-db", str(NOTEBOOKS / "helpers-right.ipynb"))
    assert result.exit_code == 2 and "submit a text file" in result.output


def test_grade_a_folder_of_notebooks_py_and_text_files_in_every_format(tmp_path):
    for learner, name in [("ada", "two-exercises-right.ipynb"), ("bo", "cs231n-wrong.ipynb")]:
        (tmp_path / learner).mkdir()
        shutil.copy(NOTEBOOKS / name, tmp_path / learner / name)
    (tmp_path / "bo" / "matmul.py").write_text(
        "# exercise: adjoints/matmul-backward\n" + (CODE / "right_einsum.py").read_text()
    )
    (tmp_path / "bo" / "db.txt").write_text(
        "# exercise: matrix-calculus/linear-yabx-db\nA^T y x^T\n"
    )
    results = {}
    for fmt in ("json", "csv", "table"):
        results[fmt] = run("grade", str(tmp_path), "--seed", "3", "--format", fmt)
        assert results[fmt].exit_code == 1, results[fmt].output
    rows = [
        (r["learner"], r["exercise"], r["status"])
        for r in json.loads(results["json"].stdout)["results"]
    ]
    assert rows == [
        ("ada", "adjoints/matmul-backward", "passed"),
        ("ada", "mlp/rowmajor-two-layer", "passed"),
        ("bo", "adjoints/matmul-backward", "wrong"),
        ("bo", "matrix-calculus/linear-yabx-db", "passed"),
        ("bo", "adjoints/matmul-backward", "passed"),
    ]
    table = list(csv.DictReader(io.StringIO(results["csv"].stdout)))
    assert len(table) == 4  # one row per (learner, exercise): bo's best matmul answer
    assert "two-exercises-right.ipynb" in results["table"].stdout


def make_watcher(tmp_path: Path) -> Watcher:
    session = Session(learner="ada", db_path=tmp_path / "progress.sqlite3")
    session.catalog = load_catalog([], entry_points=False, cache_path=tmp_path / "cache.json")
    return Watcher(session, Engine())


def test_watch_checks_a_saved_notebook_and_not_again_when_only_outputs_change(tmp_path):
    watcher = make_watcher(tmp_path)
    path = tmp_path / "week3.ipynb"
    shutil.copy(NOTEBOOKS / "two-exercises-wrong.ipynb", path)
    try:
        shown = watcher.check_file(path)
        assert "times-input" in shown and "derivative-at-activation" in shown
        notebook = nbformat.read(path, as_version=4)
        notebook.cells[1].execution_count = 42
        notebook.cells[1].outputs = [nbformat.v4.new_output("stream", text="ran again\n")]
        nbformat.write(notebook, path)
        assert watcher.check_file(path) is None
        shutil.copy(NOTEBOOKS / "two-exercises-right.ipynb", path)
        assert watcher.check_file(path).count("PASSED") == 2
    finally:
        watcher.engine.close()


def test_watch_ignores_jupyter_checkpoint_copies(tmp_path, monkeypatch):
    checkpoint = tmp_path / ".ipynb_checkpoints" / "week3-checkpoint.ipynb"
    assert not is_candidate(checkpoint, tmp_path)
    assert is_candidate(tmp_path / "week3.ipynb", tmp_path)
    monkeypatch.chdir(tmp_path)  # `watch .`: the folder is relative, the events absolute
    assert not is_candidate(checkpoint, Path("."))
    assert is_candidate(tmp_path / "week3.ipynb", Path("."))


def test_check_file_alone_reads_the_exercise_from_a_py_header_too(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(
        "# exercise: adjoints/matmul-backward\n" + (CODE / "right_einsum.py").read_text(),
        encoding="utf-8",
    )
    result = run("check", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["exercise"] == "adjoints/matmul-backward"
    (tmp_path / "bare.py").write_text("x = 1\n", encoding="utf-8")
    bare = run("check", str(tmp_path / "bare.py"))
    assert bare.exit_code == 2 and "no '# exercise: PACK/ID' header" in bare.output
