"""One entry point for checking any answer: the CLI, the TUI and batch grading all use it.

The engine keeps the warm state (the code sandbox's worker pool, parsed exercise tables) so an
interactive check costs milliseconds; create one per process and ``close()`` it when done.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from exercises.model import Exercise
from grader.kinds import UnknownKind, kind_of
from grader.verdict import Isolation, Verdict, error_verdict

if TYPE_CHECKING:
    from grader.code.check import CodeGrader


class Engine:
    def __init__(
        self,
        *,
        timeout: float = 5.0,
        memory_mb: int = 1024,
        runs_at_once: int | None = None,
        protected: tuple[str, ...] = (),
    ):
        """``protected``: folders no learner run may see (the catalog's packs, the store's)."""
        self.timeout = timeout
        self.protected = protected
        self.memory_mb = memory_mb
        self.runs_at_once = runs_at_once
        """Code answers running at once, however many threads check (None: no limit)."""
        self._code: CodeGrader | None = None
        self._code_lock = threading.Lock()

    @property
    def isolation(self) -> Isolation:
        """Which confinement learner code runs under here (every verdict says it): the
        sandbox's own account once it runs, else what the machine offers."""
        if self._code is not None:
            return self._code.sandbox.isolation
        from grader.code.confine import probe

        return probe()

    def check(self, exercise: Exercise, answer: str, *, seed: int | None = None) -> Verdict:
        """Grade ``answer`` (source code for code exercises, text otherwise)."""
        start = time.perf_counter()
        try:
            kind = kind_of(exercise)
        except UnknownKind as error:
            verdict = error_verdict(exercise.qualified_id, str(error))
        else:
            verdict = kind.check(self, exercise, answer, seed=seed)
        elapsed = (time.perf_counter() - start) * 1000
        return replace(
            verdict, elapsed_ms=elapsed, isolation=self.isolation, variant=exercise.variant
        )

    def confinement(self) -> dict:
        """The code sandbox's account of its layers: ``level``, ``layers``, ``missing``."""
        return self.code_grader().sandbox.confinement()

    def start_code_sandbox(self) -> None:
        """Start the code sandbox now (its fork server imports numpy in the background), so
        the first code check does not wait for it."""
        self.code_grader()

    def code_grader(self) -> CodeGrader:
        """The code checker, its sandbox started on first use (``grader.kinds`` asks)."""
        with self._code_lock:  # batch grading checks from several threads at once
            if self._code is None:
                from grader.code.sandbox import Sandbox  # standard library only: starts at once

                sandbox = Sandbox(
                    memory_mb=self.memory_mb, at_once=self.runs_at_once, protected=self.protected
                )
                sandbox.start()  # its numpy import overlaps ours in grader.code.check
                from grader.code.check import CodeGrader

                self._code = CodeGrader(timeout=self.timeout, sandbox=sandbox)
            return self._code

    def close(self) -> None:
        if self._code is not None:
            self._code.close()
            self._code = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
