"""The generated worked solution: the variant's values named from the inside out, each adjoint
written from the one before it, the gradient at the end; names never clash with the
variant's own letters."""

from __future__ import annotations

import pytest

from exercises.loader import load_catalog
from grader.family.latex import to_latex
from grader.family.variant import variant
from grader.family.worked import chain_lines

CATALOG = load_catalog([], entry_points=False)
FAMILIES = [e for e in CATALOG.exercises() if e.family is not None]


def test_two_activations_read_as_the_method_of_adjoints():
    for n in range(40):
        v = variant(CATALOG.find("families/activations"), n)
        d = v.draft  # yᵀσ₂(Aσ₁(Bx)) by x: four symbols, the input listed last
        if len(d.functions) == 2 and len(d.symbols) == 4 and d.wrt == list(d.symbols)[-1]:
            break
    lines = chain_lines(v.derived.gradient, v.expression)
    assert lines[0].startswith("- Forward, name the values") and "z_{4} = " in lines[0]
    assert any(r"g_{2} = g_{1} \odot \sigma_2'\left(z_{2}\right)" in line for line in lines)
    assert any(r"g_{4} = g_{3} \odot \sigma_1'\left(z_{4}\right)" in line for line in lines)
    assert lines[-1].endswith(f"= {to_latex(v.derived.gradient.gradient)}$.")


@pytest.mark.parametrize("family", FAMILIES, ids=lambda e: e.qualified_id)
def test_every_variant_has_a_worked_solution_in_its_own_letters(family):
    for n in range(10):
        v = variant(family, n)
        text = v.solution()
        assert "{chain}" not in text and "Worked solution" in text
        assert text.rstrip().endswith(f"= {to_latex(v.derived.gradient.gradient)}$.")
        letters = {s.name[0] for s in v.expression.symbols}
        assert not ({"z_{", "g_{"} & {c + "_{" for c in letters} and "z_{1}" in text)
