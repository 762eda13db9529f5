"""The built-in curriculum: every exercise of CURRICULUM.md exists, cites its source, has hints,
and survives the same deep checks as `pack validate` (references against finite differences,
starters fail, declared mistakes and wrong answers are diagnosed as themselves)."""

from __future__ import annotations

import pytest

from exercises.loader import load_catalog
from grader.pack_check import exercise_problems

CATALOG = load_catalog([], entry_points=False)
EXERCISES = {e.qualified_id: e for e in CATALOG.exercises()}

CURRICULUM = {
    "scalar-chains": [
        "linear-dw23",
        "linear-dw12",
        "linear-dw01",
        "backward-chain",
        "nonlinear-chain",
        "nonlinear-backward-chain",
        "numerical-gradient",
        "cost-of-gradients",
    ],
    "matrix-calculus": [
        "dimensions",
        "linear-yax",
        "index-calculus",
        "linear-yabx-da",
        "linear-yabx-db",
        "transpose-move-left",
        "quadratic-ax",
        "quadratic-abx-da",
        "quadratic-abx-db",
        "quadratic-nonsymmetric",
        "linear-network-dw12",
        "linear-network-slips",
        "activation-yax",
        "squared-activation",
        "nested-da",
        "nested-db",
        "matmul-adjoints",
    ],
    "mlp": [
        "forward-shapes",
        "output-delta",
        "delta-hidden",
        "bias-gradient",
        "weight-gradient",
        "jacobian-layout",
        "backward",
        "worked-221",
        "batch-backward",
        "descent-direction",
        "gradient-descent-step",
        "rowmajor-two-layer",
    ],
    "adjoints": [
        "warmup-lagrangian",
        "graph-by-hand",
        "lemma-grad-z",
        "lemma-grad-w",
        "lambda-recursion",
        "delta-vs-lambda",
        "delta-from-lambda",
        "spot-the-error",
        "matmul-backward",
        "backward-pass",
        "graph-reverse-mode",
        "linear-time",
    ],
}
ALL_IDS = [f"{pack}/{eid}" for pack, ids in CURRICULUM.items() for eid in ids]

CODE_ANCHORS = {
    "scalar-chains/numerical-gradient": ("numerical_gradient", ["C", "w", "eps"]),
    "mlp/backward": ("backward", ["Ws", "bs", "x", "y", "f", "df"]),
    "mlp/batch-backward": ("batch_backward", ["Ws", "bs", "X", "Y", "f", "df"]),
    "adjoints/matmul-backward": ("matmul_backward", ["A", "B", "G"]),
    "adjoints/backward-pass": ("adjoint_backward", ["Ws", "x", "y", "fs", "dfs"]),
}
EXPRESSION_ANCHORS = {
    "matrix-calculus/linear-yax": {"y": ("m", 1), "A": ("m", "n"), "x": ("n", 1)},
    "matrix-calculus/linear-yabx-da": {
        "y": ("m", 1),
        "A": ("m", "n"),
        "B": ("n", "p"),
        "x": ("p", 1),
    },
    "matrix-calculus/linear-yabx-db": {
        "y": ("m", 1),
        "A": ("m", "n"),
        "B": ("n", "p"),
        "x": ("p", 1),
    },
    "matrix-calculus/quadratic-ax": {"A": ("m", "n"), "x": ("n", 1)},
    "matrix-calculus/quadratic-abx-db": {"A": ("l", "m"), "B": ("m", "n"), "x": ("n", 1)},
    "matrix-calculus/activation-yax": {"y": ("m", 1), "A": ("m", "n"), "x": ("n", 1)},
    "matrix-calculus/nested-db": {"y": ("k", 1), "A": ("k", "m"), "B": ("m", "n"), "x": ("n", 1)},
    "adjoints/lemma-grad-z": {"λ": ("m", 1), "W": ("m", "n"), "z": ("n", 1)},
    "adjoints/lemma-grad-w": {"λ": ("m", 1), "W": ("m", "n"), "z": ("n", 1)},
}


def test_the_catalog_loads_without_problems():
    assert [str(p) for p in CATALOG.problems] == []


@pytest.mark.parametrize("qualified_id", ALL_IDS)
def test_every_curriculum_exercise_exists(qualified_id):
    assert qualified_id in EXERCISES


def test_the_packs_hold_the_curriculum_in_its_order():
    assert {p: [e.id for e in CATALOG.pack(p).exercises] for p in CURRICULUM} == CURRICULUM


@pytest.mark.parametrize("qualified_id", sorted(EXERCISES))
def test_prompt_cites_its_source_and_hints_lead_up(qualified_id):
    exercise = EXERCISES[qualified_id]
    prompt = exercise.prompt().lower()
    cited = [
        s
        for s in exercise.sources
        if s.author.lower() in prompt or s.document.lower()[:24] in prompt
    ]
    assert cited, f"prompt names none of {[s.document for s in exercise.sources]}"
    assert 2 <= len(exercise.hints) <= 4


@pytest.mark.parametrize("qualified_id, signature", CODE_ANCHORS.items())
def test_code_anchor_signatures(qualified_id, signature):
    exercise = EXERCISES[qualified_id]
    name, arguments = signature
    assert exercise.code.function == name
    assert [i.name for i in exercise.code.inputs][: len(arguments)] == arguments
    starter = exercise.code.starter.read_text()
    assert f"def {name}(" in starter


@pytest.mark.parametrize("qualified_id, symbols", EXPRESSION_ANCHORS.items())
def test_expression_anchor_symbol_tables(qualified_id, symbols):
    declared = {s.name: tuple(s.shape) for s in EXERCISES[qualified_id].expression.symbols}
    assert declared == symbols


@pytest.mark.parametrize("qualified_id", sorted(EXERCISES))
def test_exercise_passes_the_deep_checks(qualified_id):
    assert [str(p) for p in exercise_problems(EXERCISES[qualified_id])] == []


@pytest.mark.parametrize(
    "qualified_id", sorted(q for q, e in EXERCISES.items() if e.kind == "choice")
)
def test_every_wrong_option_explains_itself(qualified_id):
    spec = EXERCISES[qualified_id].choice
    for option in spec.options:
        if option.key != spec.correct:
            assert option.feedback.strip(), f"option {option.key} has no feedback"


@pytest.mark.parametrize("qualified_id", sorted(EXERCISES))
def test_every_exercise_has_a_worked_solution(qualified_id):
    """Shown after solving: a worked argument, not only the final formula."""
    path = EXERCISES[qualified_id].solution_path
    assert path is not None, "no solution.md"
    text = path.read_text(encoding="utf-8").strip()
    assert len(text.split()) >= 40, f"solution.md has only {len(text.split())} words"


@pytest.mark.parametrize(
    "qualified_id", sorted(q for q, e in EXERCISES.items() if e.kind == "choice")
)
def test_each_option_gets_its_own_verdict(qualified_id):
    """As a learner answers: the right key passes, every other key is wrong with its mistake
    and its feedback (upper case and spaces as typed)."""
    from grader.choice import check_choice

    exercise = EXERCISES[qualified_id]
    for option in exercise.choice.options:
        verdict = check_choice(exercise, f" {option.key.upper()} ")
        if option.key == exercise.choice.correct:
            assert verdict.passed, option.key
        else:
            assert (verdict.passed, verdict.mistake) == (False, option.mistake), option.key
            assert option.feedback.strip() in verdict.feedback
