"""Batch grading: folders of submissions in, one verdict per file out, in parallel.

Files are found and ordered by path (so the same folder and seed give the same report), each
is attributed to a learner and an exercise by the rules of DESIGN.md ("Submission files"), and
graded in parallel (``jobs`` at a time): code answers in the sandbox of
``grader.code.check`` (a fresh isolated worker per submission), expression answers in the
worker processes of ``grader.checkpool`` (checking is CPU-bound Python, so threads alone would
serialise on the GIL), and choice answers (a key lookup) right on the thread; each kind says
which (``grader.kinds``).
Verdicts are yielded as they complete, so a caller can report progress, record them, and write
what is done when the run is interrupted. A file that cannot be graded (no exercise named,
unknown exercise, unreadable, wrong kind of file) gets an ``error`` verdict, never an exception.
"""

from __future__ import annotations

import os
import queue
import secrets
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from exercises.loader import Catalog, UnknownExercise
from exercises.model import Exercise
from grader.archive import ArchiveError, unpack
from grader.checkpool import CheckPool
from grader.identity import LearnerRule, Placement, looks_like_flat_export
from grader.kinds import KINDS, Executor, kind_of
from grader.similarity import Answer
from grader.submission import Submission, SubmissionError, answer_for, read_submission
from grader.verdict import Isolation, Verdict, error_verdict

SKIPPED_DIRS = frozenset({"__pycache__", "node_modules"})
SKIPPED_SUFFIXES = frozenset({".pyc", ".pyo"})
EXPRESSION_DEADLINE_FLOOR = 30.0
"""Seconds an expression check may take at least: --timeout is about learner code, and a cold
check (a new worker's imports) on a loaded machine can take a few seconds without anything
being wrong."""


class BatchUsageError(Exception):
    """The batch cannot start (nothing to grade, a path that does not exist)."""


@dataclass(frozen=True)
class Item:
    """One file to grade, as found on disk."""

    path: Path
    shown: str
    """The path as the instructor would write it: the argument joined with the relative path."""
    place: Placement = Placement("")
    """Where it was found, for the learner rules (``grader.identity``)."""
    walked: bool = False
    """Found by walking a folder (not named directly): a file there that names no exercise is
    skipped, not graded."""


@dataclass(frozen=True)
class Job:
    """An item resolved to what to grade: exercise, learner and answer, or why it cannot be."""

    index: int
    item: Item
    learner: str
    exercise_id: str
    exercise: Exercise | None = None
    answer: str = ""
    problem: str | None = None
    skipped: str | None = None
    """Why a walked file is left out of the grades (it is no answer to anything)."""
    warning: str | None = None
    """A learner rule that overruled the file's own header."""
    source: str = ""
    part: int = 0
    """Which of the file's exercises this is (a notebook may answer several)."""
    annotate: Callable[[Verdict], Verdict] = lambda verdict: verdict
    """Puts the verdict in the submission's terms (a notebook's cells and notes)."""

    def verdict_for_problem(self) -> Verdict:
        return self.annotate(error_verdict(self.exercise_id, self.problem or "cannot be graded"))


def discover(paths: Iterable[str | Path], *, unpack_into: Path | None = None) -> list[Item]:
    """Every submission file under ``paths``, sorted by the path shown to the instructor.

    Folders are walked recursively; hidden files and folders, caches and bytecode are skipped.
    A file given directly is always graded, whatever its name. A file reached twice (named
    twice, or through a symbolic link) is graded once. A ``.zip`` is unpacked safely into
    ``unpack_into`` (``grader.archive``) and read as the folder it holds.
    """
    found: dict[str, Item] = {}
    for number, raw in enumerate(paths):
        given = Path(raw)
        if given.is_file() and given.suffix.lower() == ".zip" and unpack_into is not None:
            try:
                top = unpack(given, unpack_into / str(number))
            except ArchiveError as error:
                raise BatchUsageError(str(error)) from None
            _add_folder(found, str(top), str(given))
        elif given.is_file():
            place = Placement(given.name, source=str(given.parent))
            found.setdefault(os.path.realpath(given), Item(given, str(given), place))
        elif given.is_dir():
            _add_folder(found, str(given), str(given))
        else:
            raise BatchUsageError(f"{raw}: no such file or folder")
    if not found:
        shown = ", ".join(str(p) for p in paths) or "(no paths)"
        raise BatchUsageError(f"no submission files found in {shown}")
    return sorted(found.values(), key=lambda item: item.shown)


def _add_folder(found: dict[str, Item], top: str, shown_top: str) -> None:
    """The files under the folder ``top``, shown below ``shown_top``: a class folder (learner
    folders inside) or, when every file sits directly in it, one learner's folder."""
    real_top = os.path.realpath(top)
    entries = [(entry, entry.path[len(top) :].lstrip(os.sep)) for entry in _walk(top)]
    flat = all(os.sep not in rel for _, rel in entries)
    export = flat and looks_like_flat_export([rel for _, rel in entries])
    folder_name = Path(os.path.abspath(shown_top)).name
    if Path(shown_top).suffix.lower() == ".zip":
        folder_name = Path(shown_top).stem
    for entry, rel in entries:
        learner, _, rest = rel.partition(os.sep)
        if flat and not export:
            place = Placement(rel, learner_folder=folder_name, source=shown_top)
        elif rest:
            place = Placement(
                rel.replace(os.sep, "/"),
                folder_learner=learner,
                source=os.path.join(shown_top, learner),
            )
        else:
            place = Placement(rel, flat_export=export, source=shown_top)
        key = (
            os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real_top, rel)
        )  # no system call per file
        found.setdefault(
            key, Item(Path(entry.path), os.path.join(shown_top, rel), place, walked=True)
        )


def _walk(top: str) -> Iterator[os.DirEntry]:
    """The files under ``top``; like ``os.walk``, linked folders are not entered and folders
    that cannot be read are passed over."""
    folders = [top]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIPPED_DIRS:
                    folders.append(entry.path)
            elif not entry.is_dir() and Path(entry.name).suffix not in SKIPPED_SUFFIXES:
                yield entry


def resolve(
    index: int,
    item: Item,
    catalog: Catalog,
    exercise_override: str | None = None,
    learner_rule: LearnerRule = LearnerRule(),
    assignment: str | None = None,
) -> list[Job]:
    """Attribute ``item`` to a learner (``grader.identity``) and to the exercises it answers
    (DESIGN.md, "Submission files"): ``exercise_override`` (``--exercise``), else the file's
    header; a notebook may answer several exercises, one job each. With an ``assignment``
    key, a family is graded as the variant the key gives the learner, never as the one the
    file names (``grader.family.numbering.assigned_variant``)."""
    try:
        submission = read_submission(item.path)
    except SubmissionError as error:
        who = learner_rule.identify(item.place, item.shown, None)
        return [
            Job(
                index,
                item,
                who.learner,
                exercise_override or "",
                problem=str(error),
                source=who.source,
            )
        ]
    who = learner_rule.identify(item.place, item.shown, submission.learner)
    job = partial(Job, index, item, who.learner, warning=who.warning, source=who.source)
    exercise_ids = (exercise_override,) if exercise_override else submission.exercises
    if not exercise_ids:
        if item.walked:
            return [job("", skipped="names no exercise")]
        return [
            job(
                "",
                problem=(
                    "names no exercise: add a '# exercise: PACK/ID' line at the top, or grade with "
                    "--exercise"
                ),
            )
        ]
    return [
        _job(
            replace(job(exercise_id), part=part),
            submission,
            catalog,
            bool(exercise_override),
            assignment,
        )
        for part, exercise_id in enumerate(exercise_ids)
    ]


def _job(
    job: Job,
    submission: Submission,
    catalog: Catalog,
    overridden: bool,
    assignment: str | None = None,
) -> Job:
    try:
        exercise = catalog.lookup(job.exercise_id)
    except UnknownExercise as error:
        return replace(job, problem=str(error))
    answer = answer_for(submission, exercise)
    if assignment is not None and exercise.family is not None:
        exercise, problem = _assigned(exercise, job.learner, answer.variant, assignment)
    else:
        exercise, problem = answer.exercise_for(exercise)
    if problem is not None:
        return replace(job, exercise=exercise, problem=problem)
    if (
        answer.problem is not None
        and job.item.walked
        and overridden
        and kind_of(exercise).takes_code
        and not submission.is_code
    ):
        return replace(job, exercise=exercise, skipped=f"not code for {job.exercise_id}")
    return replace(
        job, exercise=exercise, answer=answer.text, problem=answer.problem, annotate=answer.annotate
    )


def _assigned(
    exercise: Exercise, learner: str, named: str | None, assignment: str
) -> tuple[Exercise, str | None]:
    """The learner's assigned variant of the family, or why this file does not answer it
    (``named``: the variant the file names, by a header or a notebook's ``variant=``)."""
    from grader.family.numbering import assigned_variant
    from grader.family.variant import as_variant

    mine = assigned_variant(learner, exercise.qualified_id, assignment)
    if named is not None and named.strip() != str(mine):
        return exercise, (
            f"this file answers variant {named.strip()} of {exercise.qualified_id}, but "
            f"{learner}'s variant in this assignment is {mine}: start it with "
            f"`backprop-tutor start {exercise.qualified_id} --variant {mine}`"
        )
    return as_variant(exercise, mine), None


@dataclass(frozen=True)
class Graded:
    """A finished job: its verdict already carries the submission path and learner;
    ``answer`` is what the identical-submission groups compare (none for an option key: one
    letter, and everyone who is right has "the same" one)."""

    job: Job
    verdict: Verdict
    answer: Answer | None = None


class BatchGrader:
    """Grades ``jobs`` answers at a time: ``jobs`` + 1 learner programs at once (the extra one
    covers the moment between one run and the next) and up to ``jobs`` expression workers;
    use as a context manager so workers are always stopped.

    ``engine`` is the code-checking engine shared by the threads (``grader.engine.Engine`` or
    anything with its ``check``/``start_code_sandbox``/``close`` and ``isolation``); created
    when code answers are to be graded.
    """

    def __init__(
        self,
        *,
        jobs: int | None = None,
        timeout: float = 5.0,
        memory_mb: int = 1024,
        seed: int | None = None,
        engine=None,
    ):
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.seed = secrets.randbits(31) if seed is None else seed
        """Every submission of an exercise is tried on the same draw: fair across the class,
        reproducible with this seed, and the reference runs once per exercise, not per file."""
        self._engine = engine
        self._engine_lock = threading.Lock()
        self._pool = CheckPool(
            deadline=max(timeout, EXPRESSION_DEADLINE_FLOOR),
            memory_mb=memory_mb,
            max_workers=self.jobs,
        )
        self._runs_at_once = self.jobs + 1
        """Learner programs running at once: one more than ``jobs``, so that the cores stay busy
        while a finished run is judged and the next one is forked (measured: 2 cores went from
        ~88 % to ~98 % busy, 13 % less wall time for a class)."""
        # Twice as many threads as runs at once: while one thread judges a result (compares,
        # diagnoses), another has its submission running already.
        self._executor = ThreadPoolExecutor(2 * self._runs_at_once, thread_name_prefix="grade")
        # Expression answers have their own threads, one per check worker: waiting for a check
        # worker (its imports, a slow check) never holds a thread that code answers need.
        self._expression_executor = ThreadPoolExecutor(
            self.jobs, thread_name_prefix="grade-expression"
        )

    def grade(self, jobs: Iterable[Job]) -> Generator[Graded, None, None]:
        """Yield each job's result as soon as it is done (completion order, not job order).

        ``jobs`` may be lazy (files resolved as they are read): grading starts with the first.
        Closing the iterator early (an interrupt) cancels what has not started.
        """
        done: queue.SimpleQueue[Future] = queue.SimpleQueue()
        futures: list[Future] = []
        for job in jobs:
            where = _executor(job)
            if where == "sandbox":  # started once; usually already running (start_code_sandbox)
                self.start_code_sandbox()
            elif where == "process":  # its imports overlap the code answers' grading
                self._pool.start_worker()
            executor = self._expression_executor if where == "process" else self._executor
            future = executor.submit(self._grade_one, job)
            future.add_done_callback(done.put)
            futures.append(future)
        pending = len(futures)
        try:
            while pending:
                yield done.get().result()
                pending -= 1
        finally:
            for future in futures:
                future.cancel()

    def start_code_sandbox(self) -> None:
        """Start the code sandbox's fork server now; it starts on its own otherwise. A caller
        that still has files to read calls this first, so numpy's import in the server
        overlaps that work instead of delaying the first check."""
        self._code_engine().start_code_sandbox()

    def _grade_one(self, job: Job) -> Graded:
        start = time.perf_counter()
        if job.problem is not None or job.exercise is None:
            verdict = job.verdict_for_problem()
        else:
            try:
                kind = kind_of(job.exercise)
                if kind.executor == "process":
                    verdict = self._pool.check(job.exercise, job.answer, seed=self.seed)
                elif kind.executor == "sandbox":
                    verdict = self._code_engine().check(job.exercise, job.answer, seed=self.seed)
                else:
                    verdict = kind.check(
                        self._code_engine(), job.exercise, job.answer, seed=self.seed
                    )
                verdict = job.annotate(verdict)
            except Exception as error:  # a grader bug must cost one verdict, not the batch
                verdict = error_verdict(
                    job.exercise_id,
                    f"internal error while checking: {type(error).__name__}: {error}",
                )
        if not verdict.elapsed_ms:
            verdict = replace(verdict, elapsed_ms=(time.perf_counter() - start) * 1000)
        verdict = replace(verdict, isolation=self.isolation)
        answer = None
        if job.answer and job.exercise is not None and kind_of(job.exercise).compared:
            answer = Answer(
                job.exercise_id,
                job.learner,
                job.item.shown,
                job.answer,
                kind_of(job.exercise).takes_code,
            )
        return Graded(
            job, verdict.with_context(submission=job.item.shown, learner=job.learner), answer
        )

    @property
    def isolation(self) -> Isolation:
        """The level every verdict of this batch says (the code sandbox's once it runs)."""
        with self._engine_lock:
            engine = self._engine
        if engine is not None:
            return engine.isolation
        from grader.code.confine import probe

        return probe()

    def confinement(self) -> dict:
        """The code sandbox's own account of its layers (it is started for this)."""
        return self._code_engine().confinement()

    def _code_engine(self):
        with self._engine_lock:
            if self._engine is None:
                from grader.engine import Engine

                self._engine = Engine(
                    timeout=self.timeout, memory_mb=self.memory_mb, runs_at_once=self._runs_at_once
                )
            return self._engine

    def close(self) -> None:
        """Cancel what has not started, stop every worker and wait for the threads."""
        executors = (self._executor, self._expression_executor)
        for executor in executors:
            executor.shutdown(wait=False, cancel_futures=True)
        self._pool.close()
        with self._engine_lock:
            if self._engine is not None:
                self._engine.close()
        for executor in executors:
            executor.shutdown(wait=True)

    def __enter__(self) -> BatchGrader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _executor(job: Job) -> Executor | None:
    """Where ``job`` is checked (``grader.kinds``); None when it cannot be graded."""
    if job.problem is not None or job.exercise is None or job.exercise.kind not in KINDS:
        return None
    return kind_of(job.exercise).executor


def ordered(results: Iterable[Graded]) -> list[Verdict]:
    """Verdicts in job order (sorted by path), whatever order they completed in."""
    return [g.verdict for g in sorted(results, key=lambda g: (g.job.index, g.job.part))]
