"""A family's variant N as an ordinary expression exercise, and the numbers learners get.

Variant N of a family is drawn from a generator seeded by (exercise id, N), so it is the same
on every machine and in every process; its answer is derived, never stored. The result is an
``Exercise`` of kind ``expression`` with its own ``ExpressionSpec`` and prompt, so checking,
diagnosis, previews and reports need nothing new. Which number a learner gets is
``grader.family.numbering``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from exercises.model import Exercise
from grader.expr.render import render
from grader.family.derive import DerivationError, Derived, derive
from grader.family.latex import latex_name, to_latex
from grader.family.numbering import VARIANTS, stable_number
from grader.family.templates import Draft, TemplateError, draw
from grader.family.worked import worked_solution

ATTEMPTS = 8
"""Draws tried for one variant number before the template is called broken."""


class VariantError(ValueError):
    """No variant can be made (a broken template, or a number out of range)."""


@dataclass(frozen=True)
class Variant(Exercise):
    """One drawn variant of a family: an expression exercise with its own prompt."""

    draft: Draft = field(kw_only=True)
    derived: Derived = field(kw_only=True)
    text: str = field(kw_only=True)

    def prompt(self) -> str:
        return self.text

    def solution(self) -> str | None:
        method = super().solution() or ""
        return worked_solution(method, self.derived.gradient, self.derived.spec)

    def __hash__(self) -> int:
        return hash((self.qualified_id, self.variant))


def variant(exercise: Exercise, number: int) -> Variant:
    """Variant ``number`` of the family ``exercise``; raises ``VariantError``."""
    if exercise.family is None:
        raise VariantError(f"{exercise.qualified_id} is not a family: it has no variants")
    if not 0 <= number < VARIANTS:
        raise VariantError(f"variant numbers are 0 to {VARIANTS - 1}, not {number}")
    return _variant(exercise, number)


def as_variant(exercise: Exercise, number: int | str) -> Exercise:
    """``exercise`` as variant ``number`` (a header's text or an int); a variant already
    drawn is returned as it is."""
    if exercise.variant is not None:
        return exercise
    try:
        n = int(str(number).strip())
    except ValueError:
        raise VariantError(f"the variant is a number, not {str(number)!r}") from None
    return variant(exercise, n)


@lru_cache(maxsize=64)
def _variant(exercise: Exercise, number: int) -> Variant:
    family = exercise.family
    assert family is not None  # variant() refuses the rest
    rng = np.random.default_rng([stable_number(exercise.qualified_id) % 2**63, number])
    problem = ""
    for _ in range(ATTEMPTS):
        try:
            d = draw(family, rng)
        except TemplateError as error:
            raise VariantError(f"{exercise.qualified_id}: {error}") from None
        try:
            derived = derive(d, seed=number)
        except DerivationError as error:
            problem = str(error)
            continue
        return Variant(
            pack=exercise.pack,
            id=exercise.id,
            title=exercise.title,
            kind="expression",
            folder=exercise.folder,
            prompt_path=exercise.prompt_path,
            difficulty=exercise.difficulty,
            sources=exercise.sources,
            hints=exercise.hints,
            tags=exercise.tags,
            pack_version=exercise.pack_version,
            expression=derived.spec,
            family=exercise.family,
            solution_path=exercise.solution_path,
            variant=number,
            draft=d,
            derived=derived,
            text=_prompt(exercise, number, d, derived),
        )
    raise VariantError(
        f"{exercise.qualified_id}: variant {number} could not be derived ({problem})"
    )


def _shape_words(shape: tuple) -> str:
    rows, cols = (latex_name(str(d)) for d in shape)
    if shape == (1, 1):
        return "a scalar"
    if shape[1] == 1:
        return f"a column vector of size ${rows}$"
    return f"a matrix of size ${rows} \\times {cols}$"


def _symbols_sentence(d: Draft) -> str:
    parts = []
    for name, shape in d.symbols.items():
        rows, cols = (latex_name(str(x)) for x in shape)
        space = (
            f"\\mathbb{{R}}^{{{rows}}}"
            if shape[1] == 1
            else f"\\mathbb{{R}}^{{{rows} \\times {cols}}}"
        )
        note = " (symmetric)" if name in d.symmetric else ""
        parts.append(f"${latex_name(name)} \\in {space}${note}")
    text = ", ".join(parts)
    if d.functions:
        fs = ", ".join(f"${latex_name(f)}$" for f in d.functions)
        ds = ", ".join(f"${latex_name(f)}'$" for f in d.functions)
        text += (
            f"; {fs} act{'s' if len(d.functions) == 1 else ''} entry by entry "
            f"(derivative{'s' if len(d.functions) > 1 else ''} {ds})"
        )
    return text


def _prompt(exercise: Exercise, number: int, d: Draft, derived: Derived) -> str:
    """The family's prompt.md with this variant's cost, symbols and question filled in."""
    shape = derived.spec.symbols[[s.name for s in derived.spec.symbols].index(d.wrt)].shape
    fill = {
        "{variant}": str(number),
        "{cost}": to_latex(derived.cost),
        "{wrt}": latex_name(d.wrt),
        "{shape}": _shape_words(shape),
        "{symbols}": _symbols_sentence(d),
        "{story}": d.story,
    }
    text = exercise.prompt_path.read_text(encoding="utf-8")
    for key, value in fill.items():
        text = text.replace(key, value)
    return text


def solution_text(v: Variant) -> str:
    """The answer in the language (for instructors and ``show --solution``)."""
    return render(v.derived.gradient.gradient)


def cost_text(v: Variant) -> str:
    return render(v.derived.cost)


def signature(v: Variant) -> tuple:
    """What makes two variants the same question: the cost, the variable, the shapes."""
    return (
        v.derived.spec.cost,
        v.derived.spec.wrt,
        tuple((s.name, s.shape) for s in v.derived.spec.symbols),
    )
