"""The service the CLI and the TUI ask for everything: packs, grading, progress.

Screens and commands never open SQLite or spawn processes themselves; they hold a ``Session``.
Everything is created on first use so that a command touching only the catalog starts fast.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from exercises.loader import Catalog, load_catalog
from exercises.model import Exercise


class Session:
    def __init__(self, *, learner: str, db_path: Path, pack_dirs: tuple[Path, ...] = ()):
        self.learner = learner
        self.db_path = db_path
        self.pack_dirs = tuple(pack_dirs)

    @cached_property
    def catalog(self) -> Catalog:
        return load_catalog(self.pack_dirs)

    @cached_property
    def store(self):
        """The progress store, opened (and created) on first use; raises ``StoreError``."""
        from tutor.progress.store import ProgressStore

        return ProgressStore(self.db_path)

    def reload(self) -> Catalog:
        """Read the packs again (hot reload of an instructor's pack folder)."""
        self.__dict__.pop("catalog", None)
        return self.catalog

    def exercise(self, qualified_id: str) -> Exercise:
        """The exercise; raises ``exercises.loader.UnknownExercise`` with a did-you-mean."""
        return self.catalog.lookup(qualified_id)
