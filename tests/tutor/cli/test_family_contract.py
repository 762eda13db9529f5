"""The families' command-line contract, checked from outside as DESIGN.md's readers would: for
every built-in family and 50 variants, ``show --variant N --json --solution`` gives a cost and
an expected gradient as numpy expressions, and the gradient agrees with central finite
differences of the cost evaluated with numpy alone (with smooth functions of our own choosing
bound to the declared functions and their derivatives)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from tutor.cli import main as cli

VARIANTS = range(50)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def families() -> list[str]:
    listing = json.loads(run("list", "--json"))
    return [
        f"{exercise['id']}"
        for pack in listing["packs"]
        for exercise in pack["exercises"]
        if exercise.get("family")
    ]


FAMILIES = families()


def test_there_are_families_and_other_exercises_are_not():
    listing = json.loads(run("list", "--json"))
    flags = [e["family"] for pack in listing["packs"] for e in pack["exercises"]]
    assert len(FAMILIES) >= 4 and flags.count(False) >= 40


def bind(variant: dict, rng: np.random.Generator) -> dict:
    env: dict = {"np": np}
    for symbol in variant["symbols"].values():
        value = rng.normal(size=symbol["shape"])
        if symbol["symmetric"]:
            value = (value + value.T) / 2
        env[symbol["py"]] = value
    # a smooth function with a derivative we know, different for each function
    plain = {n: f for n, f in variant["functions"].items() if "derivative_of" not in f}
    coefficients = {n: rng.uniform(0.5, 1.5, size=3) for n in plain}
    for name, function in plain.items():
        a, b, c = coefficients[name]
        env[function["py"]] = lambda x, a=a, b=b, c=c: a * np.sin(x) + b * x**2 / 2 + c * x
    for function in variant["functions"].values():
        if "derivative_of" in function:
            a, b, c = coefficients[function["derivative_of"]]
            env[function["py"]] = lambda x, a=a, b=b, c=c: a * np.cos(x) + b * x + c
    return env


def scalar(value) -> float:
    value = np.asarray(value, dtype=float)
    assert value.size == 1, f"the cost is not a scalar: shape {value.shape}"
    return float(value.ravel()[0])


@pytest.mark.parametrize("family", FAMILIES)
def test_every_variants_solution_is_the_gradient_of_its_cost(family):
    rng = np.random.default_rng(sum(map(ord, family)))
    seen = set()
    for n in VARIANTS:
        variant = json.loads(run("show", family, "--variant", str(n), "--json", "--solution"))
        assert variant["variant"] == n
        seen.add((variant["cost"], variant["wrt"]))
        env = bind(variant, rng)
        wrt = variant["symbols"][variant["wrt"]]
        point = env[wrt["py"]]
        gradient = np.asarray(eval(variant["solution_numpy"], env), dtype=float)
        assert gradient.shape == tuple(wrt["shape"]), (variant["cost"], variant["solution"])
        numeric = np.zeros_like(point)
        h = 1e-6
        for index in np.ndindex(*point.shape):
            up, down = point.copy(), point.copy()
            up[index] += h
            down[index] -= h
            env[wrt["py"]] = up
            high = scalar(eval(variant["cost_numpy"], env))
            env[wrt["py"]] = down
            low = scalar(eval(variant["cost_numpy"], env))
            numeric[index] = (high - low) / (2 * h)
        env[wrt["py"]] = point
        if wrt["symmetric"]:  # the gradient within symmetric matrices: its symmetric part
            numeric = (numeric + numeric.T) / 2
            gradient = (gradient + gradient.T) / 2
        assert np.allclose(gradient, numeric, rtol=1e-5, atol=1e-6), (
            family,
            n,
            variant["cost"],
            variant["solution"],
            gradient,
            numeric,
        )
    assert len(seen) >= 10, f"{family}: only {len(seen)} different questions in 50 variants"


@pytest.mark.parametrize("family", FAMILIES)
def test_show_without_solution_gives_nothing_of_the_answer_away(family):
    variant = json.loads(run("show", family, "--variant", "7", "--json"))
    assert "solution" not in variant and "solution_numpy" not in variant
    solved = json.loads(run("show", family, "--variant", "7", "--json", "--solution"))
    prompt = run("show", family, "--variant", "7")
    assert solved["solution"] not in prompt


@pytest.mark.parametrize("family", FAMILIES)
def test_the_solution_passes_and_its_transpose_does_not(family, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_TUTOR_DB", str(tmp_path / "p.sqlite3"))
    for n in (0, 1, 2, 3):
        solved = json.loads(run("show", family, "--variant", str(n), "--json", "--solution"))
        result = CliRunner().invoke(
            cli, ["check", family, "--variant", str(n), "--answer", solved["solution"], "--json"]
        )
        assert result.exit_code == 0, result.output
        verdict = json.loads(result.output)
        assert verdict["status"] == "passed" and verdict["variant"] == n
        for same in (
            f"(({solved['solution']})ᵀ)ᵀ",
            f"2 ({solved['solution']}) - ({solved['solution']})",
        ):
            again = CliRunner().invoke(
                cli, ["check", family, "--variant", str(n), "--answer", same, "--json"]
            )
            assert again.exit_code == 0, (same, again.output)
        for wrong in (f"2 ({solved['solution']})", f"-({solved['solution']})"):
            result = CliRunner().invoke(
                cli, ["check", family, "--variant", str(n), "--answer", wrong, "--json"]
            )
            assert result.exit_code == 1, (wrong, result.output)
            assert solved["solution"] not in json.loads(result.output)["feedback"]
        shape = solved["symbols"][solved["wrt"]]["shape"]
        if shape[0] != shape[1] and not solved["symbols"][solved["wrt"]]["symmetric"]:
            wrong = CliRunner().invoke(
                cli,
                [
                    "check",
                    family,
                    "--variant",
                    str(n),
                    "--answer",
                    f"({solved['solution']})^T",
                    "--json",
                ],
            )
            assert wrong.exit_code == 1, wrong.output
