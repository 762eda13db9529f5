"""The verdict: what every check returns, and its JSON form (a contract in DESIGN.md)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Status = Literal["passed", "wrong", "error", "timeout", "resource-limit"]
STATUSES: tuple[Status, ...] = ("passed", "wrong", "error", "timeout", "resource-limit")
Isolation = Literal["kernel", "process"]
STATUS_COLOURS = {
    "passed": "green",
    "wrong": "red",
    "error": "yellow",
    "timeout": "magenta",
    "resource-limit": "magenta",
}
"""The colour of each status wherever a verdict is shown (terminal text, tables, the tutor)."""
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")


def _markdown_text(text: str) -> str:
    """Plain text that Markdown shows as written (a feedback's ``*`` or ``_`` is no emphasis,
    its ``$`` no math)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


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
    """The confinement learner code runs under on this machine (``grader.code.confine``): set by
    the engine on every verdict, also on answers that run no code, so that a report says in
    one word what the whole run could promise."""
    variant: int | None = None
    """The variant number of a family exercise (DESIGN.md); None for a fixed exercise, which
    every exercise is until families land."""

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
            "checks": [
                {"name": c.name, "passed": c.passed, "message": c.message} for c in self.checks
            ],
            "elapsed_ms": round(float(self.elapsed_ms), 3),
            "isolation": self.isolation,
            "variant": self.variant,
        }
        for key, value in self.extra.items():
            out.setdefault(key, value)
        return out

    def shown_checks(self) -> tuple[Check, ...]:
        """The checks as a person reads them under the feedback: a failed check whose message
        the feedback already says keeps only its name (the JSON keeps every message)."""
        return tuple(
            replace(c, message="")
            if not c.passed and c.message and c.message in self.feedback
            else c
            for c in self.checks
        )

    def describe(self, style: Callable[..., str] = lambda text, **_: text) -> str:
        """The verdict for a person at a terminal; ``style(text, fg=..., bold=...)`` may
        colour it (``click.style``)."""
        head = style(self.status.upper(), fg=STATUS_COLOURS.get(self.status), bold=True)
        lines = [f"{head}  {self.exercise}  score {self.score:.2f}  ({self.elapsed_ms:.0f} ms)"]
        if self.mistake:
            lines.append(f"Mistake: {self.mistake}")
        if self.feedback:
            lines.append(self.feedback)
        for check in self.shown_checks():
            mark = style("✓", fg="green") if check.passed else style("✗", fg="red")
            lines.append(f"  {mark} {check.name}" + (f": {check.message}" if check.message else ""))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.describe()

    def _repr_markdown_(self) -> str:
        """How Jupyter shows a verdict that ends a cell (``check(...)`` as its last line)."""
        icon = "✅" if self.passed else {"wrong": "❌"}.get(self.status, "⚠️")
        lines = [
            f"{icon} **{self.status.upper()}** `{self.exercise}` · score "
            f"{self.score:.2f} · {self.elapsed_ms:.0f} ms"
        ]
        if self.mistake:
            lines.append(f"\n**Mistake:** `{self.mistake}`")
        if self.feedback:
            first, _, rest = self.feedback.partition("\n")
            lines.append("\n" + _markdown_text(first))
            if rest.strip():  # tracebacks, notes: as written, not as Markdown
                lines.append("\n```text\n" + rest.replace("```", "ˋˋˋ") + "\n```")
        if self.checks:
            lines.append("")
            lines += [
                f"- {'✓' if c.passed else '✗'} **{_markdown_text(c.name)}**"
                + (f": {_markdown_text(c.message)}" if c.message else "")
                for c in self.shown_checks()
            ]
        return "\n".join(lines)

    def with_context(self, *, submission: str | None = None, learner: str | None = None) -> Verdict:
        """The same verdict attributed to a file and learner (batch grading, CLI)."""
        return replace(self, submission=submission, learner=learner)


def error_verdict(exercise: str, message: str, **context: Any) -> Verdict:
    """A verdict for an answer that could not be evaluated at all."""
    return Verdict(
        exercise=exercise,
        status="error",
        score=0.0,
        feedback=message,
        checks=(Check("evaluate", False, message),),
        **context,
    )
