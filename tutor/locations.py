"""Where user data lives, in one place (platformdirs), overridable by options and environment."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

APP_NAME = "backprop-tutor"
DB_ENV = "BACKPROP_TUTOR_DB"
LEARNER_ENV = "BACKPROP_TUTOR_LEARNER"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "progress.sqlite3"


def work_dir(db_path: Path, learner: str) -> Path:
    """Where the tutor writes the files a learner edits in $EDITOR: beside their progress
    store (the data folder by default, or wherever --db put the store)."""
    return Path(db_path).parent / "work" / learner


def default_learner() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "learner"
