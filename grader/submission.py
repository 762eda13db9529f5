"""Submission files: a ``.py`` file is code, anything else an expression (or choice) answer.

Header lines (``# exercise: PACK/ID``, ``# learner: NAME``) in the first lines of the file say
what is answered and by whom; for text answers every ``#`` line is a header or a comment and the
rest is the answer (DESIGN.md, "Submission files").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HEADER = re.compile(r"^\s*#\s*(exercise|learner)\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
HEADER_LINES = 10
MAX_BYTES = 1_000_000


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


def parse_submission(text: str, *, is_code: bool, path: Path | None = None) -> Submission:
    headers: dict[str, str] = {}
    lines = text.splitlines()
    for line in lines[:HEADER_LINES]:
        match = HEADER.match(line)
        if match:
            headers.setdefault(match.group(1).lower(), match.group(2))
    if not is_code:
        text = "\n".join(line for line in lines if not line.lstrip().startswith("#")).strip()
    return Submission(path=path, is_code=is_code, text=text,
                      exercise=headers.get("exercise"), learner=headers.get("learner"))


def read_submission(path: Path) -> Submission:
    """Read a submission file; unreadable, binary or huge files raise ``SubmissionError``."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SubmissionError(f"{path}: {size} bytes is too large for a submission "
                                  f"(limit {MAX_BYTES})")
        data = path.read_bytes()
    except OSError as error:
        raise SubmissionError(f"{path}: cannot be read ({error.strerror or error})") from error
    if b"\x00" in data:
        raise SubmissionError(f"{path}: looks like a binary file, not a submission")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SubmissionError(f"{path}: is not UTF-8 text (byte {error.start})") from error
    return parse_submission(text, is_code=path.suffix == ".py", path=path)
