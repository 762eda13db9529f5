"""What the tutor's screens ask about a learner's study: statuses, streak, attempts, hints.

Screens never touch SQLite. They ask a ``Study``, which reads and writes the progress store
(``session.store``). When that store cannot be used (a broken file, a locked disk, a store
that turns read-only mid-session), the study goes on in a ``ProgressStore`` in memory, the
same class over SQLite's ``:memory:``, holding this run's attempts and hints; ``notice`` then
says why nothing is being saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from exercises.model import Exercise, Pack
from grader.verdict import Verdict
from tutor.progress.store import ProgressStore, StoreError
from tutor.progress.views import Attempt, Completion, Mistake, completion
from tutor.session import Session
from tutor.variants import FamilyProgress, family_progress

T = TypeVar("T")
Write = Callable[[ProgressStore], object]


class Study:
    def __init__(self, session: Session):
        self.session = session
        self.notice: str | None = None
        self._writes: list[Write] = []
        """This run's writes, replayed into the in-memory store if the real one fails."""
        self.store = self._open_store()

    # -- the store, or memory ------------------------------------------------------------
    def _open_store(self) -> ProgressStore:
        try:
            return self.session.store
        except StoreError as error:
            return self._in_memory(error)

    def _in_memory(self, error: StoreError) -> ProgressStore:
        self.notice = f"Progress is not being saved: {error}"
        store = ProgressStore.in_memory()
        for write in self._writes:
            write(store)
        return store

    def _ask(self, question: Callable[[ProgressStore], T]) -> T:
        """Ask the store; when it fails, say why and ask the in-memory store from now on."""
        try:
            return question(self.store)
        except StoreError as error:
            if self.store.in_memory_only:
                raise
            self.store = self._in_memory(error)
            return question(self.store)

    def _write(self, write: Write) -> None:
        self._writes.append(write)
        try:
            write(self.store)
        except StoreError as error:
            if self.store.in_memory_only:
                raise
            self.store = self._in_memory(error)  # replays every write, this one included

    @property
    def learner(self) -> str:
        return self.session.learner

    @property
    def saving(self) -> bool:
        return not self.store.in_memory_only

    def switch_learner(self, name: str) -> None:
        self.session.learner = name

    def learners(self) -> list[str]:
        return sorted(set(self._ask(lambda store: store.learners())) | {self.learner})

    # -- recording -------------------------------------------------------------------------
    def record(self, exercise: Exercise, verdict: Verdict, answer: str, hints_used: int) -> None:
        learner, when = self.learner, dt.datetime.now(dt.UTC)
        self._write(
            lambda store: store.record_verdict(
                learner, exercise, verdict, answer=answer, hints_used=hints_used, when=when
            )
        )

    def ask_fresh_variant(self, exercise: Exercise) -> None:
        """The learner gives up the family's current variant for a fresh one."""
        learner, qid, when = self.learner, exercise.qualified_id, dt.datetime.now(dt.UTC)
        self._write(lambda store: store.ask_fresh_variant(learner, qid, when))

    def family_progress(self, exercise: Exercise) -> FamilyProgress:
        """The learner's variant of a family, its tries left and the mastery streak."""
        qid = exercise.qualified_id
        attempts = self._ask(lambda store: store.attempts(self.learner, qid))
        fresh = self._ask(lambda store: store.fresh_variants(self.learner, qid))
        return family_progress(self.learner, exercise, attempts, fresh)

    def current_variant(self, exercise: Exercise) -> Exercise:
        """A family as the learner's current variant (any other exercise as it is)."""
        if exercise.family is None or exercise.variant is not None:
            return exercise
        from grader.family.variant import variant

        return variant(exercise, self.family_progress(exercise).variant)

    def record_hint(self, exercise: Exercise, shown: int) -> None:
        learner, qid = self.learner, exercise.qualified_id
        self._write(lambda store: store.record_hint(learner, qid, shown))

    # -- reading ---------------------------------------------------------------------------
    def statuses(self) -> dict[str, str]:
        """Status of every exercise the learner has touched (others are ``untouched``)."""
        return self._ask(lambda store: store.statuses(self.learner))

    def status(self, qid: str) -> str:
        return self.statuses().get(qid, "untouched")

    def solved(self, qid: str) -> bool:
        return self.status(qid) in ("solved", "due")

    def pack_completion(self, pack: Pack, statuses: dict[str, str] | None = None) -> Completion:
        """Solved exercises of ``pack``, from ``statuses`` when the caller has them already."""
        return completion(pack, self.statuses() if statuses is None else statuses)

    def hints_shown(self, qid: str) -> int:
        return self._ask(lambda store: store.hints_shown(self.learner, qid))

    def last_answer(self, qid: str) -> str | None:
        return self._ask(lambda store: store.last_answer(self.learner, qid))

    def recent_attempts(self, limit: int = 10) -> list[Attempt]:
        return self._ask(lambda store: store.recent_attempts(self.learner, limit=limit))

    def frequent_mistakes(self, limit: int = 5) -> list[Mistake]:
        """(mistake id, how often, the exercise where it was last made), most frequent first."""
        return self._ask(lambda store: store.frequent_mistakes(self.learner, limit=limit))

    def due_reviews(self) -> list[str]:
        return self._ask(lambda store: store.due_reviews(self.learner))

    def activity(self, days: int = 30) -> list[int]:
        """Attempts per day over the last ``days`` days, oldest first."""
        return self._ask(lambda store: store.activity(self.learner, days=days))

    def streak(self) -> int:
        """Consecutive days, up to today, with at least one attempt."""
        return self._ask(lambda store: store.streak(self.learner))
