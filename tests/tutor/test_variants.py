"""Which variant a learner works on: kept until solved, after `retries` wrong tries or a fresh
request; errors are no tries; mastery is three variants solved in a row."""

from __future__ import annotations

import datetime as dt

from exercises.loader import load_catalog
from grader.family.numbering import learner_variant
from tutor.progress.views import Attempt
from tutor.variants import MASTERY, family_progress

FAMILY = load_catalog([], entry_points=False).find("families/products")
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class _Log:
    def __init__(self):
        self.attempts: list[Attempt] = []
        self.fresh: list[dt.datetime] = []

    def now(self) -> dt.datetime:
        return START + dt.timedelta(minutes=len(self.attempts) + len(self.fresh))

    def progress(self):
        return family_progress("ann", FAMILY, self.attempts, self.fresh)

    def answer(self, status: str) -> None:
        current = self.progress().variant
        self.attempts.append(
            Attempt(
                "ann",
                FAMILY.qualified_id,
                "1",
                self.now(),
                "expression",
                status,
                float(status == "passed"),
                None,
                0,
                1.0,
                "x",
                variant=current,
            )
        )


def test_the_first_variant_is_the_learners_own():
    assert _Log().progress().variant == learner_variant("ann", "families/products", 0)
    assert learner_variant("ann", "families/products", 0) != learner_variant(
        "bob", "families/products", 0
    )


def test_a_variant_is_kept_until_its_tries_are_used_up():
    log = _Log()
    first = log.progress().variant
    for left in (2, 1):
        log.answer("wrong")
        assert log.progress().variant == first and log.progress().tries_left == left
    log.answer("error")
    assert log.progress().variant == first
    log.answer("wrong")
    assert log.progress().variant != first and log.progress().tries_left == 3


def test_solving_moves_on_and_three_in_a_row_is_mastery():
    log = _Log()
    seen = set()
    for _ in range(MASTERY):
        seen.add(log.progress().variant)
        assert not log.progress().mastered
        log.answer("passed")
    assert len(seen) == MASTERY and log.progress().mastered
    assert log.progress().variant not in seen


def test_giving_up_a_variant_breaks_the_streak():
    log = _Log()
    log.answer("passed")
    log.fresh.append(log.now())
    log.answer("passed")
    assert log.progress().in_a_row == 1 and log.progress().epoch == 3


def test_attempts_on_other_variants_do_not_count():
    log = _Log()
    first = log.progress().variant
    log.attempts.append(
        Attempt(
            "ann",
            FAMILY.qualified_id,
            "1",
            log.now(),
            "expression",
            "passed",
            1.0,
            None,
            0,
            1.0,
            "x",
            variant=first + 1,
        )
    )
    assert log.progress().variant == first
