"""Which variant of a family a learner works on, and whether the family is mastered.

A learner keeps one variant until it is solved or has had the family's ``retries`` wrong
tries, or until they ask for a fresh one; then the epoch moves on and the next variant is
``learner_variant(learner, exercise, epoch)`` (deterministic: the same on every machine, and a
review after solving always meets a new variant). Mastery is ``MASTERY`` variants in a row
solved without using up their tries or giving them up. Everything is derived from the
attempts the store keeps (each records its variant) and the fresh-variant requests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from exercises.model import Exercise
from grader.family.numbering import learner_variant
from tutor.progress.views import Attempt

MASTERY = 3


@dataclass(frozen=True)
class FamilyProgress:
    epoch: int
    variant: int
    """The learner's current variant."""
    wrong: int
    """Wrong tries on the current variant."""
    tries_left: int
    in_a_row: int
    """Variants solved in a row (the current streak)."""
    best_in_a_row: int

    @property
    def mastered(self) -> bool:
        return self.best_in_a_row >= MASTERY


def family_progress(
    learner: str,
    exercise: Exercise,
    attempts: Sequence[Attempt],
    fresh: Sequence[dt.datetime] = (),
) -> FamilyProgress:
    """Replay the learner's attempts and fresh-variant requests on ``exercise`` in time order."""
    retries = exercise.family.retries if exercise.family else 3
    qid = exercise.qualified_id
    events: list[tuple[dt.datetime, int, Attempt | None]] = sorted(
        [(a.when, 0, a) for a in attempts if a.exercise == qid]
        + [(when, 1, None) for when in fresh],
        key=lambda e: (e[0], e[1]),
    )
    epoch = wrong = streak = best = 0
    current = learner_variant(learner, qid, epoch)
    for _, _, attempt in events:
        if attempt is None:  # a fresh variant asked for
            moved, streak = True, 0
        elif attempt.variant != current or attempt.regrade:
            continue
        elif attempt.status == "passed":
            moved = True
            streak += 1
            best = max(best, streak)
        elif attempt.status == "wrong":  # an error (a typo, an unknown symbol) is no try
            wrong += 1
            moved = wrong >= retries
            if moved:
                streak = 0
        else:
            continue
        if moved:
            epoch, wrong = epoch + 1, 0
            current = learner_variant(learner, qid, epoch)
    return FamilyProgress(epoch, current, wrong, retries - wrong, streak, best)


def current_progress(session, exercise: Exercise) -> FamilyProgress:
    """The session learner's progress on the family (no store yet: the first variant)."""
    if not session.db_path.exists():
        return family_progress(session.learner, exercise, [])
    store = session.store
    return family_progress(
        session.learner,
        exercise,
        store.attempts(session.learner, exercise.qualified_id),
        store.fresh_variants(session.learner, exercise.qualified_id),
    )


def mastery_rows(session, store) -> list[dict]:
    """Per family the learner has tried: current variant, solved in a row, mastered."""
    rows = []
    for exercise in session.catalog.exercises():
        if exercise.family is None:
            continue
        attempts = store.attempts(session.learner, exercise.qualified_id)
        if not attempts:
            continue
        p = family_progress(
            session.learner,
            exercise,
            attempts,
            store.fresh_variants(session.learner, exercise.qualified_id),
        )
        rows.append(
            {
                "exercise": exercise.qualified_id,
                "variant": p.variant,
                "in_a_row": p.in_a_row,
                "best_in_a_row": p.best_in_a_row,
                "mastery": MASTERY,
                "mastered": p.mastered,
            }
        )
    return rows
