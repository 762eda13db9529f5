"""Self-checks of a code exercise, for the test suite and `pack validate`: the reference agrees
with central finite differences of its cost, the starter fails, and every declared mistake is
wrong and diagnosed as itself."""

from __future__ import annotations

from typing import Any

import numpy as np

from exercises.model import Exercise
from grader.code.check import CodeGrader, Draw, judge
from grader.code.numeric import ReferenceFailure, code_spec, reference_module, reference_outputs
from grader.code.sandbox import Outcome
from grader.finite_differences import TOLERANCE, central_difference, entries, entry, scale


def finite_difference_problems(exercise: Exercise, args: list[Any]) -> list[str]:
    spec = code_spec(exercise)
    if not spec.cost:
        return []
    cost = getattr(reference_module(spec), spec.cost)
    names = [i.name for i in spec.inputs]
    outputs = reference_outputs(exercise, args)
    problems = []
    for out_name, in_name in spec.gradients.items():
        position = names.index(in_name)
        analytic = outputs[spec.outputs.index(out_name)]

        def cost_at(value: Any, in_name: str = in_name) -> float:
            return cost(**{**dict(zip(names, args)), in_name: value})

        worst = max(
            (
                abs(central_difference(cost_at, args[position], index) - entry(analytic, index))
                for index in entries(args[position])
            ),
            default=0.0,
        ) / scale(analytic)
        if worst > TOLERANCE:
            problems.append(
                f"reference output {out_name} disagrees with central finite "
                f"differences of {spec.cost} with respect to {in_name} "
                f"(relative error {worst:.2g})"
            )
    return problems


def verify_code_exercise(exercise: Exercise, *, seed: int = 0) -> list[str]:
    """Problems found, as sentences for the pack's author (empty when all is well)."""
    spec = code_spec(exercise)
    try:
        draw = Draw(exercise, np.random.default_rng(seed))
        problems = finite_difference_problems(exercise, draw.trials[0])
    except ReferenceFailure as error:
        return [f"the reference cannot run: {error}"]
    outcome = Outcome(results=[], output="")
    for mistake in spec.mistakes:
        try:
            wrong = [reference_outputs(exercise, args, mistake.function) for args in draw.trials]
        except ReferenceFailure as error:
            problems.append(f"mistake {mistake.id}: {error}")
            continue
        verdict = judge(draw, wrong, outcome)
        if verdict.passed:
            problems.append(f"mistake {mistake.id} is not wrong: it matches the reference")
        elif verdict.mistake != mistake.id:
            problems.append(
                f"mistake {mistake.id} is diagnosed as {verdict.mistake or 'nothing'}"
                " (it may equal another mistake, or a transposed, negated or "
                "scaled reference)"
            )
    grader = CodeGrader(timeout=10.0)
    try:
        verdict = grader.check(exercise, spec.starter.read_text(encoding="utf-8"), seed=seed)
    finally:
        grader.close()
    if verdict.passed:
        problems.append("the starter already passes")
    return problems
