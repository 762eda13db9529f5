"""Checking a code answer: run it in the sandbox on fresh inputs, compare in the grader, and
name the mistake when it is wrong (DESIGN.md, "Grading")."""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Any

import numpy as np

from exercises.model import Exercise
from grader.code import wire
from grader.code.diagnose import Diagnosis, generic, swapped
from grader.code.numeric import (
    ReferenceFailure,
    as_outputs,
    close,
    code_spec,
    conform,
    first_difference,
    make_inputs,
    reference_outputs,
)
from grader.code.sandbox import Outcome, Sandbox
from grader.verdict import Check, Status, Verdict, error_verdict

STATUS_OF_ERROR: dict[str, Status] = {
    "timeout": "timeout",
    "memory": "resource-limit",
    "output": "resource-limit",
}


SEEDED_DRAWS_KEPT = 256


class Draw:
    """The trials of one check and what the reference makes of them; with a seed, one draw
    serves every submission of the exercise (a class graded with --seed), so the reference
    and each declared mistake run once per exercise instead of once per submission."""

    def __init__(self, exercise: Exercise, rng: np.random.Generator):
        spec = code_spec(exercise)
        self.exercise = exercise
        self.spec = spec
        self.trials = [make_inputs(spec, rng, i) for i in range(spec.trials)]
        self.expected = [reference_outputs(exercise, args) for args in self.trials]
        try:
            self.message = wire.encode(self.trials)
        except wire.WireError as error:
            raise ReferenceFailure(f"its inputs cannot be sent to learner code: {error}") from error
        """The trials as sent to the sandbox."""
        self._mistakes: dict[str, list | None] = {}

    def mistake_outputs(self, function: str) -> list | None:
        """What a declared mistake returns on these trials; None when it fails on them."""
        if function not in self._mistakes:
            try:
                self._mistakes[function] = [
                    reference_outputs(self.exercise, args, function) for args in self.trials
                ]
            except ReferenceFailure:
                self._mistakes[function] = None
        return self._mistakes[function]


class CodeGrader:
    def __init__(
        self, *, timeout: float = 5.0, memory_mb: int = 1024, sandbox: Sandbox | None = None
    ):
        self.timeout = timeout
        self.sandbox = sandbox or Sandbox(memory_mb=memory_mb)
        self._draws: dict[tuple[int, int], Draw] = {}

    def _draw(self, exercise: Exercise, seed: int | None) -> Draw:
        if seed is None:
            return Draw(exercise, np.random.default_rng(secrets.randbits(64)))
        key = (id(exercise), seed)  # the draw holds the exercise, so its id stays its own
        draw = self._draws.get(key)
        if draw is None:
            if len(self._draws) >= SEEDED_DRAWS_KEPT:
                self._draws.clear()
            draw = self._draws.setdefault(key, Draw(exercise, np.random.default_rng(seed)))
        return draw

    def check(self, exercise: Exercise, source: str, *, seed: int | None = None) -> Verdict:
        """The verdict on ``source``, saying which confinement it ran under."""
        return replace(self._check(exercise, source, seed), isolation=self.sandbox.isolation)

    def _check(self, exercise: Exercise, source: str, seed: int | None) -> Verdict:
        qid = exercise.qualified_id
        spec = code_spec(exercise)
        try:
            draw = self._draw(exercise, seed)
        except ReferenceFailure as error:
            return error_verdict(
                qid, f"this exercise's reference is broken ({error}); tell the pack's author"
            )
        outcome = self.sandbox.run(source, spec.function, draw.message, timeout=self.timeout)
        if outcome.error or outcome.results is None:
            return _failed_run(qid, outcome)
        if len(outcome.results) != len(draw.trials):  # the reply is the learner's to forge
            return _unusable(
                qid, f"return one value for each of the {len(draw.trials)} calls", outcome
            )
        got = []
        for i, value in enumerate(outcome.results):
            outputs = as_outputs(spec, value)
            if outputs is None:
                return _unusable(
                    qid,
                    f"return {len(spec.outputs)} values "
                    f"({', '.join(spec.outputs)}) as a tuple or list",
                    outcome,
                )
            if not all(_real(o) for o in outputs):
                return _unusable(qid, "return real floating-point arrays or numbers", outcome)
            got.append([conform(g, e) for g, e in zip(outputs, draw.expected[i])])
        return judge(draw, got, outcome)

    def close(self) -> None:
        self.sandbox.close()


def _real(value: Any, depth: int = 0) -> bool:
    """What an honest run sends back: float64 arrays, floats, lists of them (a forged reply may
    hold integers, booleans, strings or anything else the wire format can carry)."""
    if isinstance(value, list) and depth < 4:
        return all(_real(v, depth + 1) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype == np.float64
    return type(value) is float


def _failed_run(qid: str, outcome: Outcome) -> Verdict:
    status: Status = STATUS_OF_ERROR.get(outcome.error or "", "error")
    lead = {
        "syntax": "Your file has a syntax error.",
        "missing": "The function is missing.",
        "exception": "Your code raised an exception.",
        "unusable": "Your function returned something that is not an array or a number.",
        "exited": "Your code stopped the process.",
        "timeout": "Time limit reached.",
        "memory": "Memory limit reached.",
        "output": "Output limit reached.",
        "sandbox": "The grader could not run your code (not your code's fault: "
        "tell your instructor).",
    }.get(outcome.error or "", "Your code could not run.")
    feedback = f"{lead}\n{outcome.message}".strip()
    extra = {"output": outcome.output} if outcome.output else {}
    return Verdict(
        qid,
        status,
        0.0,
        feedback,
        checks=(
            Check("run", False, outcome.message.splitlines()[-1] if outcome.message else lead),
        ),
        extra=extra,
    )


def _unusable(qid: str, what: str, outcome: Outcome) -> Verdict:
    message = f"Your function should {what}."
    return Verdict(
        qid,
        "error",
        0.0,
        message,
        checks=(Check("outputs", False, message),),
        extra={"output": outcome.output} if outcome.output else {},
    )


def _batch_sizes(trials: list[list[Any]]) -> list[set[int]]:
    """Per trial, the sizes that could be a batch N in a mean: columns of matrix inputs
    (samples as columns) and rows (the row-major convention, ``X`` of shape n×d)."""
    return [
        {
            int(n)
            for a in args
            if isinstance(a, np.ndarray) and a.ndim == 2
            for n in a.shape
            if n > 1
        }
        for args in trials
    ]


def _declared(draw: Draw, got) -> Diagnosis | None:
    spec = draw.spec
    for mistake in spec.mistakes:
        wrong = draw.mistake_outputs(mistake.function)
        if wrong is not None and all(
            close(g, w, spec.rtol, spec.atol) for gs, ws in zip(got, wrong) for g, w in zip(gs, ws)
        ):
            return Diagnosis(mistake.id, mistake.feedback)
    return None


def judge(draw: Draw, got, outcome: Outcome) -> Verdict:
    """The verdict on the outputs ``got`` of one run over ``draw``'s trials (also what
    ``pack validate`` asks of each declared mistake)."""
    exercise, trials, expected = draw.exercise, draw.trials, draw.expected
    spec = draw.spec
    qid = exercise.qualified_id
    right = [
        all(close(g[k], e[k], spec.rtol, spec.atol) for g, e in zip(got, expected))
        for k in range(len(spec.outputs))
    ]
    checks = tuple(
        Check(
            name,
            ok,
            f"equal on {len(trials)} random inputs"
            if ok
            else first_difference(
                [g[k] for g in got][_first_bad(got, expected, k, spec)],
                expected[_first_bad(got, expected, k, spec)][k],
                spec.rtol,
                spec.atol,
                name,
            )
            or "differs",
        )
        for k, (name, ok) in enumerate(zip(spec.outputs, right))
    )
    extra = {"output": outcome.output} if outcome.output else {}
    score = sum(right) / len(right)
    if all(right):
        return Verdict(
            qid,
            "passed",
            1.0,
            "Correct: every output matches on every trial.",
            checks=checks,
            extra=extra,
        )
    diagnosis = _declared(draw, got)
    if diagnosis is None and swapped(got, expected, spec.rtol, spec.atol):
        diagnosis = Diagnosis(
            "swapped",
            f"You returned {spec.outputs[1]} where {spec.outputs[0]} "
            "belongs and the other way round: check the order of the outputs.",
        )
    if diagnosis is None:
        for k, ok in enumerate(right):
            if not ok:
                diagnosis = generic(
                    [g[k] for g in got],
                    [e[k] for e in expected],
                    (spec.outputs[k],),
                    spec.rtol,
                    spec.atol,
                    _batch_sizes(trials),
                )
                break
    if diagnosis is not None:
        return Verdict(
            qid,
            "wrong",
            score,
            diagnosis.feedback,
            mistake=diagnosis.mistake,
            checks=checks,
            extra=extra,
        )
    wrong_names = [n for n, ok in zip(spec.outputs, right) if not ok]
    first = next(c.message for c in checks if not c.passed)
    feedback = (
        f"{', '.join(wrong_names)} {'is' if len(wrong_names) == 1 else 'are'} not right: {first}."
    )
    if any(right):
        feedback += f" ({sum(right)} of {len(right)} outputs are right.)"
    return Verdict(qid, "wrong", score, feedback, checks=checks, extra=extra)


def _first_bad(got, expected, k: int, spec) -> int:
    for i, (g, e) in enumerate(zip(got, expected)):
        if not close(g[k], e[k], spec.rtol, spec.atol):
            return i
    return 0
