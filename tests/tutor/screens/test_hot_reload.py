"""An instructor edits a pack given with --packs while the tutor is open: the tutor shows it."""

from __future__ import annotations

import asyncio
import shutil

import pytest
from textual.widgets import DataTable, Markdown

from tutor.app import TutorApp
from tutor.screens.exercise import ExerciseScreen
from tutor.session import Session


@pytest.fixture
def pack(tmp_path, data_dir):
    target = tmp_path / "tiny"
    shutil.copytree(data_dir / "packs" / "tiny", target)
    return target


def titles(app) -> list[str]:
    table = app.screen.query_one("#exercises", DataTable)
    return [str(table.get_row_at(i)[1]).strip() for i in range(table.row_count)]


async def wait_for(pilot, condition, seconds: float = 10.0) -> bool:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


@pytest.mark.anyio
async def test_saving_an_exercise_file_updates_the_home_screen(pack, tmp_path):
    session = Session(learner="ada", db_path=tmp_path / "p.sqlite3", pack_dirs=(pack,))
    app = TutorApp(session, warm_sympy=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Pick one" in titles(app)
        await asyncio.sleep(0.5)  # the watcher starts after the first frame
        toml = pack / "pick" / "exercise.toml"
        toml.write_text(
            toml.read_text().replace('title = "Pick one"', 'title = "Pick exactly one"')
        )
        assert await wait_for(pilot, lambda: "Pick exactly one" in titles(app))


@pytest.mark.anyio
async def test_reload_shows_the_new_prompt_on_an_open_exercise(pack, tmp_path):
    session = Session(learner="ada", db_path=tmp_path / "p.sqlite3", pack_dirs=(pack,))
    app = TutorApp(session, warm_sympy=False, watch_packs=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_exercise(session.catalog.find("tiny/pick"))
        await pilot.pause()
        (pack / "pick" / "prompt.md").write_text("# Pick\n\nA reworded question about passes.")
        app.reload_packs()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        assert "reworded question" in screen.query_one("#prompt", Markdown).source


@pytest.mark.anyio
async def test_a_broken_edit_is_reported_and_the_rest_still_works(pack, tmp_path):
    session = Session(learner="ada", db_path=tmp_path / "p.sqlite3", pack_dirs=(pack,))
    app = TutorApp(session, warm_sympy=False, watch_packs=False)
    async with app.run_test(size=(120, 40)) as pilot:
        toml = pack / "pick" / "exercise.toml"
        toml.write_text(toml.read_text().replace("difficulty = 2", "difficulty = 7"))
        app.reload_packs()
        await pilot.pause()
        assert "Pick one" not in titles(app)
        assert "Outer product gradient" in titles(app)
        assert any("difficulty must be from 1 to 5" in str(p) for p in session.catalog.problems)
