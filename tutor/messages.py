"""What the app tells its screens, as Textual messages: a screen that shows progress handles
``StudyChanged``, one that shows pack content handles ``PacksReloaded``; the app never needs
to know which screens those are."""

from __future__ import annotations

from textual.message import Message

from exercises.loader import Catalog


class StudyChanged(Message, bubble=False):
    """Progress changed (an attempt, a hint, another learner): show it again."""


class PacksReloaded(Message, bubble=False):
    """The packs were read again from disk (hot reload); ``catalog`` is the new one."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
