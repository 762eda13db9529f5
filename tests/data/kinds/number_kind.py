"""A throw-away exercise kind, ``number`` (the answer is one number, right within a relative
tolerance), written as a new kind would be: this one module for the grader (its kind and the
reader of its ``[number]`` table) and one answer widget for the tutor. Registering them is one
line each (the ``number_kind`` fixture in tests/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.widgets import Input

from exercises.model import Exercise
from exercises.schema import Reader, Section
from grader.kinds import ExerciseKind
from grader.verdict import Check, Verdict


EXERCISE = """title = "Half of seven"
kind = "number"
difficulty = 1
hints = ["Divide."]

[[sources]]
document = "Test notes"
author = "Test suite"
section = "1"

[number]
value = 3.5
"""


def write_pack(top: Path, exercise: str = EXERCISE) -> Path:
    pack = top / "numbers"
    (pack / "half").mkdir(parents=True)
    (pack / "pack.toml").write_text('id = "numbers"\ntitle = "Numbers"\nversion = "1.0.0"\n'
                                    'description = "One number."\nexercises = ["half"]\n')
    (pack / "half" / "exercise.toml").write_text(exercise)
    (pack / "half" / "prompt.md").write_text("What is half of seven?\n")
    return pack


@dataclass(frozen=True)
class NumberSpec:
    value: float
    rtol: float


def read_number(r: Reader, folder: Path, raw: Any) -> NumberSpec:
    t = r.table(raw, "number", {"value", "rtol"})
    value = r.get(t, "number", "value", (float, int), required=True, default=0.0)
    rtol = r.get(t, "number", "rtol", (float, int), required=False, default=1e-9)
    if rtol <= 0:
        r.problem("number.rtol", "rtol must be positive")
    return NumberSpec(float(value), float(rtol))


class NumberKind(ExerciseKind):
    name = "number"
    section = Section(read_number, "section")
    what_to_write = "one number"

    def check(self, engine, exercise: Exercise, answer: str, *, seed: int | None) -> Verdict:
        spec: NumberSpec = exercise.section
        qid = exercise.qualified_id
        try:
            given = float(answer.strip())
        except ValueError:
            message = f"answer with one number, not '{answer.strip()[:40]}'"
            return Verdict(qid, "error", 0.0, message, checks=(Check("number", False, message),))
        if abs(given - spec.value) <= spec.rtol * abs(spec.value):
            return Verdict(qid, "passed", 1.0, "Right.", checks=(Check("number", True, "equal"),))
        return Verdict(qid, "wrong", 0.0, "Not this number.",
                       checks=(Check("number", False, "not equal"),))

    def problems(self, exercise: Exercise, *, seed: int) -> list[str]:
        spec: NumberSpec = exercise.section
        return [] if spec.value == spec.value else ["number.value is not a number"]


class NumberAnswer(Input):
    HOW = "Type a number, then enter to check."
    EDITABLE = False

    @classmethod
    def for_exercise(cls, exercise: Exercise, last: str | None) -> NumberAnswer:
        return cls(last or "", id="answer")

    @property
    def text(self) -> str:
        return self.value

    def focus_answer(self) -> None:
        self.focus()

    def reload(self, exercise: Exercise) -> None:
        pass
