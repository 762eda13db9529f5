"""The exercise kinds: everything the grader does differently for code, expression and choice
exercises, declared in one place instead of an ``if kind == …`` at every use.

A kind says how an answer is checked, how ``pack validate`` checks the exercise's own answers,
which executor batch grading runs its checks on, what a submission for it is (code in a ``.py``
file or notebook, or text), and what its starter file holds. The engine, batch grading,
``pack validate``, the submission rules, the starters and the TUI all ask ``kind_of``.

How to add a kind (say ``number``: the answer is one number):

1. A module in ``grader/`` with a subclass of ``ExerciseKind``: its ``name``, ``check`` (and
   ``problems``/``warnings`` for ``pack validate`` when it can verify its own answers), and a
   ``section`` (``exercises.schema.Section``) that reads its ``[number]`` table into a spec,
   which the loader stores in ``Exercise.section``.
2. One line in ``KINDS`` below (or ``register(NumberKind())`` from a plug-in).
3. An answer widget in ``tutor/widgets/`` and one line in ``tutor.widgets.answers.ANSWER_WIDGETS``.

The checkers themselves are imported when first used, so this module stays cheap to import
(the TUI and a cold ``check`` load it at start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Literal

from exercises import schema
from exercises.model import Exercise
from grader.verdict import Verdict

if TYPE_CHECKING:
    from grader.engine import Engine

Executor = Literal["sandbox", "process", "thread"]
"""Where batch grading runs a kind's checks: ``sandbox`` (learner code, on the threads that
wait for the code sandbox), ``process`` (CPU-bound pure-Python checks, in the worker processes
of ``grader.checkpool``), ``thread`` (cheap checks, right on a grading thread)."""

NOTEBOOK_SUFFIX = ".ipynb"


class ExerciseKind:
    """One kind of exercise; subclasses set the class attributes and override ``check``."""

    name: ClassVar[str]
    executor: ClassVar[Executor] = "thread"
    takes_code: ClassVar[bool] = False
    """Answers are Python programs (a ``.py`` file or a notebook's cells), not text."""
    section: ClassVar[schema.Section | None] = None
    """How the loader reads the kind's table; None for the kinds the model has fields for."""
    what_to_write: ClassVar[str] = "your answer"
    """Said in a text starter: ``Write … below``."""
    compared: ClassVar[bool] = True
    """Identical answers across a class are worth reporting (not for an option key: all
    who are right have "the same" answer)."""

    def check(
        self, engine: Engine, exercise: Exercise, answer: str, *, seed: int | None
    ) -> Verdict:
        """The verdict on ``answer``; ``engine`` holds warm state (the code sandbox)."""
        raise NotImplementedError

    def problems(self, exercise: Exercise, *, seed: int) -> list[str]:
        """What ``pack validate`` finds wrong when grading the exercise's own answers."""
        return []

    def warnings(self, exercise: Exercise) -> list[str]:
        """What ``pack validate`` could not verify (shown, not fatal)."""
        return []

    @property
    def starter_suffix(self) -> str:
        return ".py" if self.takes_code else ".txt"

    def starter_body(self, exercise: Exercise, math: Callable[[str], str]) -> str:
        """The starter file after its ``# exercise:`` header; ``math`` renders Markdown math
        for the terminal (the caller's, so this module needs no renderer)."""
        return (
            f"# {exercise.title}\n{self.starter_notes(exercise, math)}# Lines starting "
            f"with # are ignored. Write {self.what_to_write} below, then run:\n"
            "#   backprop-tutor check <this file>\n\n"
        )

    def starter_notes(self, exercise: Exercise, math: Callable[[str], str]) -> str:
        """Comment lines a text starter shows before its instructions."""
        return ""


class CodeKind(ExerciseKind):
    name = "code"
    executor = "sandbox"
    takes_code = True

    def check(
        self, engine: Engine, exercise: Exercise, answer: str, *, seed: int | None
    ) -> Verdict:
        return engine.code_grader().check(exercise, answer, seed=seed)

    def problems(self, exercise: Exercise, *, seed: int) -> list[str]:
        from grader.code.verify import verify_code_exercise

        return verify_code_exercise(exercise, seed=seed)

    def starter_body(self, exercise: Exercise, math: Callable[[str], str]) -> str:
        assert exercise.code is not None
        return exercise.code.starter.read_text(encoding="utf-8")


class ExpressionKind(ExerciseKind):
    name = "expression"
    executor = "process"
    what_to_write = "your expression"

    def check(
        self, engine: Engine, exercise: Exercise, answer: str, *, seed: int | None
    ) -> Verdict:
        from grader.expr.check import check_expression
        from grader.verdict import error_verdict

        if exercise.family is not None and exercise.variant is None:
            return error_verdict(
                exercise.qualified_id,
                f"{exercise.qualified_id} is a family of variants: say which one (a "
                "'# variant: N' header, or --variant N)",
            )
        return check_expression(exercise, answer, seed=seed)

    def problems(self, exercise: Exercise, *, seed: int) -> list[str]:
        """A family's variants are deployed by ``pack validate`` (``grader.family.deploy``)."""
        if exercise.family is not None:
            return []
        from grader.expr.verify import verify_expression_exercise

        return verify_expression_exercise(exercise)

    def warnings(self, exercise: Exercise) -> list[str]:
        if exercise.family is not None:
            return []
        from grader.expr.verify import unverified

        return unverified(exercise)


class ChoiceKind(ExerciseKind):
    name = "choice"
    what_to_write = "the key of one option"
    compared = False

    def check(
        self, engine: Engine, exercise: Exercise, answer: str, *, seed: int | None
    ) -> Verdict:
        from grader.choice import check_choice

        return check_choice(exercise, answer)

    def starter_notes(self, exercise: Exercise, math: Callable[[str], str]) -> str:
        assert exercise.choice is not None
        return "# Options:\n" + "".join(
            f"#   ({o.key}) {' '.join(math(o.text).split())}\n" for o in exercise.choice.options
        )


KINDS: dict[str, ExerciseKind] = {k.name: k for k in (CodeKind(), ExpressionKind(), ChoiceKind())}


class UnknownKind(LookupError):
    """An exercise of a kind nothing registered (a pack newer than this grader)."""


def kind_of(exercise: Exercise) -> ExerciseKind:
    try:
        return KINDS[exercise.kind]
    except KeyError:
        raise UnknownKind(f"unknown kind {exercise.kind!r}") from None


def register(kind: ExerciseKind) -> None:
    """Add a kind (its table reader too, so packs of that kind load)."""
    KINDS[kind.name] = kind
    if kind.section is not None:
        schema.SECTIONS[kind.name] = kind.section


def submission_suffixes() -> tuple[str, ...]:
    """The suffixes of the files a learner's starters and notebooks have (``watch``)."""
    return tuple(dict.fromkeys([*(k.starter_suffix for k in KINDS.values()), NOTEBOOK_SUFFIX]))
