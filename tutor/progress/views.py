"""What a learner's history adds up to: frozen records the CLI and the tutor display."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from exercises.model import Pack


@dataclass(frozen=True)
class Attempt:
    learner: str
    exercise: str
    pack_version: str
    when: dt.datetime
    kind: str
    status: str
    score: float
    mistake: str | None
    hints: int
    elapsed_ms: float
    answer: str
    pack: str = ""
    regrade: bool = False
    """Recorded by ``grade --record`` for an answer already graded at another pack version."""
    variant: int | None = None
    """The variant of a family the attempt answered (None for a fixed exercise)."""


@dataclass(frozen=True)
class ExerciseStats:
    learner: str
    exercise: str
    attempts: int
    best_score: float
    solved: bool
    first_solved: dt.datetime | None
    last_attempt: dt.datetime
    hints_used: int
    due: dt.datetime | None

    def status(self, now: dt.datetime) -> str:
        if self.solved:
            return "due" if self.due is not None and self.due <= now else "solved"
        return "attempted"


class Mistake(NamedTuple):
    """A mistake the learner keeps making; a tuple too, ``(mistake, count, exercise)``."""

    mistake: str
    count: int  # type: ignore[assignment]  # shadows tuple.count: the name the JSON has
    exercise: str  # where it was made last


class Completion(NamedTuple):
    """Solved exercises of a pack; a tuple too, ``(solved, total)``."""

    solved: int
    total: int


def completion(pack: Pack, statuses: dict[str, str]) -> Completion:
    """How many of the pack's exercises ``statuses`` (``ProgressStore.statuses``) has solved
    (a solved exercise due for review is still solved)."""
    return Completion(
        sum(statuses.get(e.qualified_id) in ("solved", "due") for e in pack.exercises),
        len(pack.exercises),
    )


def streak(days_active: set[dt.date], today: dt.date) -> int:
    """Consecutive active days ending today (or yesterday, so a streak survives the morning)."""
    day = today if today in days_active else today - dt.timedelta(days=1)
    count = 0
    while day in days_active:
        count += 1
        day -= dt.timedelta(days=1)
    return count
