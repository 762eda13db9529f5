"""The tutor's half of the kind seam: a new kind's answer widget, registered with one line in
``ANSWER_WIDGETS``, is what the exercise screen shows, focuses and checks."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from exercises.loader import load_catalog
from tutor.app import TutorApp
from tutor.screens.exercise import ExerciseScreen
from tutor.session import Session
from tutor.widgets.answers import ANSWER_WIDGETS
from tutor.widgets.verdict import VerdictView

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_every_built_in_kind_has_an_answer_widget():
    from grader.kinds import KINDS

    assert set(ANSWER_WIDGETS) == set(KINDS)


async def test_a_new_kinds_widget_takes_and_checks_the_answer(number_kind, tmp_path):
    session = Session(learner="ada", db_path=tmp_path / "progress.sqlite3")
    session.catalog = load_catalog(
        [number_kind.write_pack(tmp_path)],
        builtin=False,
        entry_points=False,
        cache_path=tmp_path / "cache.json",
    )
    app = TutorApp(session, warm_sympy=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#exercises", DataTable)
        table.move_cursor(row=table.get_row_index("numbers/half"))
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        answer = screen.query_one("#answer", number_kind.NumberAnswer)
        assert screen.focused is answer
        assert "Type a number" in str(screen.query_one(VerdictView).render())
        await pilot.press("3", ".", "5", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Solved" in str(screen.query_one(VerdictView).render())
        assert app.study.solved("numbers/half")
