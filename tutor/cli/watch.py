"""`backprop-tutor watch [DIR]`: re-check starter files each time the learner saves one.

Like rustlings: the learner keeps their own editor open, and this terminal shows the verdict
of whichever starter file (``# exercise: PACK/ID`` header, written by ``start``) was saved
last; a notebook is checked for each exercise it names, and only when the code that is run
changed (Jupyter saves outputs and execution counts all the time). One engine stays warm for
the whole session, and every check is recorded.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import click

from exercises.loader import UnknownExercise
from grader.kinds import submission_suffixes
from grader.submission import SubmissionError, answer_for, read_submission
from tutor.cli.context import session_of

if TYPE_CHECKING:
    from grader.engine import Engine
    from tutor.session import Session


def is_candidate(path: Path, top: Path | None = None) -> bool:
    """A file that may be a starter: not hidden, nor inside a hidden folder below ``top``
    (Jupyter's ``.ipynb_checkpoints`` copies)."""
    parts: tuple[str, ...] = (path.name,)
    if top is not None:  # watchfiles reports absolute paths, DIR may be relative
        path, top = path.absolute(), top.absolute()
        parts = path.relative_to(top).parts if path.is_relative_to(top) else parts
    return path.suffix in submission_suffixes() and not any(part.startswith(".") for part in parts)


class Watcher:
    """Checks saved files; remembers each file's last content so a double save checks once."""

    def __init__(self, session: Session, engine: Engine, *, colour: bool = False):
        from tutor.study import Study

        self.session = session
        self.engine = engine
        self.study = Study(session)
        self.colour = colour
        self._seen: dict[tuple[Path, str], str] = {}

    def check_file(self, path: Path) -> str | None:
        """The text to print for a saved file, or None when it is not a starter file."""
        try:
            submission = read_submission(path)
        except SubmissionError as error:
            return f"{path.name}: {error}" if path.exists() else None
        if not submission.exercises:
            return None
        checked = (self._check_one(path, submission, qid) for qid in submission.exercises)
        reports = [r for r in checked if r]
        return "\n".join(reports) if reports else None

    def _check_one(self, path: Path, submission, qid: str) -> str | None:
        from tutor.cli.verdict_text import format_verdict

        try:
            exercise = self.session.catalog.lookup(qid)
        except UnknownExercise as error:
            return f"{path.name}: {error}"
        answer = answer_for(submission, exercise)
        if exercise.family is not None and answer.variant is None:
            from grader.family.variant import as_variant
            from tutor.variants import current_progress

            exercise = as_variant(exercise, current_progress(self.session, exercise).variant)
        digest = hashlib.sha256((answer.problem or answer.text).encode()).hexdigest()
        if self._seen.get((path, qid)) == digest:
            return None
        self._seen[(path, qid)] = digest
        if answer.wrong_kind:
            return f"{path.name}: {answer.problem}"
        if not submission.text.strip():
            return f"{path.name}: no answer yet (lines starting with # are ignored)"
        verdict = answer.verdict(self.engine, exercise).with_context(
            submission=str(path), learner=self.session.learner
        )
        self.study.record(exercise, verdict, answer.text, hints_used=0)
        rule = "─" * 60
        return f"{rule}\n{path.name}\n{format_verdict(verdict, colour=self.colour)}"


def watch_directory(
    directory: Path, watcher: Watcher, echo=click.echo, stop_event: threading.Event | None = None
) -> None:
    """Print a verdict for every starter file saved under ``directory`` until stopped."""
    from watchfiles import Change, watch

    for changes in watch(
        directory,
        stop_event=stop_event,
        debounce=300,
        watch_filter=lambda change, p: (
            change != Change.deleted and is_candidate(Path(p), directory)
        ),
    ):
        for path in sorted({Path(p) for _, p in changes}):
            message = watcher.check_file(path)
            if message:
                echo(message)


@click.command("watch")
@click.argument(
    "directory",
    required=False,
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.pass_context
def watch_command(ctx: click.Context, directory: Path) -> None:
    """Re-check starter files in DIRECTORY (default: here) each time you save one.

    Write starter files with `backprop-tutor start EXERCISE`, edit them in your editor, and
    keep this running in a second terminal. Stop with ctrl+c.
    """
    from grader.engine import Engine

    session = session_of(ctx)
    starters = [p for p in sorted(directory.iterdir()) if is_candidate(p)]
    click.echo(
        f"Watching {directory.resolve()} ({len(starters)} candidate file(s)) as "
        f"{session.learner}. Save a starter file to check it; ctrl+c stops."
    )
    with Engine() as engine:
        watcher = Watcher(session, engine, colour=sys.stdout.isatty())
        if watcher.study.notice:
            click.echo(watcher.study.notice, err=True)
        try:
            watch_directory(directory, watcher)
        except KeyboardInterrupt:
            click.echo("\nStopped watching.")
