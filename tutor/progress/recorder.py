"""The progress store as a recorder for ``from grader import check`` (``grader.recorders``):
the Python API records attempts where ``backprop-tutor check`` does, for the same learner."""

from __future__ import annotations

import os
from pathlib import Path

from exercises.model import Exercise
from grader.verdict import Verdict
from tutor.locations import DB_ENV, LEARNER_ENV, default_db_path, default_learner


def record_attempt(exercise: Exercise, verdict: Verdict, answer: str) -> None:
    """Record under the verdict's learner, else the one the CLI would use
    (``BACKPROP_TUTOR_LEARNER``, else the OS user), in ``BACKPROP_TUTOR_DB`` or the default
    store; raises ``StoreError`` when the store cannot be written."""
    from tutor.progress.store import ProgressStore

    learner = verdict.learner or os.environ.get(LEARNER_ENV) or default_learner()
    db_path = Path(os.environ[DB_ENV]) if os.environ.get(DB_ENV) else default_db_path()
    with ProgressStore(db_path) as store:
        store.record_verdict(learner, exercise, verdict, answer)
