"""Grading an expression answer: parse, check shapes, compare values, name the mistake.

The engine calls ``check_expression``. Everything that depends only on the exercise (spelling
table, parsed expected and wrong answers, their values on the random draws for a seed) is
computed once and cached, so a warm check is a parse plus a few small numpy products.
Equivalence is decided numerically on several draws with distinct sizes (see ``numeric``);
sympy is kept out of this path (it costs more to import than the whole cold-check budget) and
serves ``pack validate`` instead (see ``verify``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from exercises.model import Exercise, ExpressionSpec, WrongAnswer
from grader.expr.bracketing import infer_shapes
from grader.expr.compiled import Compiled, Parsed, compile_spec
from grader.expr.diagnose import Chain, Diagnosis, chain, diagnose
from grader.expr.errors import ExprError
from grader.expr.numeric import Draw, close, evaluate, make_draw
from grader.expr.render import render
from grader.expr.shapes import infer_shape, show
from grader.expr.visitor import UnknownNodeError
from grader.verdict import Check, Verdict

DRAWS = 3
EQUAL_DRAWS = 2
Values = list[list[np.ndarray]]
"""Per part, per draw."""


@dataclass(frozen=True)
class Declared:
    wrong: WrongAnswer
    parsed: Parsed | None
    """None when the wrong answer's shapes only fit if dimensions coincide (``yᵀx``)."""
    parts: tuple


@dataclass
class Target:
    """The exercise evaluated on the draws of one seed."""

    draws: list[Draw]
    equal_draws: list[Draw]
    expected: Values
    expected_equal: Values
    wrong: list[tuple[WrongAnswer, Values | None, Values | None]]


def _values(parts, draws: list[Draw]) -> Values:
    with np.errstate(all="ignore"):
        return [[evaluate(p, d) for d in draws] for p in parts]


def _same(a: Values, b: Values | None) -> bool:
    return (
        b is not None
        and len(a) == len(b)
        and all(close(x, y) for pa, pb in zip(a, b) for x, y in zip(pa, pb))
    )


class ExerciseChecker:
    """Everything about one expression exercise that does not depend on the answer."""

    def __init__(self, spec: ExpressionSpec):
        self.spec = spec
        self.compiled: Compiled = compile_spec(spec)
        self.expected = self.compiled.read(spec.expected[0])
        self.chain: Chain = chain(self.compiled.quantities, self.expected.parts, spec.wrt)
        self.equal_vocab = replace(
            self.compiled.vocab,
            shapes={
                k: ("k" if isinstance(v[0], str) else v[0], "k" if isinstance(v[1], str) else v[1])
                for k, v in self.compiled.vocab.shapes.items()
            },
        )
        self.declared: list[Declared] = []
        for w in spec.wrong:
            try:
                parts = self.compiled.parse(w.expression)
            except ExprError:
                continue
            try:
                parsed = self.compiled.read(w.expression)
            except ExprError:
                parsed = None
            self.declared.append(Declared(w, parsed, parts))
        self._targets: dict[int, Target] = {}

    def fits_equal_dims(self, parts, text: str) -> bool:
        try:
            for p in parts:
                infer_shape(p, text, self.equal_vocab)
        except ExprError:
            return False
        return True

    def target(self, seed: int) -> Target:
        if seed not in self._targets:
            draws = [make_draw(self.spec, np.random.default_rng([seed, i])) for i in range(DRAWS)]
            equal = [
                make_draw(self.spec, np.random.default_rng([seed, 100 + i]), equal_dims=3 + i)
                for i in range(EQUAL_DRAWS)
            ]
            wrong = []
            for d in self.declared:
                normal = _values(d.parsed.parts, draws) if d.parsed else None
                fits = self.fits_equal_dims(d.parts, d.wrong.expression)
                wrong.append((d.wrong, normal, _values(d.parts, equal) if fits else None))
            if len(self._targets) > 16:
                self._targets.clear()
            self._targets[seed] = Target(
                draws,
                equal,
                _values(self.expected.parts, draws),
                _values(self.expected.parts, equal),
                wrong,
            )
        return self._targets[seed]


@lru_cache(maxsize=128)
def checker(spec: ExpressionSpec) -> ExerciseChecker:
    return ExerciseChecker(spec)


def _error(exercise: Exercise, message: str, check: str = "parse", **kw) -> Verdict:
    """An error verdict; the check carries the message's first line (the caret is in feedback)."""
    return Verdict(
        exercise=exercise.qualified_id,
        status="error",
        score=0.0,
        feedback=message,
        checks=(Check(check, False, message.splitlines()[0]),),
        **kw,
    )


def check_expression(exercise: Exercise, text: str, seed: int | None = None) -> Verdict:
    """Grade ``text`` as an answer to the expression exercise ``exercise``.

    Never raises for any input: a failure of the grader itself is an error verdict that says so
    (and is a bug to report), not a traceback in the learner's face.
    """
    try:
        return _check(exercise, text, seed)
    except (
        RecursionError,
        MemoryError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        ArithmeticError,
        AttributeError,
        UnknownNodeError,
    ) as e:
        return _error(
            exercise,
            f"the grader could not evaluate this answer ({type(e).__name__}:"
            f" {e}); please report it with your answer",
        )


def _check(exercise: Exercise, text: str, seed: int | None) -> Verdict:
    qid = exercise.qualified_id
    if exercise.expression is None:
        return _error(exercise, "this exercise does not take an expression")
    try:
        ch = checker(exercise.expression)
    except ExprError as e:
        return _error(exercise, f"the exercise's own expected answer is broken: {e.message}")
    text = text.strip()
    try:
        parts = ch.compiled.parse(text)
    except ExprError as e:
        return _error(exercise, e.describe(text), extra={"column": e.column})
    target = ch.target(0 if seed is None else seed)
    try:
        parsed = Parsed(text, parts, infer_shapes(parts, text, ch.compiled.vocab))
    except ExprError as e:
        return _shape_error(exercise, ch, target, parts, text, e)
    n = len(ch.expected.parts)
    if len(parts) != n:
        what = "one expression" if n == 1 else f"{n} expressions separated by commas"
        return _error(exercise, f"this exercise asks for {what}; your answer has {len(parts)}")
    rendering = ", ".join(render(p) for p in parts)
    checks = [Check("parse", True, rendering), _shape_check(parsed.shapes, ch.expected.shapes)]
    values = _values(parts, target.draws)
    right = [_same([v], [e]) for v, e in zip(values, target.expected)]
    for i, ok in enumerate(right):
        label = "value" if n == 1 else f"part {i + 1}"
        checks.append(Check(label, ok, f"equal on {DRAWS} random draws" if ok else "differs"))
    if all(right):
        return Verdict(qid, "passed", 1.0, "Correct.", checks=tuple(checks))
    diagnosis = _diagnose(ch, target, parsed, values, right)
    score = 0.0 if diagnosis.mistake == "swapped" else sum(right) / n
    return Verdict(
        qid,
        "wrong",
        score,
        diagnosis.feedback,
        mistake=diagnosis.mistake,
        checks=tuple(checks),
        extra=diagnosis.extra,
    )


def _shape_check(yours, expected) -> Check:
    """Passes only when every part has the shape of the expected answer (a transposed answer
    fits the grammar but not the question)."""
    shown = ", ".join(show(s) for s in yours)
    if tuple(yours) == tuple(expected):
        return Check("shape", True, shown)
    return Check(
        "shape", False, f"{shown}, but the answer is {', '.join(show(s) for s in expected)}"
    )


def _declared_match(target: Target, values: Values, equal: bool) -> WrongAnswer | None:
    for wrong, normal, on_equal in target.wrong:
        if _same(values, on_equal if equal else normal):
            return wrong
    return None


def _shape_error(
    exercise: Exercise, ch: ExerciseChecker, target: Target, parts, text: str, error: ExprError
) -> Verdict:
    """Undefined shapes are an error; a declared wrong answer of that kind still gets named."""
    message = error.describe(text)
    if ch.fits_equal_dims(parts, text):
        with np.errstate(all="ignore"):
            values = _values(parts, target.equal_draws)
        wrong = _declared_match(target, values, equal=True)
        if wrong is not None:
            return _error(
                exercise,
                f"{message}\n{wrong.feedback}",
                "shape",
                mistake=wrong.mistake,
                extra={"column": error.column},
            )
    return _error(exercise, message, "shape", extra={"column": error.column})


def _diagnose(
    ch: ExerciseChecker, target: Target, parsed: Parsed, values: Values, right: list[bool]
) -> Diagnosis:
    wrong = _declared_match(target, values, equal=False)
    if wrong is not None:
        return Diagnosis(wrong.mistake, wrong.feedback)
    n = len(values)
    if n > 1:
        for perm in itertools.permutations(range(n)):
            if perm != tuple(range(n)) and all(
                _same([values[i]], [target.expected[j]]) for i, j in enumerate(perm)
            ):
                return Diagnosis(
                    "swapped",
                    "Each of your expressions is right, but they are in "
                    "the wrong order: give the outputs in the order asked.",
                )
    found: list[tuple[int, Diagnosis]] = []
    for i, ok in enumerate(right):
        if not ok:
            found.append(
                (
                    i,
                    diagnose(
                        values[i],
                        target.expected[i],
                        target.draws,
                        your_shape=show(parsed.shapes[i]),
                        right_shape=show(ch.expected.shapes[i]),
                        chain=ch.chain,
                    ),
                )
            )
    first = found[0][1]
    if n == 1:
        return first
    return Diagnosis(first.mistake, _per_part(found, right), first.extra)


def _per_part(found: list[tuple[int, Diagnosis]], right: list[bool]) -> str:
    """One sentence per distinct diagnosis, naming the parts it applies to (the same words are
    not repeated for each part)."""
    notes: list[tuple[int, str]] = []
    good = [i + 1 for i, ok in enumerate(right) if ok]
    if good:
        notes.append((good[0], f"{_parts(good)} {'is' if len(good) == 1 else 'are'} right."))
    groups: dict[str, list[int]] = {}
    for i, d in found:
        key = d.feedback if d.mistake is not None else "counterexample"
        groups.setdefault(key, []).append(i)
    for key, parts in groups.items():
        if key == "counterexample":
            lead = dict(found)[parts[0]].feedback.partition(". ")[0].rstrip(".")
            details = [dict(found)[i].feedback.partition(". ")[2] for i in parts]
            numbered = [
                f"({i + 1}) {d}" if len(parts) > 1 else d for i, d in zip(parts, details) if d
            ]
            notes.append(
                (
                    parts[0] + 1,
                    f"{_parts([i + 1 for i in parts])}: {lead}. {' '.join(numbered)}".rstrip(),
                )
            )
        else:
            notes.append((parts[0] + 1, f"{_parts([i + 1 for i in parts])}: {key}"))
    return " ".join(text for _, text in sorted(notes))


def _parts(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"Part {numbers[0]}"
    return f"Parts {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"
