"""`from grader import check`: from a script, from a Jupyter-like namespace, and with no
source to read; recorded for the learner unless asked not to."""

from __future__ import annotations

import itertools
import json
import linecache
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader import check, recorders

RIGHT = """
def matmul_backward(A, B, G):
    return G @ flip(B), flip(A) @ G
"""
WRONG = """
def matmul_backward(A, B, G):
    return (G @ flip(B)) * A, (flip(A) @ G) * B
"""


def test_from_a_script_file_run_as_a_program(tmp_path):
    script = tmp_path / "solution.py"
    script.write_text(
        textwrap.dedent("""
        import json
        import numpy as np
        from grader import check

        AXES = (1, 0)


        def flip(M):
            return np.transpose(M, AXES)
        """)
        + RIGHT
        + textwrap.dedent("""

        right = check("adjoints/matmul-backward", matmul_backward)
        """)
        + WRONG
        + textwrap.dedent("""

        wrong = check("adjoints/matmul-backward", matmul_backward, record=False)
        print(json.dumps([right.to_json(), wrong.to_json()]))
        """),
        encoding="utf-8",
    )
    db = tmp_path / "progress.sqlite3"
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "BACKPROP_TUTOR_DB": str(db),
            "BACKPROP_TUTOR_LEARNER": "ada",
            "HOME": str(tmp_path),
        },
    )
    assert done.returncode == 0, done.stderr
    right, wrong = json.loads(done.stdout)
    assert right["status"] == "passed", right["feedback"]
    # the second definition is the one that exists when the second check runs
    assert (wrong["status"], wrong["mistake"]) == ("wrong", "times-input")
    from tutor.progress.store import ProgressStore

    with ProgressStore(db) as store:  # the first check is recorded, the second is not
        assert store.statuses("ada") == {"adjoints/matmul-backward": "solved"}


CELL_NUMBERS = itertools.count(4000)


def run_cells(*cells: str, register: bool = True) -> dict:
    """Execute cells as IPython does: each compiled under its own file name (never reused),
    kept in linecache, in one shared namespace."""
    namespace = {"__name__": "__main__"}
    for cell in cells:
        source = textwrap.dedent(cell).lstrip("\n")
        filename = f"/tmp/ipykernel_4242/{next(CELL_NUMBERS)}.py"
        if register:
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), namespace)
    return namespace


@pytest.fixture
def attempts():
    seen: list[tuple[str, str, str]] = []
    recorders.register(
        lambda exercise, verdict, answer: seen.append(
            (exercise.qualified_id, verdict.status, answer)
        )
    )
    yield seen
    recorders._registered.clear()


@pytest.mark.parametrize(
    ("body", "status", "mistake"), [(RIGHT, "passed", None), (WRONG, "wrong", "times-input")]
)
def test_from_a_function_defined_in_jupyter_like_cells(body, status, mistake, attempts):
    namespace = run_cells(
        "import numpy as np\nimport numpy.linalg as la\nW = np.eye(3)",
        "def flip(M):\n    return M.T",
        "LOSSES = [1.0, 0.5]\nwhile False:\n    pass",
        body,
    )
    verdict = check("adjoints/matmul-backward", namespace["matmul_backward"], learner="ada")
    assert (verdict.status, verdict.mistake) == (status, mistake), verdict.feedback
    assert verdict.learner == "ada"
    (recorded,) = attempts
    assert recorded[:2] == ("adjoints/matmul-backward", status)
    assert "def flip" in recorded[2] and "def matmul_backward" in recorded[2]


def test_names_from_other_cells_come_as_imports_literals_and_cells(attempts):
    namespace = run_cells(
        "import numpy as np\nfrom numpy import transpose as tr",
        "SCALE = 1.0\nOFFSET = np.zeros((1, 1))",
        "def flip(M):\n    return tr(M) * SCALE",
        "def matmul_backward(A, B, G):\n    return G @ flip(B) + OFFSET, flip(A) @ G + OFFSET",
    )
    verdict = check("adjoints/matmul-backward", namespace["matmul_backward"], record=False)
    assert verdict.status == "passed", verdict.feedback
    assert attempts == []  # record=False


def test_a_differently_named_function_is_graded_as_the_one_asked_for():
    namespace = run_cells("def my_try(A, B, G):\n    return G @ B.T, A.T @ G")
    verdict = check("adjoints/matmul-backward", namespace["my_try"], record=False)
    assert verdict.status == "passed", verdict.feedback


def test_with_no_source_anywhere_the_verdict_says_what_to_do(attempts):
    namespace = run_cells(
        "def matmul_backward(A, B, G):\n    return G @ B.T, A.T @ G", register=False
    )
    verdict = check("adjoints/matmul-backward", namespace["matmul_backward"])
    assert verdict.status == "error"
    assert "needs the source code of matmul_backward()" in verdict.feedback
    assert "pass its source as a string" in verdict.feedback
    assert attempts == []  # nothing was checked, so nothing is an attempt


def test_an_unnamed_lambda_is_asked_to_be_named():
    verdict = check("adjoints/matmul-backward", lambda A, B, G: (G @ B.T, A.T @ G), record=False)
    assert verdict.status == "error" and "define it with def" in verdict.feedback


def test_a_source_string_and_an_expression_string(attempts):
    source = "def matmul_backward(A, B, G):\n    return G @ B.T, A.T @ G\n"
    assert check("adjoints/matmul-backward", source).status == "passed"
    assert check("matrix-calculus/linear-yabx-db", "A^T y x^T").status == "passed"
    transposed = check("matrix-calculus/linear-yabx-db", "x y^T A")
    assert (transposed.status, transposed.mistake) == ("wrong", "transposed")
    assert [a[1] for a in attempts] == ["passed", "passed", "wrong"]


def test_unknown_exercise_and_unusable_answers_are_clear():
    with pytest.raises(LookupError, match="unknown exercise 'adjoints/matmul-backwrd'"):
        check("adjoints/matmul-backwrd", "x", record=False)
    with pytest.raises(TypeError, match="takes a function or a string"):
        check("adjoints/matmul-backward", 42, record=False)
    verdict = check("adjoints/matmul-backward", print, record=False)
    assert verdict.status == "error" and "written in Python" in verdict.feedback


def test_a_verdict_shows_itself_in_a_terminal_and_in_jupyter():
    namespace = run_cells("import numpy as np\ndef flip(M):\n    return M.T", WRONG)
    verdict = check("adjoints/matmul-backward", namespace["matmul_backward"], record=False)
    text = str(verdict)
    assert text.startswith("WRONG  adjoints/matmul-backward") and "Mistake: times-input" in text
    markdown = verdict._repr_markdown_()
    assert "**WRONG**" in markdown and "`times-input`" in markdown
    assert "grad\\_A" in markdown  # an underscore in a name is not emphasis


def test_the_grader_package_imports_nothing_heavy():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, grader; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('numpy', 'tutor', 'sympy', 'nbformat')))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent,
    )
    assert done.stdout.strip() == "[]", done.stderr


def test_a_family_is_checked_as_the_variant_asked_for():
    from exercises.loader import load_catalog
    from grader import check
    from grader.family.variant import variant

    family = load_catalog([], entry_points=False).find("families/products")
    answer = variant(family, 4).expression.expected[0]
    verdict = check("families/products", answer, variant=4, record=False)
    assert verdict.passed and verdict.variant == 4
    assert check("families/products", f"# variant: 4\n{answer}", record=False).passed
    assert check("families/products", answer, record=False).status == "error"
