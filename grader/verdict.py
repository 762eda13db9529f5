"""The verdict: what every check returns, and its JSON form (a contract in DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

Status = Literal["passed", "wrong", "error", "timeout", "resource-limit"]
STATUSES: tuple[str, ...] = ("passed", "wrong", "error", "timeout", "resource-limit")
Isolation = Literal["kernel", "process"]


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    message: str = ""


@dataclass(frozen=True)
class Verdict:
    exercise: str
    status: Status
    score: float
    feedback: str
    submission: str | None = None
    learner: str | None = None
    mistake: str | None = None
    checks: tuple[Check, ...] = ()
    elapsed_ms: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    """Additional keys for the JSON object (e.g. ``counterexample``, ``output``)."""
    isolation: Isolation = "process"
    """The confinement learner code runs under on this machine (``grader.confine``): set by
    the engine on every verdict, also on answers that run no code, so that a report says in
    one word what the whole run could promise."""

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def to_json(self) -> dict[str, Any]:
        out = {
            "exercise": self.exercise,
            "submission": self.submission,
            "learner": self.learner,
            "status": self.status,
            "passed": self.passed,
            "score": round(float(self.score), 6),
            "feedback": self.feedback,
            "mistake": self.mistake,
            "checks": [{"name": c.name, "passed": c.passed, "message": c.message}
                       for c in self.checks],
            "elapsed_ms": round(float(self.elapsed_ms), 3),
            "isolation": self.isolation,
        }
        for key, value in self.extra.items():
            out.setdefault(key, value)
        return out

    def with_context(self, *, submission: str | None = None,
                     learner: str | None = None) -> Verdict:
        """The same verdict attributed to a file and learner (batch grading, CLI)."""
        return replace(self, submission=submission, learner=learner)


def error_verdict(exercise: str, message: str, **context: Any) -> Verdict:
    """A verdict for an answer that could not be evaluated at all."""
    return Verdict(exercise=exercise, status="error", score=0.0, feedback=message,
                   checks=(Check("evaluate", False, message),), **context)
