"""Deep validation of a pack: everything the loader checks, then each exercise run through the
graders, so that a wrong reference or a mistake that is actually right never ships.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from exercises.loader import load_catalog
from exercises.model import Exercise, Pack
from exercises.problems import Problem
from grader.kinds import kind_of


@dataclass
class PackReport:
    folder: Path
    pack: Pack | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """What could not be checked (an expected answer without a cost): shown, not fatal."""
    checked: list[str] = field(default_factory=list)
    """Qualified ids of the exercises that went through the deep checks."""
    families: dict[str, str] = field(default_factory=dict)
    """Family id -> what deploying its variants found (counts, for the report)."""

    @property
    def ok(self) -> bool:
        return self.pack is not None and not self.problems

    def as_dict(self) -> dict:
        return {
            "folder": str(self.folder),
            "pack": self.pack.id if self.pack else None,
            "ok": self.ok,
            "exercises": self.checked,
            "families": self.families,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [w.as_dict() for w in self.warnings],
        }


def exercise_problems(
    exercise: Exercise, *, seed: int = 0, variants: int = 50, deployed: dict[str, str] | None = None
) -> list[Problem]:
    """Problems found by grading the exercise's own reference, starter, mistakes and answers;
    a family deploys ``variants`` of its variants (their counts go into ``deployed``)."""
    toml = exercise.folder / "exercise.toml"
    found: list[str] = []
    if exercise.family is not None:
        from grader.family.deploy import deploy

        report = deploy(exercise, variants)
        if deployed is not None:
            deployed[exercise.qualified_id] = report.summary()
        found += report.problems
    if not exercise.hints:
        found.append("hints: give at least one hint")
    if not exercise.prompt().strip():
        found.append("prompt.md is empty")
    found += kind_of(exercise).problems(exercise, seed=seed)
    return [Problem(toml, exercise.kind, message) for message in found]


def exercise_warnings(exercise: Exercise) -> list[Problem]:
    """What the deep checks could not verify about the exercise."""
    toml = exercise.folder / "exercise.toml"
    return [
        Problem(toml, exercise.kind, message) for message in kind_of(exercise).warnings(exercise)
    ]


def validate_pack(folder: Path, *, seed: int = 0, variants: int = 50) -> PackReport:
    folder = Path(folder).resolve()
    catalog = load_catalog([folder], builtin=False, entry_points=False)
    pack = catalog.packs[0] if catalog.packs else None
    report = PackReport(folder=folder, pack=pack, problems=list(catalog.problems))
    if pack is None:
        if not report.problems:
            report.problems.append(Problem(folder, "", "no pack found"))
        return report
    for exercise in pack.exercises:
        report.problems += exercise_problems(
            exercise, seed=seed, variants=variants, deployed=report.families
        )
        report.warnings += exercise_warnings(exercise)
        report.checked.append(exercise.qualified_id)
    return report
