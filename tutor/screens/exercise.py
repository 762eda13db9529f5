"""One exercise: the prompt with rendered math, its source, the answer area, hints and verdict.

Grading runs in a thread worker on the app's single engine, so the screen keeps responding
while a code answer runs in the sandbox; the verdict comes back with ``call_from_thread``.
The worked solution stays hidden until the learner has solved the exercise.
"""

from __future__ import annotations

import ast
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, Markdown, OptionList, Static, TextArea

from exercises.model import Exercise
from grader.kinds import kind_of
from grader.verdict import Verdict, error_verdict
from tutor.locations import work_dir
from tutor.mathtext import render_markdown_math
from tutor.messages import PacksReloaded, StudyChanged
from tutor.prompt_text import citations, prompt_cites_sources, prompt_markdown
from tutor.screens.base import TutorScreen
from tutor.starter import starter_filename
from tutor.widgets.answers import AnswerArea, answer_widget
from tutor.widgets.status import status_text
from tutor.widgets.verdict import VerdictView


def reference_source(exercise: Exercise) -> str | None:
    """The reference function's source, read with ``ast`` (never imported into the TUI)."""
    spec = exercise.code
    if spec is None:
        return None
    try:
        source = spec.module.read_text(encoding="utf-8")
        tree = ast.parse(source)
    except (OSError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == spec.reference:
            return ast.get_source_segment(source, node)
    return None


def solution_markdown(exercise: Exercise) -> str:
    parts = []
    solution = exercise.solution()
    if solution is not None:
        parts.append(render_markdown_math(solution))
    reference = reference_source(exercise)
    if reference:
        parts.append(f"### Reference implementation\n\n```python\n{reference}\n```")
    return "\n\n".join(parts) or "This exercise has no worked solution."


class ExerciseScreen(TutorScreen):
    CSS_PATH = "../styles/exercise.tcss"
    AUTO_FOCUS = None
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "check", "Check", priority=True),
        Binding("ctrl+g", "hint", "Hint"),
        Binding("ctrl+o", "edit", "Editor"),
        Binding("f5", "solution", "Solution"),
        Binding("ctrl+n", "new_variant", "New variant"),
        Binding("n", "new_variant", "New variant (outside the answer box)", show=False),
        Binding("escape", "back", "Back", priority=True),
        Binding(
            "pageup", "scroll_prompt('page_up')", "Scroll the prompt up", show=False, priority=True
        ),
        Binding(
            "pagedown",
            "scroll_prompt('page_down')",
            "Scroll the prompt down",
            show=False,
            priority=True,
        ),
        Binding(
            "home",
            "scroll_prompt('home')",
            "Prompt top (not in the code editor)",
            show=False,
            priority=True,
        ),
        Binding(
            "end",
            "scroll_prompt('end')",
            "Prompt end (not in the code editor)",
            show=False,
            priority=True,
        ),
    ]

    def __init__(self, exercise: Exercise):
        super().__init__()
        self.exercise = exercise
        self.hints_shown = 0
        self.checking = False

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Header()
        with VerticalScroll(id="exercise-body"):
            with VerticalScroll(id="prompt-pane"):
                yield Static(id="exercise-title")
                yield Static(
                    self._sources(),
                    id="sources",
                    classes="-hidden" if prompt_cites_sources(ex) else "",
                )
                yield Markdown(prompt_markdown(ex), id="prompt")
                yield Static(id="hints")
                yield Markdown(id="solution", classes="-hidden")
            with Vertical(id="answer-pane", classes=ex.kind):
                yield self._answer_widget()
                with VerticalScroll(id="verdict-scroll"):
                    yield VerdictView(id="verdict")
        # compact and without the palette key (help lists it), so f3 still fits at 80 columns
        yield Footer(compact=True, show_command_palette=False)

    def _sources(self) -> Text:
        if not self.exercise.sources:
            return Text("Source: not given", style="dim")
        return Text.assemble(("Source: ", "bold"), ("; ".join(citations(self.exercise)), "italic"))

    def _answer_widget(self):
        # a variant starts empty: the last answer belongs to another variant's letters
        last = (
            None
            if self.exercise.variant is not None
            else self.tutor.study.last_answer(self.exercise.qualified_id)
        )
        widget = answer_widget(self.exercise, last)
        self.answer: AnswerArea = widget  # type: ignore[assignment]
        return widget

    def on_mount(self) -> None:
        self.sub_title = self.exercise.qualified_id
        self.hints_shown = min(
            self.tutor.study.hints_shown(self.exercise.qualified_id), len(self.exercise.hints)
        )
        self.refresh_study()
        self._show_hints()
        self.query_one(VerdictView).show_hint_line(self.answer.HOW)
        self.answer.focus_answer()
        if kind_of(self.exercise).executor == "sandbox":
            self._start_sandbox()

    @work(thread=True, exclusive=True, group="sandbox")
    def _start_sandbox(self) -> None:
        """Start the code sandbox while the learner reads the prompt: the first check then
        costs milliseconds, not the sandbox's start."""
        self.tutor.engine.start_code_sandbox()

    def on_packs_reloaded(self, message: PacksReloaded) -> None:
        fresh = message.catalog.find(self.exercise.qualified_id)
        if fresh is not None:
            self.reload_exercise(fresh)

    def reload_exercise(self, exercise: Exercise) -> None:
        """The pack was edited on disk (hot reload): show the new prompt, keep the answer."""
        self.exercise = exercise
        self.query_one("#prompt", Markdown).update(prompt_markdown(exercise))
        self.query_one("#sources", Static).update(self._sources())
        self.answer.reload(exercise)
        self.refresh_study()

    def on_study_changed(self, message: StudyChanged) -> None:
        self.refresh_study()

    def refresh_study(self) -> None:
        ex = self.exercise
        status = self.tutor.study.status(ex.qualified_id)
        self.query_one("#exercise-title", Static).update(
            Text.assemble(
                (ex.title, "bold"),
                "  ",
                ("★" * ex.difficulty, "yellow"),
                "  ",
                status_text(status),
                *self._variant_line(),
            )
        )
        self.refresh_bindings()

    def _variant_line(self) -> tuple:
        """For a family's variant: its number, the tries left and the mastery streak."""
        if self.exercise.variant is None:
            return ()
        from tutor.variants import MASTERY

        progress = self.tutor.study.family_progress(self.exercise)
        if progress.variant != self.exercise.variant:
            state = "done: ctrl+n for a fresh variant"
        else:
            state = f"{progress.tries_left} tries left"
        mastery = f"{progress.in_a_row}/{MASTERY} in a row for mastery"
        if progress.mastered:
            mastery = "mastered"
        return ("\n", (f"variant {self.exercise.variant} · {state} · {mastery}", "dim"))

    def _show_hints(self) -> None:
        hints = self.query_one("#hints", Static)
        total = len(self.exercise.hints)
        if not total:
            hints.update(Text("This exercise has no hints.", style="dim"))
            return
        lines = [
            Text.assemble((f"Hint {i + 1}/{total}: ", "bold cyan"), render_markdown_math(h))
            for i, h in enumerate(self.exercise.hints[: self.hints_shown])
        ]
        if self.hints_shown < total:
            lines.append(Text(f"{total - self.hints_shown} more hint(s): ctrl+g", style="dim"))
        elif self.exercise.variant is not None:
            lines.append(Text("ctrl+g once more shows this variant's worked solution", style="dim"))
        hints.update(Text("\n").join(lines))

    # -- actions ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return self.answer.EDITABLE
        if action == "scroll_prompt" and parameters and parameters[0] in ("home", "end"):
            # the code editor keeps home/end for the line; everywhere else they scroll
            return not isinstance(self.focused, TextArea)
        if action == "hint":
            if self.exercise.variant is not None:  # a variant's last hint is its solution
                return True
            return True if self.hints_shown < len(self.exercise.hints) else None
        if action == "new_variant":
            return self.exercise.variant is not None
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    async def _give_up_variant(self) -> None:
        """The last hint of a variant: its worked solution. The variant is then done (the
        learner has seen its answer), and ctrl+n or the next visit brings a fresh one."""
        study = self.tutor.study
        if study.family_progress(self.exercise).variant == self.exercise.variant:
            study.ask_fresh_variant(self.exercise)
        self.refresh_study()
        await self.action_solution()

    def _variant_graded(self, verdict: Verdict) -> None:
        progress = self.tutor.study.family_progress(self.exercise)
        if progress.variant == self.exercise.variant:
            return
        if verdict.passed:
            self.notify(
                "Solved! f5 shows the worked solution; ctrl+n draws a fresh variant.",
                title="✔ " + self.exercise.title,
            )
        else:
            self.notify(
                "That was the last try on this variant: f5 shows its worked solution, "
                "ctrl+n draws a fresh one.",
                title=self.exercise.title,
                severity="warning",
            )

    def action_new_variant(self) -> None:
        """A fresh variant of the family (the one in view is given up, unless it is already
        done: solved, or out of tries, when the next one is waiting)."""
        study = self.tutor.study
        if study.family_progress(self.exercise).variant == self.exercise.variant:
            study.ask_fresh_variant(self.exercise)
        family = self.tutor.session.catalog.find(self.exercise.qualified_id)
        if family is None:  # its pack was edited away (hot reload)
            self.notify("This family is no longer in its pack.", severity="warning")
            return
        self.tutor.switch_screen(ExerciseScreen(study.current_variant(family)))

    async def action_hint(self) -> None:
        if self.hints_shown >= len(self.exercise.hints) and self.exercise.variant is not None:
            await self._give_up_variant()
            return
        if self.hints_shown >= len(self.exercise.hints):
            self.notify("No more hints for this exercise.")
            return
        self.hints_shown += 1
        self.tutor.study.record_hint(self.exercise, self.hints_shown)
        self._show_hints()
        self.refresh_bindings()
        self.query_one("#hints").scroll_visible()

    def action_scroll_prompt(self, where: str) -> None:
        pane = self.query_one("#prompt-pane", VerticalScroll)
        {
            "page_up": pane.scroll_page_up,
            "page_down": pane.scroll_page_down,
            "home": pane.scroll_home,
            "end": pane.scroll_end,
        }[where](animate=False)

    def _solution_open(self) -> bool:
        """A fixed exercise's solution opens once it is solved; a variant's once that very
        variant is done (solved, or its tries used up): another variant's does not count."""
        if self.exercise.variant is not None:
            return self.tutor.study.family_progress(self.exercise).variant != self.exercise.variant
        return self.tutor.study.solved(self.exercise.qualified_id)

    async def action_solution(self) -> None:
        if not self._solution_open():
            self.notify(
                "The worked solution opens once you have solved the exercise: "
                "check a right answer first (ctrl+g gives a hint).",
                title="No solution yet",
                severity="warning",
            )
            return
        solution = self.query_one("#solution", Markdown)
        await solution.update(solution_markdown(self.exercise))
        solution.remove_class("-hidden")
        self.call_after_refresh(self._show_solution)

    def _show_solution(self) -> None:
        """Scroll the prompt pane so the solution's first line is at the top of the view."""
        pane = self.query_one("#prompt-pane", VerticalScroll)
        pane.scroll_to_widget(self.query_one("#solution"), top=True, animate=False)

    def action_edit(self) -> None:
        if not self.answer.EDITABLE:
            return
        editor = self.answer
        path = work_dir(self.tutor.session.db_path, self.tutor.study.learner) / starter_filename(
            self.exercise
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(editor.text, encoding="utf-8")
        except OSError as error:
            self.notify(f"cannot write {path}: {error.strerror or error}", severity="error")
            return
        problem = self.tutor.edit_in_editor(path)
        if problem:
            self.notify(problem, severity="warning")
        try:
            editor.load_text(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            self.notify(f"cannot read {path} back: {error}", severity="error")
            return
        self.notify(f"Read back {Path(path).name}; ctrl+s to check it.")

    def on_input_submitted(self, event) -> None:
        self.action_check()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_check()

    def action_check(self) -> None:
        if self.checking:
            return
        answer = self.answer.text
        if not answer.strip():
            self.notify("Write an answer first.", severity="warning")
            return
        self.checking = True
        self.query_one(VerdictView).loading = True
        self._grade(answer, self.hints_shown)

    @work(thread=True, exclusive=True, group="check")
    def _grade(self, answer: str, hints_used: int) -> None:
        try:
            verdict = self.tutor.engine.check(self.exercise, answer)
        except Exception as error:  # a grader bug must not take the tutor down
            verdict = error_verdict(
                self.exercise.qualified_id, f"the grader failed: {type(error).__name__}: {error}"
            )
        self.app.call_from_thread(self._graded, verdict, answer, hints_used)

    def _graded(self, verdict: Verdict, answer: str, hints_used: int) -> None:
        self.checking = False
        view = self.query_one(VerdictView)
        view.loading = False
        was_solved = self.tutor.study.solved(self.exercise.qualified_id)
        self.tutor.study.record(
            self.exercise,
            verdict.with_context(learner=self.tutor.study.learner),
            answer,
            hints_used,
        )
        view.show_verdict(verdict, self.exercise)
        view.scroll_visible()
        self.tutor.refresh_study()
        if self.exercise.variant is not None:
            self._variant_graded(verdict)
        elif verdict.passed and not was_solved:
            self.notify("Solved! f5 shows the worked solution.", title="✔ " + self.exercise.title)
