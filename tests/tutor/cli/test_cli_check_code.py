"""`backprop-tutor check` on code exercises: the verdict contract, exit codes, seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tutor.cli import main

CODE = Path(__file__).parents[2] / "data" / "code" / "adjoints__matmul-backward"
KEYS = {
    "exercise",
    "submission",
    "learner",
    "status",
    "passed",
    "score",
    "feedback",
    "mistake",
    "checks",
    "elapsed_ms",
    "isolation",
    "variant",
}


def _check(*args: str):
    return CliRunner().invoke(main, ["check", "adjoints/matmul-backward", *args])


@pytest.mark.parametrize(
    ("name", "code", "status"),
    [
        ("right_einsum.py", 0, "passed"),
        ("wrong_transposed.py", 1, "wrong"),
        ("wrong_missing_transpose_crash.py", 1, "error"),
    ],
)
def test_json_verdict_has_the_contract_keys_and_exit_code(name, code, status):
    result = _check(str(CODE / name), "--json", "--seed", "4")
    assert result.exit_code == code, result.output
    verdict = json.loads(result.output)
    assert KEYS <= set(verdict)
    assert verdict["variant"] is None  # a fixed exercise, not a family's variant
    assert verdict["status"] == status
    assert verdict["passed"] is (status == "passed")
    assert verdict["exercise"] == "adjoints/matmul-backward"
    assert verdict["submission"] == str(CODE / name)
    assert all({"name", "passed", "message"} <= set(c) for c in verdict["checks"])


def test_same_seed_prints_the_same_verdict():
    runs = [
        json.loads(_check(str(CODE / "wrong_first_transposed.py"), "--json", "--seed", "9").output)
        for _ in range(2)
    ]
    for run in runs:
        run.pop("elapsed_ms")
    assert runs[0] == runs[1]


def test_missing_file_is_a_usage_error(tmp_path):
    result = _check(str(tmp_path / "nowhere.py"), "--json")
    assert result.exit_code == 2


def test_text_answer_for_a_code_exercise_is_a_usage_error(tmp_path):
    answer = tmp_path / "answer.txt"
    answer.write_text("G B^T\n", encoding="utf-8")
    result = _check(str(answer), "--json")
    assert result.exit_code == 2
    assert "code exercise" in result.output
