"""A family in the tutor: it opens as the learner's variant (its number, tries and mastery in
the title), ctrl+n draws a fresh one, the worked solution opens only once that variant is done,
and after solving, the next visit (as a review does) meets a fresh variant."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

from exercises.loader import load_catalog
from tests.tutor.screens.test_tutor_loop import check, open_exercise
from tutor.app import TutorApp
from tutor.screens.exercise import ExerciseScreen
from tutor.session import Session

pytestmark = pytest.mark.anyio
CATALOG = load_catalog([], entry_points=False)
FAMILY = "families/activations"


@pytest.fixture
def app(tmp_path) -> TutorApp:
    session = Session(learner="ada", db_path=tmp_path / "progress.sqlite3")
    session.catalog = CATALOG
    return TutorApp(session, warm_sympy=False)


def _title(screen) -> str:
    return str(screen.query_one("#exercise-title", Static).render())


async def _answer(app, pilot, screen, text: str) -> str:
    screen.query_one("#expression", Input).value = text
    return await check(app, pilot)


async def test_a_family_opens_as_the_learners_variant_and_ctrl_n_draws_another(app):
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot, FAMILY)
        first = screen.exercise.variant
        assert first is not None and "{cost}" not in screen.exercise.prompt()
        assert f"variant {first} · 3 tries left · 0/3 in a row" in _title(screen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        assert app.screen.exercise.variant not in (None, first)


async def test_a_variants_solution_opens_when_it_is_done_and_the_next_visit_is_fresh(app):
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot, FAMILY)
        v = screen.exercise
        await pilot.press("f5")
        await pilot.pause()
        assert "-hidden" in screen.query_one("#solution").classes
        slip = v.derived.slips[0]
        shown = await _answer(app, pilot, screen, slip.expression)
        assert f"Mistake: {slip.mistake}" in shown
        assert "2 tries left" in _title(screen)
        shown = await _answer(app, pilot, screen, v.expression.expected[0])
        assert "Solved" in shown and "done" in _title(screen)
        await pilot.press("f5")
        await pilot.pause()
        assert "-hidden" not in screen.query_one("#solution").classes
        await pilot.press("escape")
        await pilot.pause()
        again = await open_exercise(app, pilot, FAMILY)
        assert again.exercise.variant != v.variant
        assert "1/3 in a row" in _title(again)
        assert again.query_one("#expression", Input).value == ""


async def test_ctrl_n_is_no_binding_of_a_fixed_exercise(app):
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot, "matrix-calculus/linear-yax")
        assert screen.check_action("new_variant", ()) is False


async def test_progress_shows_each_familys_mastery(app):
    from tutor.screens.progress import ProgressScreen

    family = CATALOG.find(FAMILY)
    for _ in range(3):
        v = app.study.current_variant(family)
        verdict = app.engine.check(v, v.expression.expected[0])
        app.study.record(v, verdict, v.expression.expected[0], 0)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        app.push_screen(ProgressScreen())
        await pilot.pause()
        shown = str(app.screen.query_one("#mastery", Static).render())
        assert FAMILY in shown and "mastered" in shown


async def test_a_variants_last_hint_is_its_worked_solution_and_ends_the_variant(app):
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot, FAMILY)
        v = screen.exercise
        for _ in v.hints:
            await pilot.press("ctrl+g")
            await pilot.pause()
        assert "-hidden" in screen.query_one("#solution").classes
        assert "once more shows this variant's worked solution" in str(
            screen.query_one("#hints", Static).render()
        )
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert "-hidden" not in screen.query_one("#solution").classes
        assert "done" in _title(screen)
        assert app.study.family_progress(v).variant != v.variant


async def test_the_home_table_lists_a_family_as_one_and_the_filter_finds_them(app):
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"family")
        table = app.screen.query_one("#exercises", DataTable)
        rows = [row.value for row in table.rows if not str(row.value).startswith("pack:")]
        families = [e.qualified_id for e in CATALOG.exercises() if e.family is not None]
        assert rows == families and len(families) >= 4
        assert str(table.get_cell(FAMILY, "kind")) == "family"
