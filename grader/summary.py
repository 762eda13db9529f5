"""What a batch run amounts to: totals, per-exercise statistics, and what was graded with.

Shared by every report format (the JSON ``summary``, the HTML page, the stderr lines), so the
numbers an instructor reads are the same wherever they read them, and each report says what it
needs to be reproduced: the seed, each pack's version, the tool's version and the isolation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata

from grader.similarity import Answer, Group, identical_groups
from grader.verdict import STATUSES, Verdict

NO_EXERCISE = "(no exercise)"
"""Shown where a file named no exercise (JUnit class name, table, HTML); JSON keeps ``""``."""
SCORE_BINS = 10
"""The score distribution's bars: [0, 0.1), [0.1, 0.2), ..., [0.9, 1.0]."""


def tool_version() -> str:
    try:
        return metadata.version("backprop-tutor")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown"


@dataclass(frozen=True)
class ExerciseStats:
    submissions: int
    passed: int
    mean_score: float
    mistakes: dict[str, int]
    """Diagnosed mistake id -> how many submissions made it, most frequent first."""
    score_bins: tuple[int, ...]

    @property
    def pass_rate(self) -> float:
        return self.passed / self.submissions if self.submissions else 0.0

    def to_json(self) -> dict:
        return {
            "submissions": self.submissions,
            "passed": self.passed,
            "pass_rate": round(self.pass_rate, 6),
            "mean_score": round(self.mean_score, 6),
            "mistakes": dict(self.mistakes),
            "score_bins": list(self.score_bins),
        }


@dataclass(frozen=True)
class Summary:
    total: int
    passed: int
    mean_score: float
    elapsed_s: float
    statuses: dict[str, int] = field(default_factory=dict)
    mistakes: tuple[tuple[str, str, int], ...] = ()
    """Most common (exercise, mistake id, count), most frequent first."""
    learners: int = 0
    seed: int | None = None
    """The seed of the run's trials, so it can be graded again the same way."""
    packs: dict[str, str] = field(default_factory=dict)
    """Pack id -> version of every pack an answer was graded against."""
    tool_version: str = field(default_factory=tool_version)
    isolation: str = "process"
    exercises: dict[str, ExerciseStats] = field(default_factory=dict)
    identical: tuple[Group, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()
    """(file, why) of files a folder walk found that answer nothing."""
    warnings: tuple[str, ...] = ()

    @property
    def pass_rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def to_json(self) -> dict:
        """The summary object of ``grade --format json`` (DESIGN.md, "Verdict")."""
        return {
            "total": self.total,
            "passed": self.passed,
            "mean_score": round(self.mean_score, 6),
            "elapsed_s": round(self.elapsed_s, 3),
            "seed": self.seed,
            "packs": dict(self.packs),
            "tool_version": self.tool_version,
            "isolation": self.isolation,
            "exercises": {e: s.to_json() for e, s in self.exercises.items()},
            "identical": [g.to_json() for g in self.identical],
            "skipped": [{"submission": f, "reason": r} for f, r in self.skipped],
            "warnings": list(self.warnings),
        }

    def graded_with(self) -> str:
        """One line that says how to reproduce the run."""
        packs = ", ".join(f"{p} {v}" for p, v in sorted(self.packs.items())) or "no pack"
        seed = "no seed" if self.seed is None else f"seed {self.seed}"
        return (
            f"backprop-tutor {self.tool_version}; packs: {packs}; {seed}; "
            f"isolation: {self.isolation}"
        )


def summarize(
    verdicts: Sequence[Verdict],
    elapsed_s: float,
    *,
    top: int = 5,
    seed: int | None = None,
    packs: dict[str, str] | None = None,
    isolation: str | None = None,
    answers: Sequence[Answer] = (),
    skipped: Sequence[tuple[str, str]] = (),
    warnings: Sequence[str] = (),
) -> Summary:
    statuses = Counter(v.status for v in verdicts)
    mistakes = Counter((v.exercise, v.mistake) for v in verdicts if v.mistake)
    levels = {v.isolation for v in verdicts}
    return Summary(
        total=len(verdicts),
        passed=statuses.get("passed", 0),
        mean_score=sum(v.score for v in verdicts) / len(verdicts) if verdicts else 0.0,
        elapsed_s=elapsed_s,
        statuses={s: statuses[s] for s in STATUSES if statuses.get(s)},
        mistakes=tuple(
            (ex, m, n)
            for (ex, m), n in sorted(mistakes.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        ),
        learners=len({v.learner for v in verdicts}),
        seed=seed,
        packs=dict(sorted((packs or {}).items())),
        # a batch has one level; "process" if anything ran below the kernel level
        isolation=isolation or ("process" if "process" in levels or not levels else "kernel"),
        exercises=_per_exercise(verdicts),
        identical=tuple(identical_groups(answers)),
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )


def _per_exercise(verdicts: Sequence[Verdict]) -> dict[str, ExerciseStats]:
    grouped: dict[str, list[Verdict]] = {}
    for v in verdicts:
        if v.exercise:
            grouped.setdefault(v.exercise, []).append(v)
    stats = {}
    for exercise, members in sorted(grouped.items()):
        bins = [0] * SCORE_BINS
        for v in members:
            bins[min(int(max(v.score, 0.0) * SCORE_BINS), SCORE_BINS - 1)] += 1
        mistakes = Counter(v.mistake for v in members if v.mistake)
        stats[exercise] = ExerciseStats(
            submissions=len(members),
            passed=sum(v.passed for v in members),
            mean_score=sum(v.score for v in members) / len(members),
            mistakes=dict(sorted(mistakes.items(), key=lambda kv: (-kv[1], kv[0]))),
            score_bins=tuple(bins),
        )
    return stats


def best_per_learner(verdicts: Sequence[Verdict]) -> dict[tuple[str, str], tuple[Verdict, int]]:
    """The best verdict of each (learner, exercise) and how many submissions it had.

    Best is the highest score; among equal scores the last by path (a resubmission named
    ``v2`` after ``v1`` wins). Insertion order follows the first submission of each pair.
    """
    best: dict[tuple[str, str], tuple[Verdict, int]] = {}
    for v in verdicts:
        key = (v.learner or "", v.exercise)
        held = best.get(key)
        if held is None:
            best[key] = (v, 1)
        else:
            winner = v if v.score >= held[0].score else held[0]
            best[key] = (winner, held[1] + 1)
    return best
