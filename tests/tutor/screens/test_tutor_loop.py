"""The whole study loop through the real app: open, answer, see the verdict, see progress."""

from __future__ import annotations

import sys

import pytest
from textual.widgets import DataTable, Input, Markdown, Static

from tutor.screens.exercise import ExerciseScreen
from tutor.screens.home import HomeScreen
from tutor.screens.progress import ProgressScreen
from tutor.widgets.verdict import VerdictView

pytestmark = pytest.mark.anyio


async def open_exercise(app, pilot, qualified_id: str) -> ExerciseScreen:
    table = app.screen.query_one("#exercises", DataTable)
    table.move_cursor(row=table.get_row_index(qualified_id))
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ExerciseScreen)
    return app.screen


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def check(app, pilot) -> str:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return str(app.screen.query_one(VerdictView).render())


def home_status(app, qualified_id: str) -> str:
    home = next(s for s in app.screen_stack if isinstance(s, HomeScreen))
    table = home.query_one("#exercises", DataTable)
    return str(table.get_cell(qualified_id, "status"))


async def test_wrong_expression_is_named_and_fixed_answer_shows_solved_on_home(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot, "study/bilinear")
        await type_text(pilot, "x y^T")
        shown = await check(app, pilot)
        assert "Mistake: transposed" in shown
        assert "the gradient has the shape of A" in shown
        assert home_status(app, "study/bilinear") == "✗"

        screen.query_one("#expression", Input).value = ""
        await type_text(pilot, "y x^T")
        shown = await check(app, pilot)
        assert "Solved" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert home_status(app, "study/bilinear") == "✔"
        assert "solved 1/3" in str(app.screen.query_one("#learner-line", Static).render())


async def test_expression_preview_shows_reading_and_shape_then_error_with_caret(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot, "study/bilinear")
        await type_text(pilot, "y x^T")
        await app.workers.wait_for_complete()
        await pilot.pause()
        preview = str(screen.query_one("#preview", Static).render())
        assert "y xᵀ" in preview and "m×n" in preview
        await pilot.press("backspace")
        await app.workers.wait_for_complete()
        await pilot.pause()
        preview = str(screen.query_one("#preview", Static).render())
        assert "after ^ at column 5" in preview and "    ^" in preview


async def test_code_exercise_edited_in_editor_is_checked_and_solved(app, data_dir, monkeypatch):
    editor = data_dir / "tutor" / "answers" / "fake_editor.py"
    solution = data_dir / "tutor" / "answers" / "matmul_right.py"
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor} {solution}")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot, "study/matmul")
        code = screen.query_one("#code")
        assert "# exercise: study/matmul" in code.text
        assert "np.zeros_like(A)" in code.text
        shown = await check(app, pilot)
        assert "Not yet" in shown

        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "G @ B.T" in code.text
        shown = await check(app, pilot)
        assert "Solved" in shown
        assert home_status(app, "study/matmul") == "✔"


async def test_code_mistake_is_named_in_the_verdict(app, data_dir):
    wrong = (data_dir / "tutor" / "answers" / "matmul_forgot_adjoint.py").read_text()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot, "study/matmul")
        screen.query_one("#code").load_text(wrong)
        shown = await check(app, pilot)
        assert "Mistake: forgot-adjoint" in shown


async def test_hints_open_one_at_a_time_and_are_remembered(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot, "study/bilinear")
        hints = screen.query_one("#hints", Static)
        assert "Hint 1" not in str(hints.render())
        await pilot.press("ctrl+g")
        assert "Hint 1/2" in str(hints.render()) and "Hint 2/2" not in str(hints.render())
        await pilot.press("ctrl+g")
        assert "Hint 2/2" in str(hints.render())
        await pilot.press("ctrl+g")  # no third hint: nothing breaks
        await pilot.press("escape")
        screen = await open_exercise(app, pilot, "study/bilinear")
        assert "Hint 2/2" in str(screen.query_one("#hints", Static).render())
        assert app.study.hints_shown("study/bilinear") == 2


async def test_solution_stays_hidden_until_solved(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot, "study/passes")
        solution = screen.query_one("#solution", Markdown)
        await pilot.press("f5")
        assert solution.has_class("-hidden")
        await pilot.press("down")
        shown = await check(app, pilot)
        assert "Solved" in shown
        await pilot.press("f5")
        await pilot.pause()
        assert not solution.has_class("-hidden")


async def test_code_solution_includes_reference_source_after_solving(app, data_dir):
    right = (data_dir / "tutor" / "answers" / "matmul_right.py").read_text()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot, "study/matmul")
        screen.query_one("#code").load_text(right)
        await check(app, pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert "return G @ B.T, A.T @ G" in screen.query_one("#solution", Markdown).source


async def test_wrong_choice_names_mistake(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_exercise(app, pilot, "study/passes")
        shown = await check(app, pilot)
        assert "Mistake: finite-differences" in shown


async def test_progress_screen_reflects_attempts_and_mistakes(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_exercise(app, pilot, "study/passes")
        await check(app, pilot)
        await pilot.press("down")
        await check(app, pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        packs = str(app.screen.query_one("#packs", Static).render())
        assert "Tutor test pack" in packs and "1/3" in packs
        mistakes = app.screen.query_one("#mistakes", DataTable)
        assert str(mistakes.get_row_at(0)[0]) == "finite-differences"
        assert mistakes.get_row_at(0)[2] == "study/passes"
        recent = app.screen.query_one("#recent", DataTable)
        assert recent.row_count == 2
        assert sum(app.screen.query_one("#activity").data) == 2
        mistakes.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        assert app.screen.exercise.qualified_id == "study/passes"


async def test_grader_failure_becomes_an_error_verdict(app, monkeypatch):
    class Broken:
        def check(self, exercise, answer, seed=None):
            raise RuntimeError("sandbox fell over")

        def close(self):
            pass

    app._engine = Broken()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_exercise(app, pilot, "study/passes")
        shown = await check(app, pilot)
        assert "Could not check" in shown and "sandbox fell over" in shown


async def test_last_answer_is_prefilled_when_reopening(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_exercise(app, pilot, "study/bilinear")
        await type_text(pilot, "x y^T")
        await check(app, pilot)
        await pilot.press("escape")
        screen = await open_exercise(app, pilot, "study/bilinear")
        assert screen.query_one("#expression", Input).value == "x y^T"
