"""Notebooks as Jupyter saves them, graded through the same seam, sandbox and checks as a .py
file: right notebooks pass, wrong ones are wrong with the diagnosed mistake, and the cells
that would hang or crash are never run."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from exercises.loader import load_catalog
from grader.batch import BatchGrader, discover, ordered, resolve
from grader.engine import Engine
from grader.notebook import NotebookError, read_notebook
from grader.submission import SubmissionError, answer_for, read_submission

NOTEBOOKS = Path(__file__).parents[1] / "data" / "notebooks"
CATALOG = load_catalog([], entry_points=False)
MISTAKES = {
    "adjoints/matmul-backward": "times-input",
    "mlp/rowmajor-two-layer": "derivative-at-activation",
}
STYLES = ("cs231n", "helpers", "two-exercises", "magic-lines")


@pytest.fixture(scope="module")
def engine():
    with Engine(timeout=10.0) as engine:
        yield engine


def verdicts_of(path: Path, engine) -> dict[str, object]:
    submission = read_submission(path)
    out = {}
    for qid in submission.exercises:
        exercise = CATALOG.find(qid)
        out[qid] = answer_for(submission, exercise).verdict(engine, exercise, seed=5)
    return out


def test_fixtures_are_valid_notebooks_as_jupyter_writes_them():
    for path in NOTEBOOKS.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)


@pytest.mark.parametrize("style", STYLES)
def test_right_notebooks_pass(style, engine):
    verdicts = verdicts_of(NOTEBOOKS / f"{style}-right.ipynb", engine)
    assert verdicts, "the notebook names its exercises"
    for qid, verdict in verdicts.items():
        assert verdict.status == "passed", (qid, verdict.feedback)


@pytest.mark.parametrize("style", STYLES)
def test_wrong_notebooks_are_wrong_with_the_diagnosed_mistake(style, engine):
    verdicts = verdicts_of(NOTEBOOKS / f"{style}-wrong.ipynb", engine)
    assert verdicts
    for qid, verdict in verdicts.items():
        assert (verdict.status, verdict.mistake) == ("wrong", MISTAKES[qid]), verdict.feedback


def test_a_notebook_with_two_exercises_gets_two_verdicts_with_their_own_limits(engine):
    verdicts = verdicts_of(NOTEBOOKS / "two-exercises-wrong.ipynb", engine)
    assert sorted(verdicts) == sorted(MISTAKES)
    assert verdicts["mlp/rowmajor-two-layer"].score == 0.5  # one of its two gradients is right


def test_hanging_and_crashing_cells_are_not_run(engine):
    """The cs231n notebook has `while True: pass` and `1 / 0` cells, a plot and a pip line."""
    verdict = verdicts_of(NOTEBOOKS / "cs231n-right.ipynb", engine)["adjoints/matmul-backward"]
    assert verdict.status == "passed"
    assert verdict.elapsed_ms < 5000


def test_a_function_defined_twice_is_graded_by_its_last_definition_and_says_so(engine):
    verdict = verdicts_of(NOTEBOOKS / "cs231n-wrong.ipynb", engine)["adjoints/matmul-backward"]
    assert verdict.mistake == "times-input"  # not the `pass` stub of cell 4
    assert "matmul_backward() is defined 2 times" in verdict.feedback
    assert "cell 7 (In [9])" in verdict.feedback
    assert verdict.to_json()["notes"]


def test_an_unreadable_cell_is_an_error_naming_the_cell_without_a_traceback(engine):
    verdict = verdicts_of(NOTEBOOKS / "broken-cell.ipynb", engine)["adjoints/matmul-backward"]
    assert verdict.status == "error"
    assert verdict.feedback.startswith("cell 3 (In [5]) cannot be read as Python")
    assert "Traceback" not in verdict.feedback


def test_a_function_in_a_cell_magic_is_missing_and_the_feedback_says_why(engine):
    verdict = verdicts_of(NOTEBOOKS / "in-cell-magic.ipynb", engine)["adjoints/matmul-backward"]
    assert verdict.status == "error"
    assert "%%time" in verdict.feedback and "plain code cell" in verdict.feedback


def test_a_name_only_a_magic_sets_is_explained_with_the_cell_and_line(engine):
    verdict = verdicts_of(NOTEBOOKS / "name-from-magic.ipynb", engine)["adjoints/matmul-backward"]
    assert verdict.status == "error"
    assert "NameError" in verdict.feedback
    assert "cell 2 (In [3]), line 3" in verdict.feedback  # not submission.py's line
    assert "set only by IPython syntax in cell 1" in verdict.feedback


def test_exercise_override_grades_one_exercise_of_a_notebook():
    (item,) = discover([NOTEBOOKS / "two-exercises-right.ipynb"])
    jobs = resolve(0, item, CATALOG, "mlp/rowmajor-two-layer")
    assert [j.exercise_id for j in jobs] == ["mlp/rowmajor-two-layer"]
    assert "def rowmajor_backward" in jobs[0].answer
    assert "def matmul_backward" not in jobs[0].answer


def test_a_class_of_notebooks_grades_one_row_per_learner_and_exercise(tmp_path):
    for learner, name in [
        ("ada", "two-exercises-right"),
        ("bo", "two-exercises-wrong"),
        ("cy", "cs231n-right"),
        ("di", "broken-cell"),
    ]:
        (tmp_path / learner).mkdir()
        shutil.copy(NOTEBOOKS / f"{name}.ipynb", tmp_path / learner / "week3.ipynb")
    jobs = [job for i, item in enumerate(discover([tmp_path])) for job in resolve(i, item, CATALOG)]
    with BatchGrader(jobs=2, seed=1) as grader:
        verdicts = ordered(grader.grade(jobs))
    rows = [(v.learner, v.exercise, v.status, v.mistake) for v in verdicts]
    assert rows == [
        ("ada", "adjoints/matmul-backward", "passed", None),
        ("ada", "mlp/rowmajor-two-layer", "passed", None),
        ("bo", "adjoints/matmul-backward", "wrong", "times-input"),
        ("bo", "mlp/rowmajor-two-layer", "wrong", "derivative-at-activation"),
        ("cy", "adjoints/matmul-backward", "passed", None),
        ("di", "adjoints/matmul-backward", "error", None),
    ]


def test_a_notebook_naming_no_exercise_is_skipped_in_a_folder_and_explained_alone(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    nbformat.write(notebook, tmp_path / "scratch.ipynb")
    (walked,) = resolve(0, discover([tmp_path])[0], CATALOG)
    assert walked.skipped == "names no exercise"
    (named,) = resolve(0, discover([tmp_path / "scratch.ipynb"])[0], CATALOG)
    assert named.problem.startswith("names no exercise")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json at all", "not a notebook (not JSON)"),
        ("[1, 2]", "its JSON is not an object"),
        ('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "no list of cells"),
        ('{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}', "cell 1 has no source"),
        ('{"nbformat": 99, "cells": []}', "version 99"),
    ],
)
def test_files_that_are_not_notebooks_are_refused_clearly(tmp_path, text, message):
    path = tmp_path / "bad.ipynb"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SubmissionError, match=re.escape(message)):
        read_submission(path)
    (job,) = resolve(0, discover([path])[0], CATALOG, "adjoints/matmul-backward")
    assert message in job.problem


def test_an_old_v3_notebook_is_upgraded_and_read():
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {"name": "old"},
        "worksheets": [
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "input": "# exercise: adjoints/matmul-backward\n"
                        "def matmul_backward(A, B, G):\n    return G @ B.T, A.T @ G\n",
                        "language": "python",
                        "outputs": [],
                        "prompt_number": 2,
                    }
                ]
            }
        ],
    }
    notebook = read_notebook(json.dumps(v3))
    assert notebook.exercises == ("adjoints/matmul-backward",)
    assert "def matmul_backward" in notebook.cells[0].text


def test_metadata_and_cell_headers_are_both_read_without_repeats():
    notebook = read_notebook(
        json.dumps(
            {
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {"backprop_tutor": {"exercise": ["a/x", "b/y"]}},
                "cells": [
                    {
                        "cell_type": "code",
                        "source": ["# exercise: b/y\n", "# learner: ada\n"],
                        "metadata": {},
                        "outputs": [],
                        "execution_count": None,
                    },
                    {"cell_type": "markdown", "source": "# exercise: c/z", "metadata": {}},
                ],
            }
        )
    )
    assert notebook.exercises == ("a/x", "b/y")  # a Markdown cell is not code
    assert notebook.learner == "ada"
    assert notebook.cells[0].label == "cell 1"


def test_not_a_notebook_error_is_a_value_error():
    with pytest.raises(NotebookError):
        read_notebook("{")


CODE = Path(__file__).parents[1] / "data" / "code"
REALISTIC = sorted(p for p in CODE.glob("*__*/*.py") if p.name.startswith(("right_", "wrong_")))


def as_session_notebook(source: str, exercise: str) -> str:
    """A learner's .py answer as the notebook they would have written it in: each top-level
    statement in its own cell, Markdown between, and the cells a session leaves behind."""
    import ast

    lines = source.splitlines()
    cells = [
        nbformat.v4.new_markdown_cell(f"# {exercise}"),
        nbformat.v4.new_code_cell("%matplotlib inline\n!pip install numpy"),
    ]
    for node in ast.parse(source).body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        cells.append(nbformat.v4.new_code_cell("\n".join(lines[first - 1 : node.end_lineno])))
        cells.append(nbformat.v4.new_markdown_cell("Next:"))
    cells += [
        nbformat.v4.new_code_cell("while True:\n    pass"),
        nbformat.v4.new_code_cell("raise SystemExit('a cell that would stop the kernel')"),
    ]
    return nbformat.writes(
        nbformat.v4.new_notebook(cells=cells, metadata={"backprop_tutor": {"exercise": exercise}})
    )


@pytest.mark.parametrize("path", REALISTIC, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_realistic_answers_written_in_a_notebook_get_the_py_verdict(path, engine, tmp_path):
    exercise = CATALOG.find(path.parent.name.replace("__", "/"))
    text = path.read_text(encoding="utf-8")
    notebook = tmp_path / "answer.ipynb"
    notebook.write_text(as_session_notebook(text, exercise.qualified_id), encoding="utf-8")
    got = answer_for(read_submission(notebook), exercise).verdict(engine, exercise, seed=11)
    want = engine.check(exercise, text, seed=11)
    assert (got.status, got.mistake, got.score) == (want.status, want.mistake, want.score), (
        got.feedback
    )


def test_code_cells_are_held_to_a_py_files_size_while_outputs_may_be_large(tmp_path):
    image = {"image/png": "A" * 3_000_000}
    small = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "x = 1", outputs=[nbformat.v4.new_output("display_data", data=image)]
            )
        ]
    )
    nbformat.write(small, tmp_path / "plots.ipynb")
    assert read_submission(tmp_path / "plots.ipynb").notebook.cells[0].text == "x = 1"
    huge = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1\n" * 200_000)])
    nbformat.write(huge, tmp_path / "huge.ipynb")
    with pytest.raises(SubmissionError, match="code cells hold 1200000 characters"):
        read_submission(tmp_path / "huge.ipynb")
