"""What the tutor's screens ask about a learner's study: statuses, streak, attempts, hints.

Screens never touch SQLite. They ask a ``Study``, which reads and writes the progress store
(``session.store``) and, when the store cannot be used (a broken file, a locked disk), keeps
this run's attempts in memory so the tutor still works; ``notice`` then says why nothing is
being saved.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from exercises.model import Exercise, Pack
from grader.verdict import Verdict

STATUSES = ("solved", "due", "attempted", "untouched")


@dataclass(frozen=True)
class Attempt:
    exercise: str
    status: str
    score: float
    mistake: str | None
    when: dt.datetime
    answer: str = ""
    variant: int | None = None


@dataclass
class _Memory:
    """This run's attempts and hints, used when no store is available."""

    attempts: list[Attempt] = field(default_factory=list)
    hints: dict[str, int] = field(default_factory=dict)
    fresh: dict[str, list[dt.datetime]] = field(default_factory=dict)
    """Exercise -> when a fresh variant of the family was asked for."""


class Study:
    def __init__(self, session: Any):
        self.session = session
        self.notice: str | None = None
        self._memory = _Memory()
        self._store = self._open_store()

    # -- the store, or memory ------------------------------------------------------------
    def _open_store(self) -> Any:
        try:
            return self.session.store
        except AttributeError:
            return None
        except Exception as error:  # StoreError and whatever a damaged file raises
            self.notice = f"Progress is not being saved: {error}"
            return None

    def _ask(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call the store; on failure remember why and answer from memory from now on."""
        if self._store is None:
            raise LookupError(method)
        try:
            return getattr(self._store, method)(*args, **kwargs)
        except Exception as error:
            self.notice = f"Progress is not being saved: {error}"
            self._store = None
            raise LookupError(method) from error

    @property
    def learner(self) -> str:
        return self.session.learner

    @property
    def saving(self) -> bool:
        return self._store is not None

    def switch_learner(self, name: str) -> None:
        self.session.learner = name
        self._memory = _Memory()

    def learners(self) -> list[str]:
        try:
            names = list(self._ask("learners"))
        except LookupError:
            names = []
        return sorted(set(names) | {self.learner})

    # -- recording -------------------------------------------------------------------------
    def record(self, exercise: Exercise, verdict: Verdict, answer: str, hints_used: int) -> None:
        self._memory.attempts.append(Attempt(
            exercise.qualified_id, verdict.status, verdict.score, verdict.mistake,
            dt.datetime.now(dt.timezone.utc), answer, verdict.variant))
        try:
            self._ask("record_verdict", self.learner, exercise, verdict, answer=answer,
                      hints_used=hints_used)
        except LookupError:
            pass  # kept in memory; the notice tells the learner

    def ask_fresh_variant(self, exercise: Exercise) -> None:
        """The learner gives up the family's current variant for a fresh one."""
        qid = exercise.qualified_id
        self._memory.fresh.setdefault(qid, []).append(dt.datetime.now(dt.timezone.utc))
        try:
            self._ask("ask_fresh_variant", self.learner, qid)
        except LookupError:
            pass

    def family_progress(self, exercise: Exercise):
        """The learner's ``tutor.variants.FamilyProgress`` on a family."""
        from tutor.progress.views import Attempt as Recorded
        from tutor.variants import family_progress

        qid = exercise.qualified_id
        try:
            attempts = list(self._ask("attempts", self.learner, qid))
            fresh = list(self._ask("fresh_variants", self.learner, qid))
        except LookupError:
            attempts = [Recorded(self.learner, qid, "", a.when, "expression", a.status, a.score,
                                 a.mistake, 0, 0.0, a.answer, variant=a.variant)
                        for a in self._mine(qid)]
            fresh = list(self._memory.fresh.get(qid, []))
        return family_progress(self.learner, exercise, attempts, fresh)

    def current_variant(self, exercise: Exercise) -> Exercise:
        """A family as the learner's current variant (any other exercise as it is)."""
        if exercise.family is None or exercise.variant is not None:
            return exercise
        from grader.family.variant import variant

        return variant(exercise, self.family_progress(exercise).variant)

    def record_hint(self, exercise: Exercise, shown: int) -> None:
        qid = exercise.qualified_id
        self._memory.hints[qid] = max(shown, self._memory.hints.get(qid, 0))
        try:
            self._ask("record_hint", self.learner, qid, shown)
        except LookupError:
            pass

    # -- reading ---------------------------------------------------------------------------
    def _mine(self, qid: str | None = None) -> list[Attempt]:
        return [a for a in self._memory.attempts if qid is None or a.exercise == qid]

    def statuses(self) -> dict[str, str]:
        """Status of every exercise the learner has touched (others are ``untouched``)."""
        try:
            return dict(self._ask("statuses", self.learner))
        except LookupError:
            pass
        out: dict[str, str] = {}
        for attempt in self._memory.attempts:
            if attempt.status == "passed":
                out[attempt.exercise] = "solved"
            else:
                out.setdefault(attempt.exercise, "attempted")
        return out

    def status(self, qid: str) -> str:
        return self.statuses().get(qid, "untouched")

    def solved(self, qid: str) -> bool:
        return self.status(qid) in ("solved", "due")

    def pack_completion(self, pack: Pack, statuses: dict[str, str] | None = None
                        ) -> tuple[int, int]:
        statuses = self.statuses() if statuses is None else statuses
        done = sum(statuses.get(e.qualified_id) in ("solved", "due") for e in pack.exercises)
        return done, len(pack.exercises)

    def hints_shown(self, qid: str) -> int:
        try:
            return int(self._ask("hints_shown", self.learner, qid))
        except LookupError:
            return self._memory.hints.get(qid, 0)

    def last_answer(self, qid: str) -> str | None:
        try:
            return self._ask("last_answer", self.learner, qid)
        except LookupError:
            mine = self._mine(qid)
            return mine[-1].answer if mine else None

    def recent_attempts(self, limit: int = 10) -> list[Attempt]:
        try:
            return list(self._ask("recent_attempts", self.learner, limit=limit))
        except LookupError:
            return list(reversed(self._memory.attempts))[:limit]

    def frequent_mistakes(self, limit: int = 5) -> list[tuple[str, int, str]]:
        """(mistake id, how often, the exercise where it was last made), most frequent first."""
        try:
            return [tuple(m) for m in self._ask("frequent_mistakes", self.learner, limit=limit)]
        except LookupError:
            pass
        counts = Counter(a.mistake for a in self._memory.attempts if a.mistake)
        last = {a.mistake: a.exercise for a in self._memory.attempts if a.mistake}
        return [(m, n, last[m]) for m, n in counts.most_common(limit)]

    def due_reviews(self) -> list[str]:
        try:
            return list(self._ask("due_reviews", self.learner))
        except LookupError:
            return []

    def activity(self, days: int = 30) -> list[int]:
        """Attempts per day over the last ``days`` days, oldest first."""
        try:
            return list(self._ask("activity", self.learner, days=days))
        except LookupError:
            pass
        today = dt.date.today()
        counts = [0] * days
        for attempt in self._memory.attempts:
            age = (today - attempt.when.date()).days
            if 0 <= age < days:
                counts[days - 1 - age] += 1
        return counts

    def streak(self) -> int:
        """Consecutive days, up to today, with at least one attempt."""
        try:
            return int(self._ask("streak", self.learner))
        except LookupError:
            return 1 if self._memory.attempts else 0
