"""Home filter, help, notation, learner switching, theme, and the command palette."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

from tutor.screens.exercise import ExerciseScreen
from tutor.screens.help import HelpScreen, binding_rows
from tutor.screens.home import HomeScreen
from tutor.screens.notation import MISSING, NotationScreen, notation_markdown

pytestmark = pytest.mark.anyio


def visible_rows(table: DataTable) -> list[str]:
    return [row.value for row in table.rows]


async def test_filter_narrows_the_exercise_table(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"code")
        table = app.screen.query_one("#exercises", DataTable)
        assert visible_rows(table) == ["pack:study", "study/matmul"]
        await pilot.press("escape")
        assert len(visible_rows(table)) == 4


async def test_filter_with_no_match_says_so(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#filter", Input).value = "zzz"
        await pilot.pause()
        assert app.screen.query_one("#exercises", DataTable).row_count == 0
        assert "No exercise matches" in str(app.screen.query_one("#detail", Static).render())


async def test_help_lists_the_keys_of_the_screen_underneath(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = binding_rows(app.screen.under)
        assert ("ctrl+s", "Check") in rows and ("ctrl+g", "Hint") in rows
        assert ("f2, p", "Progress") in rows
        await pilot.press("escape")
        assert isinstance(app.screen, ExerciseScreen)


async def test_notation_screen_opens_and_closes(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NotationScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


def test_notation_guide_is_read_from_docs_or_explains_where_it_is(tmp_path):
    guide = tmp_path / "notation.md"
    guide.write_text("# Notation\n\n$W^\\top$ is the transpose.\n", encoding="utf-8")
    assert "Wᵀ is the transpose" in notation_markdown((tmp_path / "missing.md", guide))
    assert notation_markdown((tmp_path / "missing.md",)) == MISSING


async def test_switching_learner_starts_from_their_own_progress(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_switch_learner()
        await pilot.pause()
        app.screen.query_one("#new-learner", Input).value = "grace"
        app.screen.query_one("#new-learner", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.study.learner == "grace"
        assert "grace" in str(app.screen.query_one("#learner-line", Static).render())


async def test_theme_toggles_between_dark_and_light(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dark = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != dark
        await pilot.press("ctrl+t")
        assert app.theme == dark


async def test_command_palette_jumps_to_an_exercise_by_name(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"passes")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        assert app.screen.exercise.qualified_id == "study/passes"


async def test_every_key_in_the_footer_works_without_error(app, monkeypatch):
    monkeypatch.setenv("VISUAL", "true")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for qualified_id in ("study/bilinear", "study/matmul", "study/passes"):
            table = app.screen.query_one("#exercises", DataTable)
            table.move_cursor(row=table.get_row_index(qualified_id))
            await pilot.press(
                "enter", "ctrl+g", "f5", "ctrl+o", "f1", "escape", "f2", "escape", "escape"
            )
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
