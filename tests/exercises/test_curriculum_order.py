"""The learner's path: packs in their pack.toml `order` (scalar-chains, matrix-calculus, mlp,
adjoints), exercises inside a pack by what builds on what, the same in `list`, `list --json` and
the tutor's home screen; `order` is validated like every other pack field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable

from exercises.loader import load_catalog
from tests.exercises.test_discovery import run_cli
from tutor.app import TutorApp
from tutor.session import Session

PATH = ["scalar-chains", "matrix-calculus", "mlp", "adjoints", "families"]
CATALOG = load_catalog([], entry_points=False)


def _ids(pack_id: str) -> list[str]:
    return [e.id for e in CATALOG.pack(pack_id).exercises]


def test_builtin_packs_come_in_learning_order():
    assert [p.id for p in CATALOG.packs] == PATH


@pytest.mark.parametrize(
    "first, then",
    [
        ("matrix-calculus/dimensions", "matrix-calculus/linear-yax"),
        ("matrix-calculus/linear-yax", "matrix-calculus/linear-yabx-da"),
        ("matrix-calculus/quadratic-ax", "matrix-calculus/quadratic-abx-db"),
        ("matrix-calculus/activation-yax", "matrix-calculus/nested-da"),
        ("mlp/forward-shapes", "mlp/output-delta"),
        ("mlp/output-delta", "mlp/delta-hidden"),
        ("mlp/bias-gradient", "mlp/weight-gradient"),
        ("mlp/weight-gradient", "mlp/backward"),
        ("scalar-chains/linear-dw23", "scalar-chains/backward-chain"),
        ("adjoints/lemma-grad-z", "adjoints/lambda-recursion"),
        ("adjoints/lambda-recursion", "adjoints/backward-pass"),
    ],
)
def test_an_exercise_comes_after_what_it_builds_on(first, then):
    pack, a = first.split("/")
    assert then.startswith(pack + "/")
    ids = _ids(pack)
    assert ids.index(a) < ids.index(then.split("/")[1])


def test_dimensions_opens_matrix_calculus_and_the_warm_up_opens_mlp():
    assert _ids("matrix-calculus")[0] == "dimensions"
    assert _ids("mlp")[0] == "forward-shapes"


def test_list_shows_the_learning_order(tmp_path):
    env = {"BACKPROP_TUTOR_DB": str(tmp_path / "p.sqlite3"), "BACKPROP_TUTOR_PACKS": ""}
    text = run_cli("list", env_extra=env)
    assert text.returncode == 0, text.stderr
    headers = [line for line in text.stdout.splitlines() if not line.startswith(" ")]
    assert [h.split("[")[1].split()[0] for h in headers] == PATH
    listed = json.loads(run_cli("list", "--json", env_extra=env).stdout)
    assert [p["id"] for p in listed["packs"]] == PATH
    assert [e["id"] for e in listed["packs"][2]["exercises"]][:2] == [
        "mlp/forward-shapes",
        "mlp/output-delta",
    ]


@pytest.mark.anyio
async def test_home_screen_shows_the_learning_order(tmp_path):
    session = Session(learner="ada", db_path=tmp_path / "progress.sqlite3")
    session.catalog = CATALOG
    app = TutorApp(session, warm_sympy=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        rows = [row.value for row in app.screen.query_one("#exercises", DataTable).rows]
    packs = [r.removeprefix("pack:") for r in rows if r.startswith("pack:")]
    assert packs == PATH
    assert rows.index("mlp/forward-shapes") < rows.index("mlp/output-delta")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _pack(tmp_path, order_line: str):
    folder = tmp_path / "p"
    (folder / "only").mkdir(parents=True)
    (folder / "pack.toml").write_text(
        f'id = "p"\ntitle = "P"\nversion = "1.0.0"\n{order_line}\nexercises = ["only"]\n'
    )
    (folder / "only" / "exercise.toml").write_text(
        'title = "Only"\nkind = "choice"\ndifficulty = 1\nhints = ["h"]\n'
        '[[sources]]\ndocument = "d"\nauthor = "a"\nsection = "s"\n'
        '[choice]\ncorrect = "a"\n[[choice.options]]\nkey = "a"\ntext = "yes"\n'
        '[[choice.options]]\nkey = "b"\ntext = "no"\nfeedback = "no"\n'
    )
    (folder / "only" / "prompt.md").write_text("# Only\n")
    return load_catalog(
        [folder], builtin=False, entry_points=False, cache_path=tmp_path / "cache.json"
    )


@pytest.mark.parametrize(
    "line, message",
    [
        ('order = "first"', "[order]: must be an integer, not a string"),
        ("order = -1", "[order]: order must be 0 or more"),
        ("order = 1.5", "[order]: must be an integer, not a number"),
    ],
)
def test_a_bad_order_is_a_pack_problem(tmp_path, line, message):
    catalog = _pack(tmp_path, line)
    assert catalog.packs == []
    assert any(message in str(p) for p in catalog.problems), [str(p) for p in catalog.problems]


def test_packs_with_an_order_come_before_those_without(tmp_path):
    catalog = _pack(tmp_path, "order = 0")
    assert [p.order for p in catalog.packs] == [0]
    assert [
        p.id
        for p in load_catalog(
            [tmp_path / "p"], entry_points=False, cache_path=tmp_path / "c2.json"
        ).packs
    ] == [*PATH, "p"]


def test_readme_counts_the_builtin_exercises():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"Five packs, {len(CATALOG.exercises())} exercises" in readme
