"""Submission files: a ``.py`` file is code, a ``.ipynb`` notebook holds code for one or more
exercises, anything else is an expression (or choice) answer.

Header lines (``# exercise: PACK/ID``, ``# learner: NAME``, for a family ``# variant: N``) in
the first lines of the file say what is answered and by whom; for text answers every ``#``
line is a header or a comment and the rest is the answer (DESIGN.md, "Submission files"). A
notebook declares its exercises in its metadata or in any code cell (``grader.notebook``).

``answer_for`` is the one place that decides what a submission answers for an exercise: the
CLI's ``check``, ``watch``, batch grading and the Python API all ask it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from grader.notebook import Notebook, NotebookError, read_notebook

if TYPE_CHECKING:
    from exercises.model import Exercise
    from grader.program import Program
    from grader.verdict import Verdict

HEADER = re.compile(r"^\s*#\s*(exercise|learner|variant)\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
HEADER_LINES = 10
MAX_BYTES = 1_000_000
NOTEBOOK_MAX_BYTES = 20_000_000
"""Notebooks carry their outputs (plots as base64 images): a few MB is usual, and only the
JSON is parsed (measured ~0.15 s for 20 MB), nothing rendered."""


class SubmissionError(Exception):
    """A file that cannot be read as a submission at all."""


@dataclass(frozen=True)
class Submission:
    path: Path | None
    is_code: bool
    text: str
    """The code, or the answer with header and comment lines removed."""
    exercise: str | None = None
    learner: str | None = None
    notebook: Notebook | None = None
    """Set for a ``.ipynb``: its code cells, from which each exercise's program is taken."""
    variant: str | None = None
    """The ``# variant:`` header as written (a family's variant number)."""

    @property
    def exercises(self) -> tuple[str, ...]:
        """Every exercise the file says it answers (a notebook may answer several)."""
        if self.notebook is not None:
            return self.notebook.exercises
        return (self.exercise,) if self.exercise else ()


@dataclass(frozen=True)
class Answer:
    """What a submission answers for one exercise: the text to check, or why it cannot be."""

    text: str = ""
    problem: str | None = None
    program: Program | None = None
    """For a notebook: the program taken from its cells, with notes on how it was read."""
    wrong_kind: bool = False
    """The file is not the kind the exercise takes (a usage error for ``check``)."""
    variant: str | None = None
    """The submission's ``# variant:`` header, for a family."""

    def verdict(self, engine, exercise: Exercise, *, seed: int | None = None) -> Verdict:
        """The verdict of ``engine`` (``grader.engine.Engine``) on this answer; a problem is
        an ``error`` verdict, and nothing is run. A family is checked as the variant its
        header names."""
        from grader.verdict import error_verdict

        if self.problem is not None:
            return self.annotate(error_verdict(exercise.qualified_id, self.problem))
        exercise, problem = self.exercise_for(exercise)
        if problem is not None:
            return error_verdict(exercise.qualified_id, problem)
        return self.annotate(engine.check(exercise, self.text, seed=seed))

    def exercise_for(self, exercise: Exercise) -> tuple[Exercise, str | None]:
        """The exercise this answer is checked against: a family as the variant its header
        names (or the family itself, which the engine refuses); the problem, if the header
        names no variant there is."""
        if exercise.family is None or exercise.variant is not None or self.variant is None:
            return exercise, None
        from grader.family.variant import VariantError, as_variant

        try:
            return as_variant(exercise, self.variant), None
        except VariantError as error:
            return exercise, str(error)

    def annotate(self, verdict: Verdict) -> Verdict:
        """The verdict in the notebook's terms: its cells for line numbers, and the notes
        on what was left out appended to the feedback."""
        if self.program is None:
            return verdict
        feedback = _in_cells(verdict.feedback, self.program)
        checks = tuple(
            replace(c, message=_in_cells(c.message, self.program)) for c in verdict.checks
        )
        if self.program.notes:
            feedback = "\n".join([feedback, *self.program.notes]).strip()
        return replace(
            verdict,
            feedback=feedback,
            checks=checks,
            extra={**verdict.extra, "notes": list(self.program.notes)},
        )


_SUBMISSION_LINE = re.compile(r'File "submission\.py", line (\d+)|(syntax error) on line (\d+)')
"""Where the sandbox's messages name a line of the program: tracebacks, and syntax errors
only the compiler finds (``return`` in a class body)."""


def _in_cells(text: str, program: Program) -> str:
    """``File "submission.py", line 12`` as ``cell 4 (In [7]), line 2``."""

    def cell_line(match: re.Match) -> str:
        where = program.where(int(match.group(1) or match.group(3)))
        if where is None:
            return match.group(0)
        return where if match.group(1) else f"{match.group(2)} in {where}"

    return _SUBMISSION_LINE.sub(cell_line, text)


def answer_for(submission: Submission, exercise: Exercise) -> Answer:
    """What ``submission`` answers for ``exercise``: a code exercise wants code (a ``.py``
    file, or the program a notebook's cells hold for its function), the others text."""
    from grader.kinds import kind_of

    wants_code = kind_of(exercise).takes_code
    if submission.notebook is not None and wants_code:
        from grader.program import extract

        assert exercise.code is not None, "a kind that takes code has a [code] table"
        program = extract(submission.notebook.cells, exercise.code.function)
        if program.problem is not None:
            return Answer(problem=program.problem, program=program)
        return Answer(program.source, program=program)
    if submission.notebook is not None:
        from grader.program import written_answer

        written = written_answer(submission.notebook.cells, exercise.qualified_id)
        if written is None:
            return Answer(
                problem=f"{exercise.qualified_id} is {_a(exercise.kind)} exercise: "
                f"in a notebook, answer it in a code cell as check("
                f'{exercise.qualified_id!r}, r"your answer"), or submit a text '
                "file",
                wrong_kind=True,
            )
        if not written.text.strip():
            return Answer(problem="the answer is empty")
        return Answer(written.text, variant=written.variant)
    if submission.is_code != wants_code:
        wanted = "a .py file or a notebook" if wants_code else "a text file (not .py)"
        return Answer(
            problem=f"{exercise.qualified_id} is {_a(exercise.kind)} exercise: submit {wanted}",
            wrong_kind=True,
        )
    if not submission.text.strip():
        return Answer(problem="the submission is empty")
    return Answer(submission.text, variant=submission.variant)


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def parse_submission(text: str, *, is_code: bool, path: Path | None = None) -> Submission:
    headers: dict[str, str] = {}
    lines = text.splitlines()
    for line in lines[:HEADER_LINES]:
        match = HEADER.match(line)
        if match:
            headers.setdefault(match.group(1).lower(), match.group(2))
    if not is_code:
        text = "\n".join(line for line in lines if not line.lstrip().startswith("#")).strip()
    return Submission(
        path=path,
        is_code=is_code,
        text=text,
        exercise=headers.get("exercise"),
        learner=headers.get("learner"),
        variant=headers.get("variant"),
    )


def read_submission(path: Path) -> Submission:
    """Read a submission file; unreadable, binary or huge files raise ``SubmissionError``."""
    try:
        size = path.stat().st_size
        limit = NOTEBOOK_MAX_BYTES if path.suffix.lower() == ".ipynb" else MAX_BYTES
        if size > limit:
            raise SubmissionError(
                f"{path}: {size} bytes is too large for a submission (limit {limit})"
            )
        data = path.read_bytes()
    except OSError as error:
        raise SubmissionError(f"{path}: cannot be read ({error.strerror or error})") from error
    if b"\x00" in data:
        raise SubmissionError(f"{path}: looks like a binary file, not a submission")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SubmissionError(f"{path}: is not UTF-8 text (byte {error.start})") from error
    if path.suffix.lower() == ".ipynb":
        try:
            notebook = read_notebook(text)
        except NotebookError as error:
            raise SubmissionError(f"{path}: {error}") from None
        code = sum(len(cell.text) for cell in notebook.cells)
        if code > MAX_BYTES:  # outputs may be large; the code is held to a .py file's limit
            raise SubmissionError(
                f"{path}: its code cells hold {code} characters, too many "
                f"for a submission (limit {MAX_BYTES})"
            )
        return Submission(
            path=path,
            is_code=True,
            text=text,
            exercise=next(iter(notebook.exercises), None),
            learner=notebook.learner,
            notebook=notebook,
        )
    return parse_submission(text, is_code=path.suffix == ".py", path=path)
