"""The Textual tutor: a home screen of packs, exercise screens, progress, help and notation.

The app holds the three long-lived services (the ``Session``, a ``Study`` over the progress
store, and one grading ``Engine``) and hands them to screens; screens never open the store or
spawn processes themselves. The expression grader (and numpy; never sympy, which only
``pack validate`` uses) is imported in a background thread after the first frame, so that the
first screen is quick and the first check does not wait for it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SuspendNotSupported
from textual.binding import Binding

from exercises.model import Exercise
from tutor.hangup import terminal_gone, watched_terminal
from tutor.messages import PacksReloaded, StudyChanged
from tutor.session import Session
from tutor.study import Study

if TYPE_CHECKING:
    from grader.engine import Engine

STYLES = Path(__file__).parent / "styles"


def _tutor_commands():
    """The command palette provider, imported when the palette first opens (start-up budget)."""
    from tutor.commands import TutorCommands

    return TutorCommands


class TutorApp(App[None]):
    TITLE = "backprop-tutor"
    CSS_PATH = [STYLES / "app.tcss", STYLES / "home.tcss"]
    """The other screens bring their own styles when first opened (start-up budget)."""
    COMMANDS = App.COMMANDS | {_tutor_commands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help"),
        Binding("f2,p", "progress", "Progress"),
        Binding("f3,n", "notation", "Notation"),
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False),
        Binding("ctrl+l", "switch_learner", "Switch learner", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    def __init__(self, session: Session, *, warm_sympy: bool = True, watch_packs: bool = True):
        super().__init__()
        self.session = session
        self.study = Study(session)
        self.warm_sympy = warm_sympy
        """Warm the expression grader up after the first frame (the name is older than the
        grader's leaving sympy out of checks)."""
        self.watch_packs = watch_packs
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """One grading engine per app (warm sandbox workers), created when first needed (by a
        check, or by a code exercise starting its sandbox: two threads, hence the lock)."""
        with self._engine_lock:
            if self._engine is None:
                from grader.engine import Engine

                self._engine = Engine()
            return self._engine

    def on_mount(self) -> None:
        from tutor.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.study.notice:
            self.notify(self.study.notice, severity="warning", timeout=8)
        problems = self.session.catalog.problems
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self.notify(
                f"{problems[0]}{more}. `backprop-tutor pack validate` lists them all.",
                title="Some exercises could not be loaded",
                severity="warning",
                timeout=6,
            )
        if self.warm_sympy:
            self.set_timer(0.5, self._warm_up)
        if self.watch_packs and self.session.pack_dirs:
            self._watch_packs()
        terminal = None if self.is_headless else watched_terminal()
        if terminal is not None:

            def end_if_gone() -> None:
                if terminal_gone(terminal):
                    self._end_without_terminal()

            self.set_interval(1.0, end_if_gone)

    @work(exclusive=True, group="pack-watch")
    async def _watch_packs(self) -> None:
        """An instructor edits a pack given with --packs beside the tutor: reload it on save."""
        from watchfiles import awatch

        folders = [str(d) for d in self.session.pack_dirs if Path(d).is_dir()]
        if folders:
            async for _changes in awatch(*folders, debounce=300):
                self.reload_packs()

    def reload_packs(self) -> None:
        """Read the packs again and show the new content on every open screen."""
        catalog = self.session.reload()
        for screen in self.screen_stack:
            screen.post_message(PacksReloaded(catalog))
        self.refresh_study()
        if catalog.problems:
            self.notify(
                str(catalog.problems[0]),
                title="Pack reloaded with problems",
                severity="warning",
                timeout=8,
            )
        else:
            self.notify("Packs reloaded from disk.", timeout=3)

    @work(thread=True, exclusive=True, group="warm-up")
    def _warm_up(self) -> None:
        """Import the expression grader (and numpy) while the learner reads the home screen."""
        import grader.expr.check  # noqa: F401

    def _end_without_terminal(self) -> None:
        """The terminal is gone: nothing is left to restore on it, and Textual's own shutdown
        would wait forever to write there. Every attempt is already committed to the store;
        stop the sandbox and end."""
        if self._engine is not None:
            self._engine.close()
        os._exit(0)

    def on_unmount(self) -> None:
        if self._engine is not None:
            self._engine.close()

    # -- navigation --------------------------------------------------------------------------
    # Back (escape) goes where the learner came from: a screen opened from another returns
    # to it, a jump from the command palette returns home, and a screen already open is
    # brought back rather than opened twice, so the stack never grows past what was visited.
    def open_exercise(self, exercise: Exercise) -> None:
        """Open an exercise from the screen in view (home, progress): Back returns there."""
        from tutor.screens.exercise import ExerciseScreen

        self.push_screen(ExerciseScreen(self.study.current_variant(exercise)))

    def jump_to_exercise(self, exercise: Exercise) -> None:
        """Open an exercise from the command palette: Back returns home."""
        self._back_home()
        self.open_exercise(exercise)

    def _back_home(self) -> None:
        from tutor.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def _bring_back(self, screen_type: type) -> bool:
        """Pop back to an open screen of ``screen_type``; False when none is open."""
        if not any(isinstance(screen, screen_type) for screen in self.screen_stack):
            return False
        while not isinstance(self.screen, screen_type):
            self.pop_screen()
        return True

    def action_help(self) -> None:
        from tutor.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_progress(self) -> None:
        from tutor.screens.progress import ProgressScreen

        if not self._bring_back(ProgressScreen):
            self.push_screen(ProgressScreen())

    def action_notation(self) -> None:
        from tutor.screens.notation import NotationScreen

        if not self._bring_back(NotationScreen):
            self.push_screen(NotationScreen())

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_switch_learner(self) -> None:
        from tutor.screens.learner import LearnerScreen

        def switched(name: str | None) -> None:
            if not name:
                return
            if name == self.study.learner:
                self.notify(f"Already studying as {name}")
                return
            self.study.switch_learner(name)
            self.notify(f"Studying as {name}")
            self.refresh_study()

        self.push_screen(LearnerScreen(self.study.learners(), self.study.learner), switched)

    def refresh_study(self) -> None:
        """Tell every screen on the stack that progress changed (after a check, a switch)."""
        for screen in self.screen_stack:
            screen.post_message(StudyChanged())

    # -- the learner's own editor -------------------------------------------------------------
    def edit_in_editor(self, path: Path) -> str | None:
        """Open ``path`` in $VISUAL/$EDITOR with the TUI suspended; an error message or None."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        command = [*shlex.split(editor), str(path)]
        try:
            try:
                with self.suspend():
                    result = subprocess.run(command, check=False)
            except SuspendNotSupported:
                result = subprocess.run(
                    command, check=False, stdin=subprocess.DEVNULL, capture_output=True
                )
        except OSError as error:
            return f"cannot run {editor!r}: {error.strerror or error}; set $EDITOR"
        if result.returncode != 0:
            return f"{editor} exited with status {result.returncode}"
        return None
