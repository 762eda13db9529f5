"""Typed, frozen models of packs and exercises.

These are the shapes every other part of the tool (graders, progress store, TUI, batch grading,
authoring) builds on, so they carry only data read from a pack folder: no behaviour that needs
numpy, sympy or Textual. Paths are absolute so a model can be handed to another process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

DEFAULT_RTOL = 1e-4
DEFAULT_ATOL = 1e-8
"""Code tolerances: loose enough for a float32 backward pass (round-off ≲ 5e-6 of the largest
entry), tight enough that the subtlest built-in mistake is 100× outside them; see
docs/grading.md for the measurements."""

Dim = str | int
"""A dimension: a name declared by the exercise (``"m"``) or a fixed size (``1``)."""


@dataclass(frozen=True)
class Source:
    """Where an exercise comes from: learners are sent back to the document, not to us."""

    document: str
    author: str
    section: str

    def citation(self) -> str:
        return f"{self.document} ({self.author}), {self.section}"


@dataclass(frozen=True)
class CodeMistake:
    """A known wrong implementation: the grader compares a wrong answer with it to name the slip."""

    id: str
    function: str
    """Name of a function in the exercise's reference module with the reference's signature."""
    feedback: str


@dataclass(frozen=True)
class InputSpec:
    """One argument of the learner's function.

    ``kind`` is ``array`` (float64 array of ``shape``), ``scalar`` (a float), or ``generated``
    (made by the exercise's generator function, which then makes every input).
    """

    name: str
    kind: Literal["array", "scalar", "generated"] = "array"
    shape: tuple[Dim, ...] = ()


@dataclass(frozen=True)
class CodeSpec:
    function: str
    """Name of the function the learner writes."""
    signature: str
    """How the prompt shows it, e.g. ``matmul_backward(A, B, G) -> (grad_A, grad_B)``."""
    outputs: tuple[str, ...]
    """Names of the returned values; one name means a single return value."""
    module: Path
    """The exercise's reference module (reference, mistakes, generator, cost live there)."""
    reference: str
    """Name of the reference (adjoint) implementation in ``module``."""
    starter: Path
    dims: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Named dimensions with inclusive ranges; drawn distinct per trial."""
    inputs: tuple[InputSpec, ...] = ()
    generator: str | None = None
    """``make_inputs(rng, dims) -> dict`` in ``module``, for inputs that are not plain arrays."""
    cost: str | None = None
    """``cost(**inputs) -> float`` in ``module``; the reference is checked against its
    central finite differences."""
    gradients: dict[str, str] = field(default_factory=dict)
    """Output name -> input name it is the gradient of (for the finite-difference check)."""
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    trials: int = 3
    mistakes: tuple[CodeMistake, ...] = ()


@dataclass(frozen=True)
class SymbolSpec:
    """A symbol a learner may type, with its shape (rows, cols) and accepted spellings."""

    name: str
    shape: tuple[Dim, Dim]
    spellings: tuple[str, ...] = ()
    description: str = ""
    symmetric: bool = False
    """A square matrix equal to its transpose (``xᵀSx``): drawn symmetric, so ``2 S x`` is
    right where it holds."""


@dataclass(frozen=True)
class FunctionSpec:
    """An element-wise function (``σ``) or the derivative of one (``σ'`` with ``derivative_of``)."""

    name: str
    spellings: tuple[str, ...] = ()
    derivative_of: str | None = None


@dataclass(frozen=True)
class QuantitySpec:
    """A named quantity defined by an expression, usable in answers (``x3 = w23 w12 w01 x0``)."""

    name: str
    definition: str
    spellings: tuple[str, ...] = ()


@dataclass(frozen=True)
class WrongAnswer:
    """A known wrong answer; a learner's answer equal to it gets its mistake id and feedback."""

    expression: str
    mistake: str
    feedback: str


@dataclass(frozen=True)
class ExpressionSpec:
    symbols: tuple[SymbolSpec, ...]
    expected: tuple[str, ...]
    """Equivalent spellings of the answer; the first is canonical."""
    functions: tuple[FunctionSpec, ...] = ()
    quantities: tuple[QuantitySpec, ...] = ()
    cost: str | None = None
    """The scalar cost, in the expression language, when the answer is its derivative."""
    wrt: str | None = None
    """The symbol the answer is the derivative of ``cost`` with respect to."""
    wrong: tuple[WrongAnswer, ...] = ()
    dims: tuple[tuple[str, str], ...] = ()
    """(dimension, LaTeX) pairs: how the prompt writes a dimension whose name must be an
    identifier (``n_next`` → ``n_{l+1}``), so the tutor shows shapes in the prompt's notation.
    A tuple, not a dict, so that the spec stays hashable (the grader caches by it)."""


@dataclass(frozen=True)
class FamilySpec:
    """An exercise that is a template: every variant is drawn from it, and its answer, the
    accepted alternatives and the wrong answers are derived per variant (``grader.family``)."""

    template: str
    """The kind of cost drawn (a name in ``grader.family.templates``)."""
    options: tuple[tuple[str, object], ...] = ()
    """The template's choices (numbers of factors, name pools…) as (key, value) pairs; values
    are strings, numbers, booleans or tuples of them (hashable: the grader caches by it)."""
    retries: int = 3
    """Wrong tries on one variant before the learner gets a fresh one."""

    def option(self, key: str, default: object = None) -> object:
        return dict(self.options).get(key, default)


@dataclass(frozen=True)
class Choice:
    key: str
    text: str
    feedback: str = ""
    mistake: str | None = None


@dataclass(frozen=True)
class ChoiceSpec:
    """A multiple-choice question: the answer is the key of the correct option."""

    options: tuple[Choice, ...]
    correct: str


@dataclass(frozen=True)
class Exercise:
    pack: str
    id: str
    title: str
    kind: str
    """``code``, ``expression``, ``choice`` or a kind registered in ``grader.kinds``."""
    folder: Path
    prompt_path: Path
    difficulty: int
    sources: tuple[Source, ...]
    hints: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    pack_version: str = ""
    code: CodeSpec | None = None
    expression: ExpressionSpec | None = None
    choice: ChoiceSpec | None = None
    family: FamilySpec | None = None
    """Set for a family: ``expression`` is then None until a variant is drawn."""
    variant: int | None = None
    """Set on a family's drawn variant (``grader.family.variant``): its number."""
    section: Any = None
    """The table of a kind registered outside this model (``grader.kinds``), as its
    ``exercises.schema.Section`` read it; the built-in kinds have their typed fields above."""
    solution_path: Path | None = None
    """Worked solution in Markdown, shown only after the learner has solved the exercise."""

    @property
    def qualified_id(self) -> str:
        return f"{self.pack}/{self.id}"

    @property
    def listed_kind(self) -> str:
        """The kind as listings show it: a family is answered like its kind but drawn fresh
        for each learner, which is what a learner choosing an exercise wants to know."""
        return "family" if self.family is not None else self.kind

    def prompt(self) -> str:
        """The Markdown prompt, read on demand so that listing stays fast."""
        return self.prompt_path.read_text(encoding="utf-8")

    def solution(self) -> str | None:
        """The worked solution in Markdown (a family's variant generates its own)."""
        if self.solution_path is None or not self.solution_path.is_file():
            return None
        return self.solution_path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    version: str
    description: str
    folder: Path
    exercises: tuple[Exercise, ...]
    authors: tuple[str, ...] = ()
    origin: str = "builtin"
    """``builtin``, ``path`` (from --packs) or ``entry-point:<distribution>``."""
    order: int | None = None
    """Where the pack comes in a learner's path (pack.toml ``order``); unordered packs follow."""

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)
