"""Worker processes for the CPU-bound checks of batch grading (the kinds whose executor is
``process`` in ``grader.kinds``: expression answers).

Checking an expression is Python work (parsing, shape inference, numpy on small arrays, no
sympy): threads would serialise on the GIL, so a batch spreads these checks over worker
processes instead. Each worker is a plain
``python -m grader.checkpool`` child in its own session (a Ctrl-C at the terminal reaches only
the grader, which then stops its workers), and every request has a deadline: a check that
overruns it, or a worker that dies, costs that one submission a verdict and the worker is
replaced, so one pathological answer never stalls or poisons the rest of the class.

No learner code runs in these workers (expression answers are parsed, never executed); code
answers go through the sandbox of ``grader.code.check`` instead.
"""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

from exercises.model import Exercise
from grader.code.protocol import single_threaded_blas
from grader.verdict import Check, Verdict, error_verdict

SPARE_WORKER_AFTER = 0.5
"""Seconds a check waits for a busy worker before the pool starts another one."""
WARM_UP_ALLOWANCE = 3.0
"""Seconds a new worker has for its imports before checks kept waiting by it may start
another: a second worker importing the grader and numpy would only compete with the first for
the cores."""
WARM_IMPORTS = ("grader.engine", "grader.choice", "grader.expr.check")
"""Imported once when a worker starts (the grader and numpy), so the first check does not pay
for the imports."""


class CheckWorker:
    """One worker process and the pipes to it; used by one thread at a time."""

    def __init__(self, *, memory_mb: int):
        parent_read, child_write = os.pipe()
        child_read, parent_write = os.pipe()
        env = dict(os.environ)
        single_threaded_blas(env)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "grader.checkpool",
                str(child_read),
                str(child_write),
                str(memory_mb),
            ],
            pass_fds=(child_read, child_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        os.close(child_read)
        os.close(child_write)
        self._requests = Connection(parent_write, readable=False)
        self._replies = Connection(parent_read, writable=False)
        self.warm_by = time.monotonic() + WARM_UP_ALLOWANCE
        """Until its first answer: when it should have finished its imports at the latest."""

    def check(
        self, exercise: Exercise, answer: str, seed: int | None, deadline: float
    ) -> Verdict | None:
        """The verdict, or None when the worker died or overran ``deadline`` seconds
        (the worker is then unusable and must be closed)."""
        try:
            self._requests.send((exercise, answer, seed))
            if not self._replies.poll(deadline):
                return None
            reply = self._replies.recv()
        except (OSError, EOFError, pickle.PickleError):
            return None
        return reply if isinstance(reply, Verdict) else None

    def close(self) -> None:
        """Stop the worker at once; checks are stateless, so nothing is lost."""
        for conn in (self._requests, self._replies):
            conn.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class CheckPool:
    """Worker processes shared by the grading threads: a thread takes an idle worker, or starts
    one when all are busy, and gives it back after its check. Expression answers are usually a
    small share of a class and take a millisecond, so one or two workers serve every thread
    and a batch of code answers never starts any.
    """

    def __init__(self, *, deadline: float, memory_mb: int, max_workers: int | None = None):
        self.deadline = deadline
        self.memory_mb = memory_mb
        self.max_workers = max_workers
        self._idle: list[CheckWorker] = []
        self._workers: set[CheckWorker] = set()
        self._lock = threading.Condition()
        """Guards the lists; notified whenever a worker becomes idle or goes away."""
        self._closed = False

    def check(self, exercise: Exercise, answer: str, *, seed: int | None = None) -> Verdict:
        worker = self._take()
        verdict = worker.check(exercise, answer, seed, self.deadline)
        if verdict is not None:
            self._give_back(worker)
            return verdict
        overran = worker.process.poll() is None
        self._discard(worker)
        if overran:
            message = (
                f"checking this answer took longer than {self.deadline:g} s and was "
                "stopped; simplify the expression"
            )
            return Verdict(
                exercise.qualified_id,
                "timeout",
                0.0,
                message,
                checks=(Check("evaluate", False, message),),
            )
        return error_verdict(
            exercise.qualified_id,
            "the checker stopped while evaluating this answer (it may be far "
            "too large); simplify it and try again",
        )

    def start_worker(self) -> None:
        """Start one worker now (its imports take a few hundred milliseconds) when none
        exists, so the first check finds it ready."""
        with self._lock:
            if not self._closed and not self._workers:
                worker = CheckWorker(memory_mb=self.memory_mb)
                self._workers.add(worker)
                self._idle.append(worker)

    def _take(self) -> CheckWorker:
        """An idle worker; a new one when there is none at all, or when the busy ones have
        kept this thread waiting SPARE_WORKER_AFTER seconds (a slow check), none is still
        within its WARM_UP_ALLOWANCE, and there are fewer than ``max_workers``. Starting a
        worker costs far more than the millisecond checks it would take over from a busy one."""
        give_up_waiting: float | None = None
        with self._lock:
            while True:
                if self._closed:
                    raise RuntimeError("the check pool is closed")
                if self._idle:
                    return self._idle.pop()
                now = time.monotonic()
                room = self.max_workers is None or len(self._workers) < self.max_workers
                if give_up_waiting is None:
                    give_up_waiting = now + SPARE_WORKER_AFTER
                spare_due = max([give_up_waiting] + [w.warm_by for w in self._workers])
                if not self._workers or (room and now >= spare_due):
                    worker = CheckWorker(memory_mb=self.memory_mb)
                    self._workers.add(worker)
                    return worker
                self._lock.wait(spare_due - now if room else None)

    def _give_back(self, worker: CheckWorker) -> None:
        with self._lock:
            worker.warm_by = 0.0  # it has answered: its imports are done
            if worker in self._workers:  # not when the pool was closed meanwhile
                self._idle.append(worker)
                self._lock.notify()

    def _discard(self, worker: CheckWorker) -> None:
        with self._lock:
            self._workers.discard(worker)
            self._lock.notify()
        worker.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers, self._idle = self._workers, set(), []
            self._lock.notify_all()
        for worker in workers:
            worker.close()


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space above what the warm imports already use, so a runaway
    evaluation raises MemoryError (a verdict) instead of swapping the machine."""
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = used + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(read_fd: int, write_fd: int, memory_mb: int) -> None:
    import importlib

    for name in WARM_IMPORTS:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
    from grader.engine import Engine

    if os.path.exists("/proc/self/statm"):
        _limit_memory(memory_mb)
    requests = Connection(read_fd, writable=False)
    replies = Connection(write_fd, readable=False)
    engine = Engine()
    while True:
        try:
            exercise, answer, seed = requests.recv()
        except EOFError:
            return
        try:
            verdict = engine.check(exercise, answer, seed=seed)
        except MemoryError:
            message = "checking this answer needed too much memory; simplify the expression"
            verdict = Verdict(
                exercise.qualified_id,
                "resource-limit",
                0.0,
                message,
                checks=(Check("evaluate", False, message),),
            )
        except Exception as error:  # a checker bug must cost one verdict, not the batch
            verdict = error_verdict(
                exercise.qualified_id,
                f"internal error while checking: {type(error).__name__}: {error}",
            )
        replies.send(verdict)


if __name__ == "__main__":
    _serve(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
