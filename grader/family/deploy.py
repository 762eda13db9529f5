"""``pack validate`` for a family: deploy M variants (STACK's "deployed variants") and check
each one as a learner would meet it.

For every variant: the derived answer and each accepted alternative pass the variant's own
check; every derived wrong answer is wrong and diagnosed with its own mistake id (one that
equals the answer, such as the transpose of a symmetric result, makes the family unusable);
the answer agrees with sympy's derivative of the cost, entry by entry at small sizes, and
with sympy's matrix calculus where that returns a matrix (a disagreement there is settled by
the entry-by-entry derivative, since sympy's matrix calculus is wrong on some powers). The
finite-difference check happens when a variant is drawn. A family whose variants repeat too
often (fewer than ``DISTINCT`` of them different) is refused too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exercises.model import Exercise
from grader.expr.check import check_expression
from grader.family.variant import VariantError, signature, variant

DEFAULT_VARIANTS = 50
DISTINCT = 0.8
SYMPY_VARIANTS = 10
"""Variants also checked by sympy (its entry-by-entry derivative takes up to a second); after
them, any variant that brings a construct or a symmetric matrix that sympy has not checked
yet in this family (the first ten of the quadratic forms have no symmetric one)."""


@dataclass
class Deployment:
    exercise: str
    variants: int = 0
    distinct: int = 0
    wrong_answers: int = 0
    sympy_entrywise: int = 0
    sympy_matrix: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.variants} variants ({self.distinct} distinct), {self.wrong_answers} "
            f"derived wrong answers diagnosed, sympy agrees on {self.sympy_entrywise} "
            f"(matrix calculus decided {self.sympy_matrix})"
        )


def deploy(exercise: Exercise, count: int = DEFAULT_VARIANTS, *, sympy: bool = True) -> Deployment:
    report = Deployment(exercise.qualified_id)
    seen = set()
    checked_by_sympy: set[str] = set()
    for n in range(count):
        try:
            v = variant(exercise, n)
        except VariantError as error:
            report.problems.append(str(error))
            return report
        report.variants += 1
        seen.add(signature(v))
        where = f"variant {n}"
        for text in v.derived.spec.expected:
            verdict = check_expression(v, text)
            if not verdict.passed:
                report.problems.append(
                    f"{where}: its own answer {text!r} does not pass ({verdict.feedback})"
                )
        for slip in v.derived.blind:
            report.problems.append(
                f"{where}: the derived wrong answer {slip.expression!r} ({slip.mistake}) "
                "equals the answer, so this variant cannot tell that mistake from it"
            )
        for slip in v.derived.slips:
            verdict = check_expression(v, slip.expression)
            if verdict.passed:
                report.problems.append(
                    f"{where}: the derived wrong answer {slip.expression!r} "
                    f"({slip.mistake}) equals the answer"
                )
            elif verdict.mistake != slip.mistake:
                report.problems.append(
                    f"{where}: the derived wrong answer {slip.expression!r} "
                    f"is diagnosed as {verdict.mistake!r}, not "
                    f"{slip.mistake!r}"
                )
            else:
                report.wrong_answers += 1
        features = _features(v)
        if sympy and (n < SYMPY_VARIANTS or not features <= checked_by_sympy):
            checked_by_sympy |= features
            _sympy(v, report, where)
    report.distinct = len(seen)
    if report.variants and report.distinct < DISTINCT * report.variants:
        report.problems.append(
            f"variants repeat too often: {report.distinct} distinct in {report.variants}"
        )
    return report


def _features(v) -> set[str]:
    """What a variant's cost is made of, for sympy's coverage: its constructs, and whether a
    symmetric matrix is in it (sympy's entries then have to be symmetric too)."""
    from grader.expr.nodes import walk

    found = {type(node).__name__ for node in walk(v.derived.cost)}
    return found | ({"symmetric"} if v.draft.symmetric else set())


def _sympy(v, report: Deployment, where: str) -> None:
    from grader.expr.sympy_gradient import entrywise_agrees, matrix_agrees

    spec, g = v.derived.spec, v.derived.gradient.gradient
    if not entrywise_agrees(v.derived.cost, spec.wrt, spec, g):
        report.problems.append(
            f"{where}: the derived answer differs from sympy's derivative of the cost"
        )
        return
    report.sympy_entrywise += 1
    if matrix_agrees(v.derived.cost, spec.wrt, spec, g) is not None:
        report.sympy_matrix += 1
