"""`start EXERCISE --notebook`: a valid notebook that fails as a starter should, and checks
itself in place."""

from __future__ import annotations

import json
import linecache
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from exercises.loader import load_catalog
from grader.engine import Engine
from grader.submission import answer_for, parse_submission, read_submission
from grader.verdict import Verdict
from tutor.cli import main
from tutor.starter import starter_text

CATALOG = load_catalog([], entry_points=False)
EXERCISES = [e for p in CATALOG.packs for e in p.exercises if e.family is None]
CODE = [e for e in EXERCISES if e.kind == "code"]


def start(ex, tmp_path: Path) -> Path:
    result = CliRunner().invoke(
        main, ["start", ex.qualified_id, "--notebook", "--dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    return tmp_path / f"{ex.pack}__{ex.id}.ipynb"


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.qualified_id)
def test_the_notebook_validates_and_carries_the_prompt_and_the_exercise(ex, tmp_path):
    notebook = nbformat.read(start(ex, tmp_path), as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["backprop_tutor"]["exercise"] == ex.qualified_id
    markdown = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    for formula in [line for line in ex.prompt().splitlines() if "$" in line][:3]:
        assert formula.strip() in markdown  # the LaTeX as written, for Jupyter to render
    tags = [c.metadata.get("tags", []) for c in notebook.cells if c.cell_type == "code"]
    assert ["check"] in tags
    if ex.kind == "code":
        (solution,) = [c for c in notebook.cells if "solution" in c.metadata.get("tags", [])]
        assert f"def {ex.code.function}(" in solution.source


@pytest.fixture(scope="module")
def engine():
    with Engine(timeout=10.0) as engine:
        yield engine


@pytest.mark.parametrize("ex", CODE, ids=lambda e: e.qualified_id)
def test_checking_the_starter_notebook_as_is_fails_as_the_py_starter_does(ex, tmp_path, engine):
    submission = read_submission(start(ex, tmp_path))
    assert submission.exercises == (ex.qualified_id,)
    notebook = answer_for(submission, ex).verdict(engine, ex, seed=11)
    script = answer_for(parse_submission(starter_text(ex), is_code=True), ex).verdict(
        engine, ex, seed=11
    )
    assert notebook.status == "wrong", notebook.feedback  # a stub, not a broken file
    assert (notebook.status, notebook.mistake, notebook.score) == (
        script.status,
        script.mistake,
        script.score,
    )


def test_the_check_cell_checks_the_function_in_place(tmp_path):
    ex = CATALOG.find("adjoints/matmul-backward")
    notebook = nbformat.read(start(ex, tmp_path), as_version=4)
    namespace: dict = {"__name__": "__main__"}
    result = None
    for number, cell in enumerate(c for c in notebook.cells if c.cell_type == "code"):
        filename = f"/tmp/ipykernel_77/{number}.py"  # as IPython compiles and keeps cells
        linecache.cache[filename] = (len(cell.source), None, cell.source.splitlines(True), filename)
        if "check" not in cell.metadata.get("tags", []):
            exec(compile(cell.source, filename, "exec"), namespace)
            continue
        *body, last = cell.source.splitlines()  # IPython shows the last expression's value
        exec(compile("\n".join(body), filename, "exec"), namespace)
        result = eval(compile(last, filename, "eval"), namespace)
    assert isinstance(result, Verdict)
    assert result.status == "wrong" and "grad_A" in result.feedback


def test_start_notebook_refuses_to_overwrite(tmp_path):
    ex = CATALOG.find("adjoints/matmul-backward")
    start(ex, tmp_path)
    again = CliRunner().invoke(
        main, ["start", ex.qualified_id, "--notebook", "--dir", str(tmp_path)]
    )
    assert again.exit_code == 2 and "exists already" in again.output


def answered(path: Path, qid: str, answer: str) -> Path:
    """The starter with ``answer`` typed between the quotes of its check cell."""
    notebook = nbformat.read(path, as_version=4)
    (cell,) = [c for c in notebook.cells if "check" in c.metadata.get("tags", [])]
    cell.source = cell.source.replace(f'check({qid!r}, r"")', f'check({qid!r}, r"{answer}")')
    nbformat.write(notebook, path)
    return path


@pytest.mark.parametrize(
    ("qid", "answer", "status", "mistake"),
    [
        ("matrix-calculus/linear-yabx-db", "A^T y x^T", "passed", None),
        ("matrix-calculus/linear-yabx-db", "x y^T A", "wrong", "transposed"),
        ("matrix-calculus/linear-yabx-db", "", "error", None),
    ],
)
def test_an_expression_notebook_is_graded_by_the_answer_in_its_check_cell(
    qid, answer, status, mistake, tmp_path, engine
):
    ex = CATALOG.find(qid)
    path = answered(start(ex, tmp_path), qid, answer)
    verdict = answer_for(read_submission(path), ex).verdict(engine, ex, seed=2)
    assert (verdict.status, verdict.mistake) == (status, mistake), verdict.feedback


def test_a_choice_notebook_is_graded_by_its_key(tmp_path, engine):
    ex = next(e for e in EXERCISES if e.kind == "choice")
    wrong = next(o.key for o in ex.choice.options if o.key != ex.choice.correct)
    for key, status in ((ex.choice.correct, "passed"), (wrong, "wrong")):
        path = answered(start(ex, tmp_path / key), ex.qualified_id, key)
        assert answer_for(read_submission(path), ex).verdict(engine, ex).status == status


def _family_notebook(tmp_path: Path, number: int, answer: str, written: int | str | None = None):
    """`start families/activations --notebook --variant number`, with ``answer`` typed in and
    (to play a learner who edits it) the check call's variant= changed to ``written``."""
    result = CliRunner().invoke(
        main,
        ["start", "families/activations", "--notebook", "--variant", str(number)]
        + ["--dir", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "families__activations.ipynb"
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["backprop_tutor"] == {
        "exercise": "families/activations",
        "variant": number,
    }
    (cell,) = [c for c in notebook.cells if "check" in c.metadata.get("tags", [])]
    call = f"check('families/activations', r\"\", variant={number})"
    assert call in cell.source
    typed = call.replace('r""', f'r"{answer}"')
    if written is not None:
        typed = typed.replace(f"variant={number}", f"variant={written!r}")
    cell.source = cell.source.replace(call, typed)
    nbformat.write(notebook, path)
    return path


def _variant_solution(number: int) -> str:
    from grader.family.variant import variant

    return variant(CATALOG.find("families/activations"), number).expression.expected[0]


def test_a_family_notebook_shows_its_variant_and_is_checked_as_it(tmp_path):
    path = _family_notebook(tmp_path, 17, _variant_solution(17))
    markdown = "\n".join(
        c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"
    )
    assert "Variant 17." in markdown
    assert "".join(_variant_solution(17).split()) not in "".join(markdown.split())
    checked = CliRunner().invoke(main, ["check", str(path), "--json"])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["variant"] == 17
    graded = CliRunner().invoke(main, ["grade", str(path), "--format", "json"])
    (result,) = json.loads(graded.stdout)["results"]
    assert result["passed"] and result["variant"] == 17


def test_a_family_notebook_with_another_variants_answer_is_wrong(tmp_path):
    other = next(n for n in range(18, 60) if _variant_solution(n) != _variant_solution(17))
    path = _family_notebook(tmp_path, other, _variant_solution(17), written=other)
    checked = CliRunner().invoke(main, ["check", str(path), "--json"])
    assert checked.exit_code == 1 and json.loads(checked.stdout)["variant"] == other


def test_a_family_notebook_whose_variant_is_not_a_number_is_an_error(tmp_path):
    path = _family_notebook(tmp_path, 17, _variant_solution(17), written="seventeen")
    graded = CliRunner().invoke(main, ["grade", str(path), "--format", "json"])
    (result,) = json.loads(graded.stdout)["results"]
    assert result["status"] == "error" and "seventeen" in result["feedback"]


def test_an_assignment_refuses_a_notebook_that_names_another_variant(tmp_path):
    from grader.family.numbering import assigned_variant

    mine = assigned_variant("alice", "families/activations", "hw")
    other = mine + 1 if mine < 999_999 else mine - 1
    folder = tmp_path / "subs" / "alice"
    folder.mkdir(parents=True)
    _family_notebook(folder, other, _variant_solution(other))
    graded = CliRunner().invoke(
        main, ["grade", str(tmp_path / "subs"), "--assignment", "hw", "--format", "json"]
    )
    (result,) = json.loads(graded.stdout)["results"]
    assert result["status"] == "error" and f"--variant {mine}" in result["feedback"]
