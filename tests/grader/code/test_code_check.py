"""Code exercises graded end to end through the sandbox: every built-in starter fails, every
reference is self-consistent, and realistic learner files under tests/data/code get the status
and mistake written in their first line (``# expect: <status> <mistake or ->``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.loader import load_catalog
from grader.code.check import CodeGrader
from grader.code.verify import verify_code_exercise

CODE = Path(__file__).parents[2] / "data" / "code"
CATALOG = load_catalog()
CODE_EXERCISES = sorted(e.qualified_id for e in CATALOG.exercises() if e.kind == "code")
NAMED = {
    "adjoints/matmul-backward",
    "adjoints/backward-pass",
    "adjoints/graph-reverse-mode",
    "mlp/backward",
    "mlp/batch-backward",
    "mlp/gradient-descent-step",
    "mlp/rowmajor-two-layer",
    "scalar-chains/numerical-gradient",
}


def _submissions(prefix: str) -> list[Path]:
    return sorted(p for p in CODE.glob(f"*__*/{prefix}_*.py"))


def _exercise_of(path: Path):
    return CATALOG.find(path.parent.name.replace("__", "/"))


def _expected(path: Path) -> tuple[str, str | None]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} has no '# expect:' line"
    status, mistake = first.removeprefix("# expect: ").split()
    return status, None if mistake == "-" else mistake


@pytest.fixture(scope="module")
def grader():
    code_grader = CodeGrader(timeout=10.0)
    yield code_grader
    code_grader.close()


def test_the_curriculum_code_exercises_are_all_checked_here():
    assert NAMED <= set(CODE_EXERCISES)


@pytest.mark.parametrize("qid", CODE_EXERCISES)
def test_starter_is_wrong(grader, qid):
    exercise = CATALOG.find(qid)
    verdict = grader.check(exercise, exercise.code.starter.read_text(encoding="utf-8"), seed=3)
    assert verdict.status == "wrong"
    assert not verdict.passed


@pytest.mark.parametrize("qid", CODE_EXERCISES)
def test_reference_passes_its_own_self_check(qid):
    assert verify_code_exercise(CATALOG.find(qid), seed=0) == []


@pytest.mark.parametrize("path", _submissions("right"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_right_submission_passes(grader, path):
    verdict = grader.check(_exercise_of(path), path.read_text(encoding="utf-8"), seed=11)
    assert (verdict.status, verdict.mistake) == ("passed", None), verdict.feedback
    assert verdict.passed and verdict.score == 1.0


@pytest.mark.parametrize("path", _submissions("wrong"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_wrong_submission_gets_its_status_and_mistake(grader, path):
    verdict = grader.check(_exercise_of(path), path.read_text(encoding="utf-8"), seed=11)
    assert (verdict.status, verdict.mistake) == _expected(path), verdict.feedback
    assert not verdict.passed and verdict.score < 1.0


@pytest.mark.parametrize(
    "anchor",
    [
        "adjoints__matmul-backward",
        "mlp__backward",
        "mlp__batch-backward",
        "adjoints__backward-pass",
        "scalar-chains__numerical-gradient",
    ],
)
def test_anchor_has_enough_realistic_submissions(anchor):
    folder = CODE / anchor
    assert len(list(folder.glob("right_*.py"))) >= 5
    assert len(list(folder.glob("wrong_*.py"))) >= 8


def test_same_seed_gives_the_same_verdict(grader):
    exercise = CATALOG.find("adjoints/matmul-backward")
    source = (CODE / "adjoints__matmul-backward" / "wrong_first_transposed.py").read_text()
    first, second = (grader.check(exercise, source, seed=5) for _ in range(2))
    assert first.to_json() | {"elapsed_ms": 0} == second.to_json() | {"elapsed_ms": 0}


def test_different_seeds_draw_different_inputs(grader):
    exercise = CATALOG.find("adjoints/matmul-backward")
    source = (CODE / "adjoints__matmul-backward" / "wrong_first_transposed.py").read_text()
    messages = {grader.check(exercise, source, seed=s).checks[0].message for s in range(4)}
    assert len(messages) > 1


def test_list_of_lists_is_read_as_the_array_it_spells(grader):
    exercise = CATALOG.find("adjoints/matmul-backward")
    source = (
        "def matmul_backward(A, B, G):\n"
        "    return (G @ B.T).tolist(), [list(row) for row in (A.T @ G)]\n"
    )
    assert grader.check(exercise, source, seed=2).passed


def test_integer_arrays_are_compared_as_numbers(grader):
    exercise = CATALOG.find("adjoints/matmul-backward")
    source = (
        "import numpy as np\n\ndef matmul_backward(A, B, G):\n"
        "    return (G @ B.T).astype(int), (A.T @ G).astype(int)\n"
    )
    verdict = grader.check(exercise, source, seed=2)
    assert verdict.status == "wrong"  # truncated to integers: the values are not right


@pytest.mark.parametrize(
    "name", ["wrong_three_layers_hardcoded.py", "wrong_last_three_layers_only.py"]
)
def test_a_network_of_one_fixed_depth_fails_every_check(grader, name):
    """Trials cover one to four layers by trial number, not by chance (it passed one run in
    eight when each trial drew three or four layers)."""
    exercise = CATALOG.find("mlp/backward")
    source = (CODE / "mlp__backward" / name).read_text(encoding="utf-8")
    assert not any(grader.check(exercise, source, seed=s).passed for s in range(12))


def test_float32_inside_and_sinks_seeded_outside_hold_for_every_seed(grader):
    graph = CATALOG.find("adjoints/graph-reverse-mode")
    folder = CODE / "adjoints__graph-reverse-mode"
    for seed in range(8):
        assert grader.check(graph, (folder / "right_float32.py").read_text(), seed=seed).passed
        verdict = grader.check(graph, (folder / "wrong_every_sink_one.py").read_text(), seed=seed)
        assert verdict.mistake == "sinks-seeded"
    network = CATALOG.find("mlp/backward")
    source = (CODE / "mlp__backward" / "right_float32.py").read_text()
    assert all(grader.check(network, source, seed=s).passed for s in range(8))
