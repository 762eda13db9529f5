"""Display maths in a prompt is set apart by one blank line above and below, as `show` prints
it, not by two (the Markdown fence's margin plus its label's own padding)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Label
from textual.widgets._markdown import MarkdownFence

from exercises.loader import load_catalog
from tutor.app import TutorApp
from tutor.session import Session

pytestmark = pytest.mark.anyio


async def test_display_maths_has_one_blank_line_around_it(tmp_path):
    session = Session(learner="ada", db_path=tmp_path / "progress.sqlite3")
    session.catalog = load_catalog([], entry_points=False, cache_path=tmp_path / "cache.json")
    app = TutorApp(session, warm_sympy=False, watch_packs=False)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#exercises", DataTable)
        table.move_cursor(row=table.get_row_index("matrix-calculus/linear-yabx-db"))
        await pilot.press("enter")
        await pilot.pause()
        fence = app.screen.query_one("#prompt").query_one(MarkdownFence)
        before, after = (
            fence.parent.children[i]
            for i in (
                fence.parent.children.index(fence) - 1,
                fence.parent.children.index(fence) + 1,
            )
        )
        maths = fence.query_one(Label).content_region
        assert "C=yᵀABx" in str(fence.query_one(Label).render())
        assert maths.y - before.region.bottom == 1
        assert after.region.y - maths.bottom == 1
