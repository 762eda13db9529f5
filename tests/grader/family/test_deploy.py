"""`pack validate` deploys families: a sound family passes with its counts, and a family whose
template is unknown, whose options are wrong or whose variants repeat is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader.pack_check import validate_pack

BUILTIN = Path(__file__).parents[3] / "exercises" / "packs" / "families"


def _pack(tmp_path: Path, family: str) -> Path:
    folder = tmp_path / "fam"
    (folder / "one").mkdir(parents=True)
    (folder / "pack.toml").write_text(
        'id = "fam"\ntitle = "F"\nversion = "1"\nexercises = ["one"]\n', encoding="utf-8"
    )
    toml = (BUILTIN / "products" / "exercise.toml").read_text(encoding="utf-8")
    toml = toml[: toml.index("[family]")] + family
    (folder / "one" / "exercise.toml").write_text(toml, encoding="utf-8")
    shutil.copy(BUILTIN / "products" / "prompt.md", folder / "one" / "prompt.md")
    return folder


def test_a_sound_family_is_deployed_and_counted(tmp_path):
    report = validate_pack(_pack(tmp_path, '[family]\ntemplate = "product"\n'), variants=12)
    assert report.ok, report.problems
    assert report.families["fam/one"].startswith("12 variants (12 distinct)")


@pytest.mark.parametrize(
    "family, message",
    [
        (
            'template = "products"',
            "unknown family template 'products' (known: activation, costs, layer, matmul, "
            "product, quadratic)",
        ),
        ('template = "product"\nfactor = 2', "no option 'factor'"),
        ('template = "product"\nfactors = [0, 9]', "option 'factors' is a number or [low, high]"),
        (
            'template = "product"\nfactors = 1\ntransposes = false\nmatrices = ["A"]\n'
            'vectors = ["x", "y"]\ndims = ["m", "n"]',
            "variants repeat too often",
        ),
    ],
)
def test_a_broken_family_is_refused(tmp_path, family, message):
    report = validate_pack(_pack(tmp_path, "[family]\n" + family + "\n"), variants=12)
    assert not report.ok
    assert any(message in str(p) for p in report.problems), report.problems


COSTS = """[family]
template = "costs"
costs = ["y^T σ(A x + b)", "½ ‖A x - b‖^2", "x^T S x + b^T A x", "s y^T A x"]
symbols = ["y: m 1", "A: m n", "x: n 1", "b: m 1", "S: n n", "s: 1 1"]
functions = ["σ"]
symmetric = ["S"]
wrt = ["A", "x", "b"]
story = "one of the instructor's costs"
"""


def test_an_instructors_own_costs_are_a_family(tmp_path):
    """The `costs` template: the instructor writes cost patterns, the tool renames and
    differentiates them; deployed like any family."""
    report = validate_pack(_pack(tmp_path, COSTS), variants=20)
    assert report.ok, report.problems
    assert report.families["fam/one"].startswith("20 variants")


@pytest.mark.parametrize(
    "change, message",
    [
        (('symbols = ["y: m 1"', 'symbols = ["y m 1"'), "is written 'NAME: ROWS COLS'"),
        (('costs = ["y^T σ(A x + b)"', 'costs = ["y^T τ(A x)"'), "cost pattern"),
        (('wrt = ["A", "x", "b"]', 'wrt = ["Q"]'), "uses none of the 'wrt' symbols"),
        (('wrt = ["A", "x", "b"]', 'wrt = ["x", "S"]'), "cannot ask for the symmetric S"),
    ],
)
def test_a_broken_costs_family_says_what_is_wrong(tmp_path, change, message):
    report = validate_pack(_pack(tmp_path, COSTS.replace(*change)), variants=12)
    assert not report.ok
    assert any(message in str(p) for p in report.problems), report.problems


SQUARE = """[family]
template = "costs"
costs = ["{cost}"]
symbols = ["A: n n", "x: n 1", "y: n 1", "s: 1 1"]
wrt = ["{wrt}"]
story = "a square matrix"
"""


@pytest.mark.parametrize(
    "cost, wrt",
    [
        ("x^T A x", "A"),  # x xᵀ: its transpose is itself
        ("x^T A x + y^T A y", "A"),  # x xᵀ + y yᵀ
    ],
)
def test_a_family_whose_answer_is_its_own_transpose_is_refused(tmp_path, cost, wrt):
    """A symmetric result cannot tell a transposed answer from the right one: the derived
    'transposed' slip equals the answer, and pack validate says so (it used to drop the
    slip silently and deploy the family)."""
    report = validate_pack(_pack(tmp_path, SQUARE.format(cost=cost, wrt=wrt)), variants=6)
    assert not report.ok
    assert any("(transposed) equals the answer" in str(p) for p in report.problems), report.problems


@pytest.mark.parametrize(
    "cost, wrt",
    [
        ("y^T A x", "A"),  # y xᵀ, square but not symmetric
        ("s y^T A x", "s"),  # a scalar variable: a scalar is its own transpose, no slip
        ("y^T σ(s x)", "s"),
    ],
)
def test_a_square_or_scalar_answer_that_can_be_told_apart_is_deployed(tmp_path, cost, wrt):
    family = SQUARE.format(cost=cost, wrt=wrt)
    if "σ" in cost:
        family += 'functions = ["σ"]\n'
    report = validate_pack(_pack(tmp_path, family), variants=6)
    assert report.ok, report.problems


def test_an_instructors_scalar_keeps_its_name_to_itself():
    """Scalars keep their names; a vector renamed from the pool must not take one (a scalar
    x and a vector renamed x merged into one symbol: 4 in 10 drafts of this cost were broken
    and silently redrawn, and a variant number whose eight draws all were broken could not
    be given to a learner)."""
    import numpy as np

    from exercises.model import FamilySpec
    from grader.family.templates import draw

    family = FamilySpec(
        "costs",
        (
            ("costs", ("x y^T A z",)),
            ("symbols", ("x: 1 1", "y: m 1", "A: m n", "z: n 1")),
            ("wrt", ("A",)),
        ),
    )
    for n in range(60):
        draft = draw(family, np.random.default_rng(n))
        assert draft.symbols["x"] == (1, 1), (n, draft.cost)
        assert len(draft.symbols) == 4, (n, draft.cost)


def test_without_wrt_a_symmetric_matrix_is_never_asked_for(tmp_path):
    """xᵀSy by a symmetric S has no single right answer (x yᵀ, y xᵀ, their mean), so the
    default 'wrt' leaves S out and only x and y are asked."""
    from exercises.loader import load_catalog
    from grader.family.variant import variant

    family = """[family]
template = "costs"
costs = ["x^T S y"]
symbols = ["S: n n", "x: n 1", "y: n 1"]
symmetric = ["S"]
story = "a symmetric bilinear form"
"""
    folder = _pack(tmp_path, family)
    assert validate_pack(folder, variants=20).ok
    exercise = load_catalog([folder], entry_points=False).find("fam/one")
    asked = {variant(exercise, n).draft.wrt for n in range(40)}
    symmetric = {next(iter(variant(exercise, n).draft.symmetric)) for n in range(40)}
    assert asked and not asked & symmetric
