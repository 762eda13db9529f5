"""The base of the tutor's screens: typed access to the app's services."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from tutor.app import TutorApp


class TutorScreen(Screen[None]):
    """A screen of ``TutorApp``; ``tutor`` is the app with its session, study and engine."""

    @property
    def tutor(self) -> TutorApp:
        return cast("TutorApp", self.app)
