"""Whose submission is this: learner rules a student cannot change (docs/grading.md).

The learner is named by what the student does not control when there is such a thing: the
folder an LMS download put their files in. A ``# learner:`` header is the student's own
writing, so it only names files that come with nothing better (a file given directly, a file at
the top of a class folder) unless the instructor asks for it with ``--learner-from header``.
Nothing here reads a file: the header arrives already parsed by ``grader.submission``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

CANVAS = re.compile(r"^(?P<learner>[^/]+?)_(?:late_)?\d+_\d+_[^/]+$", re.IGNORECASE)
"""A Canvas "Download Submissions" file name: ``lastnamefirstname_12345_67890_hw.py`` (or
``lastname_firstname_...``, and ``..._LATE_...`` for late work): the name, Canvas's user id,
its submission id, then the file name the student uploaded."""
PRESETS = {"canvas": CANVAS}
RULES = ("auto", "folder", "header", "stem")


class LearnerRuleError(ValueError):
    """A ``--learner-from`` value that is neither a rule, a preset nor a usable pattern."""


@dataclass(frozen=True)
class Placement:
    """Where discovery found a file, which is what the learner rules look at."""

    relative: str
    """The path below the PATH argument (posix), or the file name for a file given directly."""
    folder_learner: str | None = None
    """LEARNER in ROOT/LEARNER/...: the first folder under a class folder ROOT."""
    learner_folder: str | None = None
    """The name of the PATH folder when it is one learner's folder (its files directly in it)."""
    flat_export: bool = False
    """The file sits in a flat folder whose every file is named like an LMS export."""
    source: str = ""
    """What the learner name comes from on disk (a folder, or the file's own folder): two
    sources under one learner are reported as a merge."""


@dataclass(frozen=True)
class Identity:
    learner: str
    source: str
    warning: str | None = None


@dataclass(frozen=True)
class LearnerRule:
    """``--learner-from``: ``auto`` (the default rules), ``folder``, ``header``, ``stem``,
    ``canvas``, or a regular expression whose group ``learner`` (or first group) is searched
    in the file's path below the PATH argument."""

    name: str = "auto"
    pattern: re.Pattern | None = None
    given: str | None = None
    """The learner, when something outside the files names them (``known``)."""

    @classmethod
    def known(cls, learner: str) -> LearnerRule:
        """Every file is ``learner``'s: what Gradescope's submission metadata says, which
        the student's files cannot change."""
        return cls("given", given=learner)

    @classmethod
    def parse(cls, text: str | None) -> LearnerRule:
        text = (text or "auto").strip()
        if text in RULES:
            return cls(text)
        if text.lower() in PRESETS:
            return cls(text.lower(), PRESETS[text.lower()])
        try:
            pattern = re.compile(text)
        except re.error as error:
            raise LearnerRuleError(
                f"'{text}' is neither one of {', '.join(RULES)}, canvas, "
                f"nor a regular expression ({error})"
            ) from None
        if not pattern.groups:
            raise LearnerRuleError(
                f"the pattern '{text}' needs a group that captures the "
                "learner, e.g. '^(?P<learner>[^_]+)_'"
            )
        return cls("pattern", pattern)

    def identify(self, place: Placement, shown: str, header: str | None) -> Identity:
        """The learner of one file, and a warning when a header was overruled."""
        stem = PurePosixPath(place.relative).stem
        if self.given is not None:
            return Identity(self.given, place.source)
        if self.pattern is not None:
            found = _search(self.pattern, place.relative)
            if found:
                return Identity(found, place.source)
            return Identity(
                stem,
                place.source,
                f"{shown}: the name does not match "
                f"--learner-from {self.name}; filed under '{stem}'",
            )
        folder = place.folder_learner or place.learner_folder
        if self.name == "header" and header:
            return Identity(header, place.source)
        if self.name == "stem":
            return Identity(stem, place.source)
        if self.name == "folder":
            parent = PurePosixPath(shown).parent.name
            return Identity(folder or parent or stem, place.source)
        if folder is None and place.flat_export:
            found = _search(CANVAS, place.relative)
            if found:
                return Identity(found, place.source)
        if folder is not None:
            warning = None
            if header and header != folder and self.name == "auto":
                warning = (
                    f"{shown}: '# learner: {header}' ignored; the folder names "
                    f"the learner '{folder}'"
                )
            return Identity(folder, place.source, warning)
        return Identity(header or stem, place.source)


def _search(pattern: re.Pattern, relative: str) -> str | None:
    match = pattern.search(relative)
    if match is None:
        return None
    value = match.groupdict().get("learner") or match.group(1)
    return value.strip() or None


def looks_like_flat_export(names: list[str]) -> bool:
    """Every file of a flat folder named as Canvas names its downloads (and at least two)."""
    return len(names) >= 2 and all(CANVAS.match(name) for name in names)


def merge_warnings(sources: dict[str, set[str]]) -> list[str]:
    """One line per learner whose files come from more than one place (never merged
    silently: two students may share a file name, or a student a folder name)."""
    return [
        f"learner '{learner}' gathers files from {len(places)} places "
        f"({', '.join(sorted(places))}); if these are different people, use "
        "--learner-from (docs/grading.md)"
        for learner, places in sorted(sources.items())
        if len(places) > 1
    ]
