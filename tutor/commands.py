"""The command palette: jump to any exercise by title or id, and a few tutor-wide commands."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tutor.app import TutorApp


class TutorCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app = cast("TutorApp", self.app)
        commands: list[tuple[str, str, Callable[[], Any]]] = [
            ("Progress", "completion, mistakes, review queue", app.action_progress),
            ("Notation guide", "how each source document writes things", app.action_notation),
            ("Switch learner", f"studying as {app.study.learner}", app.action_switch_learner),
            ("Toggle light/dark theme", "", app.action_toggle_dark),
            ("Help", "keys and how the tutor works", app.action_help),
        ]
        for exercise in app.session.catalog.exercises():
            commands.append(
                (
                    f"{exercise.title}",
                    f"{exercise.qualified_id} · {exercise.kind} · {'★' * exercise.difficulty}",
                    partial(app.jump_to_exercise, exercise),
                )
            )
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands()[:5]:
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = max(matcher.match(name), matcher.match(help_text) * 0.9)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
