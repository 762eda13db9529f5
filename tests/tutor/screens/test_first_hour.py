"""The rough edges a new learner met in the tutor (issue 19, points 8–13), each as they met it:
text in the UI that is an answer, Back after a jump, the learner dialog, f5 and scrolling,
cut titles and tables, and two notations on one screen."""

from __future__ import annotations

import re

import pytest
from textual.widgets import DataTable, Input, Markdown, Static, TextArea

from exercises.loader import load_catalog
from grader.engine import Engine
from tutor.app import TutorApp
from tutor.mathtext import latex_to_unicode
from tutor.screens.exercise import ExerciseScreen
from tutor.screens.help import ABOUT
from tutor.screens.home import HomeScreen, clip_distinct
from tutor.screens.learner import LearnerScreen
from tutor.screens.notation import NotationScreen, notation_markdown, wide_tables_as_lists
from tutor.screens.progress import ProgressScreen
from tutor.session import Session
from tutor.widgets.verdict import VerdictView

pytestmark = pytest.mark.anyio


@pytest.fixture
def builtin(tmp_path) -> Session:
    """The built-in packs, as a learner installs them."""
    session = Session(learner="ada", db_path=tmp_path / "progress.sqlite3")
    session.catalog = load_catalog([], entry_points=False, cache_path=tmp_path / "cache.json")
    return session


async def _open(pilot, qualified_id: str) -> ExerciseScreen:
    app = pilot.app
    table = app.screen.query_one("#exercises", DataTable)
    table.move_cursor(row=table.get_row_index(qualified_id))
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ExerciseScreen)
    return app.screen


# -- 8. no text in the UI is an answer --------------------------------------------------------
def _fragments(text: str) -> set[str]:
    """The text, and every piece of it a learner could take for an example to type."""
    pieces = {text}
    for after in re.split(r"e\.g\.|for example|like|such as", text)[1:]:
        pieces.add(after)
    pieces.update(re.findall(r"`([^`]+)`", text))
    for piece in list(pieces):
        pieces.update(re.split(r"[,;:]| or | then ", piece))
    return {p.strip(" .") for p in pieces if p.strip(" .")}


async def _ui_texts(session: Session) -> set[str]:
    """Every placeholder and instruction line of the home screen, the learner dialog, help,
    and an exercise screen of each kind, read from the running app."""
    app = TutorApp(session, warm_sympy=False, watch_packs=False)
    texts = {ABOUT}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        texts |= {i.placeholder for i in app.screen.query(Input)}
        app.action_switch_learner()
        await pilot.pause()
        texts |= {i.placeholder for i in app.screen.query(Input)}
        await pilot.press("escape")
        for qid in (
            "matrix-calculus/linear-yabx-db",
            "adjoints/matmul-backward",
            "matrix-calculus/dimensions",
        ):
            screen = await _open(pilot, qid)
            texts |= {i.placeholder for i in screen.query(Input)}
            texts |= {str(w.render()) for w in screen.query("#preview, VerdictView")}
            await pilot.press("escape")
            await pilot.pause()
    return {t for t in texts if t}


async def test_no_placeholder_or_instruction_in_the_ui_is_an_answer(builtin):
    candidates = set().union(*(_fragments(t) for t in await _ui_texts(builtin)))
    assert "type your answer in the symbols above, then enter" in candidates
    exercises = [e for e in builtin.catalog.exercises() if e.kind == "expression"]
    with Engine() as engine:
        # the check itself can fail: the old placeholder is one exercise's answer
        old = _fragments("type your expression, e.g. A^T y xᵀ")
        assert any(engine.check(e, c, seed=1).passed for e in exercises for c in old)
        answers = [
            (e.qualified_id, c)
            for e in exercises
            for c in candidates
            if engine.check(e, c, seed=1).passed
        ]
    assert answers == []


# -- 9. Back goes where the learner came from --------------------------------------------------
async def _jump(pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*["space" if ch == " " else ch for ch in words])
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause()


async def test_back_after_palette_jumps_goes_home(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _open(pilot, "study/bilinear")
        await _jump(pilot, "passes")
        assert app.screen.exercise.qualified_id == "study/passes"
        await _jump(pilot, "matrix product")
        assert app.screen.exercise.qualified_id == "study/matmul"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2  # the default screen and home


async def test_back_from_a_screen_opened_on_top_returns_to_it(app, monkeypatch):
    # a one-line guide: this test is about the stack, not about rendering the long guide
    monkeypatch.setattr("tutor.screens.notation.notation_markdown", lambda: "# Notation")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _open(pilot, "study/bilinear")
        for key in ("f3", "f2", "f3", "f2"):
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        assert [type(s) for s in app.screen_stack[1:]] == [
            HomeScreen,
            ExerciseScreen,
            NotationScreen,
            ProgressScreen,
        ]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)


# -- 10. the learner dialog ----------------------------------------------------------------
async def test_typed_learner_name_works_without_tab_and_enter_switches(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LearnerScreen)
        await pilot.press(*"grace", "enter")
        await pilot.pause()
        assert app.study.learner == "grace"
        assert isinstance(app.screen, HomeScreen)


async def test_arrows_pick_a_known_learner_and_a_bad_name_is_explained(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LearnerScreen)
        assert "Type a name" in str(app.screen.query_one("#learner-problem", Static).render())
        await pilot.press(*"a/b", "enter")
        await pilot.pause()
        assert "cannot contain /" in str(app.screen.query_one("#learner-problem", Static).render())
        app.screen.query_one(Input).value = ""
        await pilot.press("down")
        assert app.screen.query_one(Input).value == "ada"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.study.learner == "ada"


# -- 11. f5, the solution, and the prompt pane's keys -----------------------------------------
async def test_f5_before_solving_says_why(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _open(pilot, "study/bilinear")
        await pilot.press("f5")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("once you have solved" in m for m in messages)


async def test_after_solving_f5_brings_the_solution_into_view(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, "study/bilinear")
        screen.query_one("#expression", Input).value = "y x^T"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Solved" in str(screen.query_one(VerdictView).render())
        await pilot.press("f5")
        await pilot.pause(0.3)
        pane = screen.query_one("#prompt-pane")
        solution = screen.query_one("#solution", Markdown)
        assert solution.display
        assert (
            pane.scrollable_content_region.contains_region(solution.region)
            or solution.region.y == pane.scrollable_content_region.y
        )
        assert pane.scroll_y > 0


async def test_page_keys_scroll_the_prompt_while_typing_an_answer(builtin):
    app = TutorApp(builtin, warm_sympy=False, watch_packs=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, "mlp/delta-hidden")
        pane = screen.query_one("#prompt-pane")
        assert isinstance(app.focused, Input) and pane.max_scroll_y > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert pane.scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert pane.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert pane.scroll_y < pane.max_scroll_y


async def test_home_and_end_stay_with_the_code_editor(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, "study/matmul")
        editor = screen.query_one("#code", TextArea)
        editor.focus()
        editor.move_cursor((4, 0))
        await pilot.press("end")
        assert editor.cursor_location[1] > 0


# -- 12. nothing cut where it matters ---------------------------------------------------------
def test_cut_titles_stay_distinct():
    titles = [
        "The adjoint lemma: gradient with respect to the input",
        "The adjoint lemma: gradient with respect to the weights",
        "Gradient of yᵀABx with respect to A",
        "Gradient of yᵀABx with respect to B",
        "Short one",
    ]
    for width in (20, 24, 30, 34):
        shown = clip_distinct(titles, width)
        assert len(set(shown.values())) == len(titles)
        assert all(len(text) <= width for text in shown.values())
    assert clip_distinct(titles, 40)["Short one"] == "Short one"


@pytest.mark.parametrize("width", [80, 120])
async def test_home_titles_are_distinct_at_80_and_120_columns(builtin, width):
    app = TutorApp(builtin, warm_sympy=False, watch_packs=False)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#exercises", DataTable)
        shown = [
            str(table.get_cell(e.qualified_id, "title")).strip()
            for e in builtin.catalog.exercises()
        ]
        assert len(set(shown)) == len(shown)
        if width == 120:  # room for every title whole
            assert shown == [e.title for e in builtin.catalog.exercises()]


def test_wide_notation_tables_become_lists_with_every_cell():
    table = (
        "| concept | a | b | c | d |\n|---|---|---|---|---|\n"
        "| layer | l | i | $i$ | superscript on nodes |\n"
    )
    listed = wide_tables_as_lists(table)
    assert "|" not in listed
    assert "**layer** — " in listed and "*d*: superscript on nodes" in listed
    narrow = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert wide_tables_as_lists(narrow) == narrow
    assert not re.search(r"^\|(?:[^|\n]*\|){5,}", notation_markdown(), re.MULTILINE)


async def test_code_editor_at_80x24_shows_ten_lines_and_the_footer_keeps_f3(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, "study/matmul")
        editor = screen.query_one("#code", TextArea)
        assert editor.scrollable_content_region.height >= 10
        [f3] = [k for k in screen.query("FooterKey") if k.key == "f3"]
        assert f3.region.width > 0 and f3.region.right <= 80


# -- 13. one notation per screen ----------------------------------------------------------------
async def test_symbol_bar_and_sources_use_the_prompts_notation(builtin):
    app = TutorApp(builtin, warm_sympy=False, watch_packs=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, "mlp/delta-hidden")
        bar = str(screen.query_one("#symbols", Static).render())
        prompt = screen.query_one("#prompt", Markdown).source
        assert "n_next" not in bar and "W^{l+1}" not in bar
        shapes = re.findall(r"\(([^()]*×[^()]*)\)", bar)
        assert shapes and all(shape in prompt.replace(" ", "") for shape in shapes)
        assert "_j^l" not in prompt and "δ_j" not in prompt
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one("#exercises", DataTable)
        table.move_cursor(row=table.get_row_index("mlp/delta-hidden"))
        await pilot.pause()
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "δ_j^l" not in detail and "b^l" not in detail


# -- 16. the $EDITOR files live beside the store ------------------------------------------------
async def test_editor_files_go_beside_the_db_store(app, session, monkeypatch):
    monkeypatch.setenv("VISUAL", "true")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _open(pilot, "study/matmul")
        await pilot.press("ctrl+o")
        await pilot.pause()
    assert (session.db_path.parent / "work" / "ada" / "study__matmul.py").is_file()


async def test_grader_messages_name_dimensions_as_the_prompt_does(builtin):
    app = TutorApp(builtin, warm_sympy=False, watch_packs=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, "mlp/delta-hidden")
        screen.query_one("#expression", Input).value = "W^{l+1} δ^{l+1}"
        await app.workers.wait_for_complete()
        await pilot.pause()
        preview = str(screen.query_one("#preview", Static).render())
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = str(screen.query_one(VerdictView).render())
        for text in (preview, shown):
            assert latex_to_unicode("n_{l+1}") in text
            assert "n_next" not in text and "n_l" not in text
