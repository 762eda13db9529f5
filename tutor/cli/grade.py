"""``backprop-tutor grade``: grade a whole class's submissions at once (DESIGN.md).

The command is the edge where side effects live: it finds the files (``grader.batch``), shows
progress on stderr, records verdicts when asked, and writes one report (``grader.report``).
Output is rendered from the verdicts in memory and written in one go (a file through a
temporary file and a rename), so a report is always a whole, valid document: when the run is
interrupted (Ctrl-C), it holds every submission graded so far and the command exits 130.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from exercises.loader import UnknownExercise
from grader.batch import BatchGrader, BatchUsageError, Graded, Job, discover, ordered, resolve
from grader.code.protocol import single_threaded_blas
from grader.identity import LearnerRule, LearnerRuleError, merge_warnings
from grader.report import WRITERS, Summary, summarize, summary_text
from grader.verdict import Verdict
from tutor.cli.context import session_of
from tutor.cli.output_file import output_target

FORMATS = tuple(WRITERS)
EXIT_INTERRUPTED = 130


@click.command("grade")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--exercise",
    help="Grade every file as an answer to this PACK/ID "
    "(default: each file's '# exercise:' header).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Submissions graded at once [default: number of cores].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=5.0,
    show_default=True,
    help="Seconds each run of learner code may take.",
)
@click.option("--seed", type=int, help="Seed for the random trials (same seed, same results).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="table (default), json, csv (one row per learner and exercise), csv-wide "
    "(one row per learner, one column per exercise, for LMS import), junit "
    "(CI autograding), gradescope (results.json), html (a class report).",
)
@click.option(
    "--learner-from",
    "learner_from",
    metavar="folder|header|stem|canvas|PATTERN",
    help="How files are attributed to learners when the default rules do not fit "
    "(docs/grading.md): the folder, the '# learner:' header, the file name, a "
    "Canvas export, or a regular expression whose group 'learner' is searched "
    "in the path.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of stdout.",
)
@click.option(
    "--record", is_flag=True, help="Record each verdict in the progress store under its learner."
)
@click.option(
    "--assignment",
    metavar="KEY",
    help="Grade each family answer as the variant this assignment's key gives its learner "
    "(list them with `backprop-tutor assign`), whatever variant the file names.",
)
@click.option(
    "--require-isolation",
    is_flag=True,
    help="Refuse to grade (exit 2) unless "
    "learner code runs under the kernel's confinement (docs/grading.md).",
)
@click.pass_context
def grade_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    exercise: str | None,
    jobs: int | None,
    timeout: float,
    seed: int | None,
    fmt: str | None,
    output: Path | None,
    record: bool,
    require_isolation: bool,
    learner_from: str | None,
    assignment: str | None,
) -> None:
    """Grade every submission in PATH... (files, folders walked recursively, or .zip files
    of submissions as an LMS downloads them).

    In a class folder ROOT/LEARNER/... the folder names the learner, always; a folder whose
    files sit directly in it is one learner's; a file given directly is named by its
    '# learner:' header, else its file name (docs/grading.md). Code (.py) and expression
    answers may be mixed in one run. Exit code 0 when every submission passed, 1 when at least
    one did not, 130 when interrupted (the report then holds what was graded so far).
    """
    try:
        rule = LearnerRule.parse(learner_from)
    except LearnerRuleError as error:
        raise click.BadParameter(str(error), param_hint="--learner-from") from None
    # Set before numpy is first imported (by the engine, below); an explicit setting is kept.
    single_threaded_blas(os.environ, keep_set=True)
    session = session_of(ctx)
    start = time.perf_counter()
    grader = BatchGrader(jobs=jobs, timeout=timeout, seed=seed)
    # Classes are mostly code: the sandbox's server imports numpy while the packs and the
    # files are read here (a batch without code answers only stops it again).
    grader.start_code_sandbox()
    try:
        if require_isolation:
            account = grader.confinement()
            if account["level"] != "kernel":
                raise click.UsageError(
                    "--require-isolation: learner code would run with process-level "
                    f"protection only here ({'; '.join(account['missing'])}); see "
                    "docs/grading.md for what the kernel level needs"
                )
        for problem in session.catalog.problems:
            click.echo(f"warning: {problem}", err=True)
        if exercise is not None:
            try:
                session.catalog.lookup(exercise)
            except UnknownExercise as error:
                raise click.BadParameter(str(error), param_hint="--exercise") from None
        unpacked = ctx.with_resource(tempfile.TemporaryDirectory(prefix="backprop-grade-"))
        try:
            items = discover(paths, unpack_into=Path(unpacked))
        except BatchUsageError as error:
            raise click.UsageError(str(error)) from None
        fmt = fmt or "table"
        with _report_target(output) as target, _interruptible():
            store = _open_store(session) if record else None
            triage = _Triage()
            batch = triage.sort(
                job
                for i, item in enumerate(items)  # read while grading
                for job in resolve(i, item, session.catalog, exercise, rule, assignment)
            )
            results, interrupted = _grade_all(grader, batch, len(items), store)
            verdicts = ordered(results)
            summary = summarize(
                verdicts,
                time.perf_counter() - start,
                seed=grader.seed,
                packs=_packs(results),
                isolation=grader.isolation,
                answers=[g.answer for g in results if g.answer],
                skipped=triage.skipped,
                warnings=triage.warnings(results),
            )
            _write_report(target, fmt, verdicts, summary)
            if fmt == "gradescope" and summary.learners > 1:
                click.echo(
                    f"warning: this results.json mixes {summary.learners} learners; "
                    "Gradescope expects one student's: build an autograder with "
                    "`backprop-tutor gradescope`",
                    err=True,
                )
    finally:
        grader.close()  # already closed after grading; this covers a failure before it
    if interrupted:
        click.echo(
            f"Interrupted: the report holds the {len(verdicts)} of {len(items)} "
            "submissions graded so far.",
            err=True,
        )
        ctx.exit(EXIT_INTERRUPTED)
    ctx.exit(0 if summary.passed == summary.total else 1)


class _Triage:
    """Sets aside walked files that answer nothing and collects the learner warnings."""

    def __init__(self) -> None:
        self.skipped: list[tuple[str, str]] = []
        self._warnings: list[str] = []

    def sort(self, jobs: Iterable[Job]) -> Iterator[Job]:
        for job in jobs:
            if job.warning:
                self._warnings.append(job.warning)
            if job.skipped:
                self.skipped.append((job.item.shown, job.skipped))
            else:
                yield job

    def warnings(self, results: Iterable[Graded]) -> list[str]:
        sources: dict[str, set[str]] = {}
        for graded in results:
            sources.setdefault(graded.job.learner, set()).add(graded.job.source)
        return sorted(self._warnings) + merge_warnings(sources)


def _packs(results: Iterable[Graded]) -> dict[str, str]:
    return {
        g.job.exercise.pack: g.job.exercise.pack_version
        for g in results
        if g.job.exercise is not None
    }


def _grade_all(
    grader: BatchGrader, batch: Iterable[Job], total: int, store
) -> tuple[list[Graded], bool]:
    """Grade with a progress bar; a Ctrl-C stops the run and keeps what is done.
    The grader is closed on the way out."""
    results: list[Graded] = []
    interrupted = False
    try:
        with _progress(total) as advance:
            stream = grader.grade(batch)
            try:
                for graded in stream:
                    if store is not None and graded.job.exercise is not None:
                        _record(store, graded)
                    results.append(graded)
                    advance(graded.verdict)
            except KeyboardInterrupt:
                interrupted = True
            finally:
                stream.close()
    finally:
        _ignore_interrupts()
        grader.close()
    return results, interrupted


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _ignore_interrupts() -> None:
    """A second Ctrl-C while the workers stop and the report is written must not cut it."""
    if _in_main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)


@contextmanager
def _interruptible() -> Iterator[None]:
    """SIGTERM (a cancelled CI job) stops the run like Ctrl-C: the report keeps what is done.
    Once grading stops, both are ignored until the report is written, then restored."""
    if not _in_main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _record(store, graded: Graded) -> None:
    """Once per (learner, exercise, answer, pack version): a run again records nothing new,
    a run after a pack update records a regrade (``ProgressStore.record_graded``)."""
    job = graded.job
    try:
        store.record_graded(job.learner, job.exercise, graded.verdict, job.answer)
    except Exception as error:  # the store's own errors; grading goes on, the user is told
        raise click.ClickException(f"cannot record in the progress store: {error}") from error


def _open_store(session):
    """The progress store, opened before any grading so a bad store costs nothing."""
    try:
        return session.store
    except AttributeError:
        raise click.UsageError("--record: this installation has no progress store") from None
    except Exception as error:  # sqlite3, OSError, the store's own migration errors
        raise click.UsageError(
            f"--record: cannot open the progress store {session.db_path}: {error}"
        ) from None


@contextmanager
def _progress(total: int) -> Iterator:
    """A progress bar on stderr for a person at a terminal; nothing when stderr is piped."""
    if not sys.stderr.isatty():
        yield lambda verdict: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("grading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[passed]} passed"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("grade", total=total, passed=0)
    passed = 0

    def advance(verdict: Verdict) -> None:
        nonlocal passed
        passed += verdict.passed
        progress.update(task, advance=1, passed=passed)

    with progress:
        yield advance


@contextmanager
def _report_target(output: Path | None) -> Iterator[Path | None]:
    if output is None:
        yield None
        return
    with output_target(output) as target:
        yield target


def _write_report(target: Path | None, fmt: str, verdicts: list[Verdict], summary: Summary) -> None:
    if target is None and fmt == "table" and sys.stdout.isatty():
        _print_rich_table(verdicts, summary)
        return
    text = WRITERS[fmt](verdicts, summary)
    if target is None:
        click.echo(text, nl=False)
    else:
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    if fmt != "table" or target is not None:
        click.echo(summary_text(summary), err=True)


def _print_rich_table(verdicts: list[Verdict], summary: Summary) -> None:
    from rich.console import Console

    from tutor.cli.grade_table import fitted_table

    console = Console()
    console.print(fitted_table(verdicts, console.width))
    console.print(summary_text(summary), highlight=False, markup=False)
