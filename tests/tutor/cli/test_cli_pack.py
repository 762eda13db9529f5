"""Pack authoring: `pack new` gives a pack that validates and grades; `pack validate` catches
every kind of broken exercise with a message naming the file and what is wrong."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from exercises.scaffold import scaffold_pack
from tutor.cli import main


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_pack_new_validates_and_grades_out_of_the_box(tmp_path):
    result = invoke("pack", "new", "softmax", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "softmax" / "softmax_pack"
    assert (tmp_path / "softmax" / "pyproject.toml").read_text().count("backprop_tutor.packs") == 1
    validated = invoke("pack", "validate", str(tmp_path / "softmax"))
    assert validated.exit_code == 0, validated.output
    assert "3 exercises, no problems" in validated.output
    assert "family softmax/activation-family: 50 variants" in validated.output
    right = invoke("--packs", str(folder), "check", "softmax/outer-gradient", "--answer", "g x^T")
    assert right.exit_code == 0
    wrong = invoke(
        "--packs", str(folder), "check", "softmax/outer-gradient", "--answer", "x g^T", "--json"
    )
    assert json.loads(wrong.stdout)["mistake"] == "transposed"
    code = tmp_path / "mine.py"
    code.write_text("def linear_backward(W, x, g):\n    return g @ x.T, W.T @ g\n")
    assert (
        invoke("--packs", str(folder), "check", "softmax/linear-backward", str(code)).exit_code == 0
    )


def test_pack_new_refuses_a_bad_name_or_an_existing_folder(tmp_path):
    bad = invoke("pack", "new", "My Pack", "--dir", str(tmp_path))
    assert bad.exit_code == 2 and "not a valid pack id" in bad.output
    assert invoke("pack", "new", "ok", "--dir", str(tmp_path)).exit_code == 0
    again = invoke("pack", "new", "ok", "--dir", str(tmp_path))
    assert again.exit_code == 2 and "exists already" in again.output


BROKEN = {
    "reference disagrees with its cost": (
        "linear-backward/reference.py",
        "    return g @ x.T, W.T @ g",
        "    return 2 * g @ x.T, W.T @ g",
        "grad_W disagrees with central finite differences of cost with respect to W",
    ),
    "a declared mistake that is actually right": (
        "linear-backward/reference.py",
        "    ones = np.ones_like(g)\n    return ones @ x.T, W.T @ ones",
        "    return g @ x.T, W.T @ g",
        "mistake forgot-adjoint is not wrong",
    ),
    "a starter that already passes": (
        "linear-backward/starter.py",
        "    return np.zeros_like(W), np.zeros_like(x)",
        "    return g @ x.T, W.T @ g",
        "the starter already passes",
    ),
    "a reference that raises": (
        "linear-backward/reference.py",
        "    return g @ x.T, W.T @ g",
        "    raise ValueError('oops')",
        "the reference cannot run: linear_backward raised ValueError('oops')",
    ),
    "an expected answer of the wrong shape": (
        "outer-gradient/exercise.toml",
        'expected = ["g x^T"]',
        'expected = ["x g^T"]',
        "expected part 1 is n×m but W is m×n",
    ),
    "an expected answer that disagrees with the cost": (
        "outer-gradient/exercise.toml",
        'expected = ["g x^T"]',
        'expected = ["2 g x^T"]',
        "does not match central finite differences of the cost with respect to W",
    ),
    "an expected answer that does not parse": (
        "outer-gradient/exercise.toml",
        'expected = ["g x^T"]',
        'expected = ["g x^"]',
        "expected T or an exponent after ^ at column 5",
    ),
    "a declared wrong answer that is right": (
        "outer-gradient/exercise.toml",
        'expression = "W^T g"',
        'expression = "(x g^T)^T"',
        "wrong answer '(x g^T)^T' (input-gradient) is graded as correct",
    ),
    "a prompt whose math does not render": (
        "outer-gradient/prompt.md",
        "in terms of $g$",
        "in terms of $\\unknownmacro{g}$",
        "math that does not render in the terminal",
    ),
    "an exercise without hints": (
        "linear-backward/exercise.toml",
        re.compile(r"hints = \[.*?\]\n", re.S),
        "hints = []\n",
        "give at least one hint",
    ),
    "a mistake function that does not exist": (
        "linear-backward/exercise.toml",
        'function = "mistake_forgot_adjoint"',
        'function = "mistake_forgot_adjiont"',
        "did you mean 'mistake_forgot_adjoint'",
    ),
    "an unknown field": (
        "outer-gradient/exercise.toml",
        "difficulty = 1",
        "difficulty = 1\ndificulty = 2",
        "unknown key 'dificulty'",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_validate_catches_a_broken_pack(case, tmp_path):
    file, old, new, message = BROKEN[case]
    folder = scaffold_pack("tiny", tmp_path)
    path = folder / file
    text = path.read_text()
    changed = (
        old.sub(new, text, count=1) if isinstance(old, re.Pattern) else text.replace(old, new, 1)
    )
    assert changed != text, "the fixture no longer contains what this case breaks"
    path.write_text(changed)
    result = invoke("pack", "validate", str(folder), "--json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    problems = [p for pack in report["packs"] for p in pack["problems"]]
    assert not report["ok"]
    hits = [p for p in problems if message in p["message"]]
    assert hits, [p["message"] for p in problems]
    assert Path(hits[0]["file"]).parent.name in {Path(file).parent.name, folder.name}


def test_validate_lists_every_problem_for_a_person(tmp_path):
    folder = scaffold_pack("tiny", tmp_path)
    (folder / "linear-backward" / "starter.py").write_text(
        "def linear_backward(W, x, g):\n    return g @ x.T, W.T @ g\n"
    )
    toml = folder / "outer-gradient" / "exercise.toml"
    toml.write_text(toml.read_text().replace('expected = ["g x^T"]', 'expected = ["g x^"]'))
    result = invoke("pack", "validate", str(folder))
    assert result.exit_code == 2
    assert "2 problem(s)" in result.output
    assert "linear-backward/exercise.toml" in result.output
    assert "outer-gradient/exercise.toml" in result.output


@pytest.mark.timeout(600)  # 48 exercises, ~10 s of CPU: 120 s is too tight on a loaded machine
def test_builtin_packs_validate(tmp_path):
    from exercises.loader import BUILTIN_DIR

    result = invoke(
        "pack",
        "validate",
        *[str(p) for p in sorted(BUILTIN_DIR.iterdir()) if (p / "pack.toml").is_file()],
    )
    assert result.exit_code == 0, result.output


def test_the_authoring_guide_worked_example_validates_and_grades(tmp_path):
    """docs/authoring.md section 2: the files it shows, written where it says, make a pack."""
    guide = (Path(__file__).resolve().parents[3] / "docs" / "authoring.md").read_text()
    section = guide[guide.index("### 2a.") : guide.index("### 2b.")]
    blocks = re.findall(r"```(?:toml|python|markdown)\n(.*?)```", section, re.S)
    assert invoke("pack", "new", "softmax", "--dir", str(tmp_path)).exit_code == 0
    pack = tmp_path / "softmax" / "softmax_pack"
    folder = pack / "xent-backward"
    folder.mkdir()
    for name, body in zip(["exercise.toml", "reference.py", "starter.py", "prompt.md"], blocks):
        (folder / name).write_text(body)
    toml = pack / "pack.toml"
    toml.write_text(re.sub(r"exercises = \[.*\]", blocks[4].strip(), toml.read_text()))
    validated = invoke("pack", "validate", str(tmp_path / "softmax"))
    assert validated.exit_code == 0, validated.output
    answer = tmp_path / "answer.py"
    answer.write_text(
        "import numpy as np\n\ndef xent_backward(z, y):\n"
        "    p = np.exp(z - z.max())\n    return p / p.sum() - y\n"
    )
    assert (
        invoke("--packs", str(pack), "check", "softmax/xent-backward", str(answer)).exit_code == 0
    )


def _outer_gradient(tmp_path, old: str, new: str) -> Path:
    folder = scaffold_pack("tiny", tmp_path)
    toml = folder / "outer-gradient" / "exercise.toml"
    text = toml.read_text()
    assert old in text, "the fixture no longer has what this test changes"
    toml.write_text(text.replace(old, new, 1))
    return folder


@pytest.mark.parametrize("expected", ["-g x^T", "2 g x^T", "g x^T"])
def test_an_answer_that_cannot_be_checked_is_a_visible_warning(expected, tmp_path):
    """No cost and no wrt: the sign cannot be checked, and validate says so instead of
    "no problems" alone."""
    folder = _outer_gradient(
        tmp_path, 'expected = ["g x^T"]\ncost = "g^T W x"\nwrt = "W"', f'expected = ["{expected}"]'
    )
    if expected != "g x^T":  # the declared wrong answers still say what they are
        toml = folder / "outer-gradient" / "exercise.toml"
        toml.write_text(toml.read_text().replace('expression = "x g^T"', 'expression = "x g"'))
    result = invoke("pack", "validate", str(folder))
    assert "warning:" in result.output and "not verified" in result.output
    assert "outer-gradient/exercise.toml" in result.output
    report = json.loads(invoke("pack", "validate", str(folder), "--json").stdout)
    warnings = [w["message"] for pack in report["packs"] for w in pack["warnings"]]
    assert len(warnings) == 1 and "cost" in warnings[0] and "wrt" in warnings[0]


def test_an_answer_of_the_wrong_shape_is_refused_without_a_cost(tmp_path):
    """Symbol shapes that make the answer k×k instead of k×n: refused whenever wrt is given."""
    folder = _outer_gradient(tmp_path, 'cost = "g^T W x"\n', "")
    toml = folder / "outer-gradient" / "exercise.toml"
    toml.write_text(toml.read_text().replace('x = { shape = ["n", 1]', 'x = { shape = ["m", 1]'))
    result = invoke("pack", "validate", str(folder), "--json")
    assert result.exit_code == 2
    problems = [
        p["message"] for pack in json.loads(result.stdout)["packs"] for p in pack["problems"]
    ]
    assert any("expected part 1 is m×m but W is m×n" in p for p in problems), problems
    warnings = [
        w["message"] for pack in json.loads(result.stdout)["packs"] for w in pack["warnings"]
    ]
    assert warnings and "shape was checked" in warnings[0]


def test_a_right_answer_with_wrt_but_no_cost_validates_with_a_warning(tmp_path):
    folder = _outer_gradient(tmp_path, 'cost = "g^T W x"\n', "")
    result = invoke("pack", "validate", str(folder))
    assert result.exit_code == 0, result.output
    assert "no problems, 1 warning(s)" in result.output and "not verified" in result.output
