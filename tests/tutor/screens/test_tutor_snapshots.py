"""How the tutor's screens look at 80×24 (the smallest terminal it supports) and wider.

Content is the fixture pack, the learner is "ada" and the store is fresh, so the pictures
only change when the layout does. Update with ``pytest --snapshot-update`` after looking.
"""

from __future__ import annotations

from textual.widgets import DataTable, Input, TextArea


async def _open(pilot, qualified_id: str) -> None:
    table = pilot.app.screen.query_one("#exercises", DataTable)
    table.move_cursor(row=table.get_row_index(qualified_id))
    await pilot.press("enter")
    await pilot.pause()
    for editor in pilot.app.screen.query("Input, TextArea").results((Input, TextArea)):
        editor.cursor_blink = False  # a blinking cursor is drawn or not depending on timing
        if isinstance(editor, TextArea):
            # and TextArea's line cache cannot tell "blink paused" from "blinked off", so the
            # cursor line kept whichever it rendered first: draw no cursor at all.
            editor.show_cursor = False
    await pilot.pause()


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_home_screen(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24))


def test_code_exercise(app, snap_compare):
    async def run_before(pilot) -> None:
        await _open(pilot, "study/matmul")
        await _settle(pilot)  # the sandbox starts in a worker on open: let it finish first

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_expression_exercise_with_preview(app, snap_compare):
    async def run_before(pilot) -> None:
        await _open(pilot, "study/bilinear")
        pilot.app.screen.query_one("#expression", Input).value = "y xᵀ"
        await _settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_verdict_with_named_mistake(app, snap_compare):
    async def run_before(pilot) -> None:
        await _open(pilot, "study/bilinear")
        pilot.app.screen.query_one("#expression", Input).value = "x y^T"
        await _settle(pilot)
        await pilot.press("ctrl+s")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_progress_after_attempts(app, snap_compare):
    async def run_before(pilot) -> None:
        await _open(pilot, "study/passes")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        await pilot.press("down", "ctrl+s")
        await _settle(pilot)
        await pilot.press("f2")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
