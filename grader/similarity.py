"""Groups of identical submissions, after normalising what copying usually changes.

Two answers are "the same" when they are equal once whitespace, comments, docstrings and the
names chosen for variables, arguments and functions are normalised away. This is a prompt for
the instructor to look, not a verdict: a short exercise has few ways to be right, and the
report says how many learners share each version. Code is only tokenised (``tokenize``), never
compiled, imported or run.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import keyword
import re
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass, field

_KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
_STATEMENT_START = {None, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


@dataclass(frozen=True)
class Answer:
    """One learner's answer to one exercise. Its fingerprint is computed when it is made:
    batch grading makes it on the thread that graded the answer, where tokenising overlaps the
    sandbox's runs instead of adding about 0.3 ms per answer to the end of the batch."""

    exercise: str
    learner: str
    submission: str
    text: str
    is_code: bool
    fingerprint: str = field(init=False, repr=False, compare=False)
    """A digest of the normalised answer; empty when nothing is left of it."""

    def __post_init__(self) -> None:
        key = normalise(self.text, is_code=self.is_code)
        digest = hashlib.sha256(key.encode()).hexdigest() if key else ""
        object.__setattr__(self, "fingerprint", digest)


@dataclass(frozen=True)
class Group:
    exercise: str
    learners: tuple[str, ...]
    submissions: tuple[str, ...]

    def to_json(self) -> dict:
        return {
            "exercise": self.exercise,
            "learners": list(self.learners),
            "submissions": list(self.submissions),
        }


def normalise(text: str, *, is_code: bool) -> str:
    """The answer with layout, comments and chosen names replaced by a canonical form."""
    if not is_code:
        return re.sub(r"\s+", "", text)
    try:
        tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO(text).readline)
            if t.type not in _SKIPPED
        ]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return re.sub(r"\s+", " ", text).strip()
    names: dict[str, str] = {}
    out: list[str] = []
    previous = None
    for index, token in enumerate(tokens):
        following = tokens[index + 1].type if index + 1 < len(tokens) else None
        if (
            token.type == tokenize.STRING
            and previous in _STATEMENT_START
            and following == tokenize.NEWLINE
        ):
            previous = tokenize.NEWLINE  # a docstring: the statement it makes is dropped too
            continue
        if token.type == tokenize.NEWLINE and previous == tokenize.NEWLINE:
            continue
        if (
            token.type == tokenize.NAME
            and token.string not in _KEPT_NAMES
            and not (out and out[-1] == ".")
        ):
            out.append(names.setdefault(token.string, f"n{len(names)}"))
        elif token.type in (tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE):
            out.append(tokenize.tok_name[token.type])
        else:
            out.append(token.string)
        previous = token.type
    return " ".join(out)


def identical_groups(answers: Iterable[Answer]) -> list[Group]:
    """Per exercise, the sets of submissions from two or more learners that normalise to the
    same text, largest first."""
    buckets: dict[tuple[str, str], list[Answer]] = {}
    for answer in answers:
        if answer.fingerprint:
            buckets.setdefault((answer.exercise, answer.fingerprint), []).append(answer)
    groups = [
        Group(
            exercise,
            tuple(sorted({a.learner for a in members})),
            tuple(sorted(a.submission for a in members)),
        )
        for (exercise, _), members in buckets.items()
        if len({a.learner for a in members}) > 1
    ]
    return sorted(groups, key=lambda g: (-len(g.learners), g.exercise, g.submissions))
