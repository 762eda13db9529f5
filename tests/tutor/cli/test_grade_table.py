"""The grade table at the widths terminals have: learner, exercise, status and score always
readable; feedback shortened first."""

from __future__ import annotations

import pytest
from rich.console import Console

from grader.verdict import Verdict
from tutor.cli.grade_table import fitted_table

VERDICTS = [
    Verdict(
        "adjoints/matmul-backward",
        "resource-limit",
        0.0,
        "stopped: memory " * 10,
        submission="class/bartholomew-longname/matmul_backward_final_v2.py",
        learner="bartholomew-longname",
        mistake="derivative-at-activation",
    ),
    Verdict(
        "matrix-calculus/linear-yax",
        "passed",
        1.0,
        "Right.",
        submission="class/al/y.txt",
        learner="al",
    ),
]


@pytest.mark.parametrize("width", [80, 120])
def test_table_fits_and_keeps_the_essential_columns(width):
    console = Console(width=width, record=True, color_system=None)
    console.print(fitted_table(VERDICTS, width))
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= width
    header = lines[1]
    for name in ("learner", "exercise", "status", "score"):
        assert name in header
    body = "\n".join(lines)
    assert "resource-limit" in body and "passed" in body and "adjoints/matmul-backward" in body


def test_wide_terminal_shows_every_column():
    console = Console(width=200, record=True, color_system=None)
    console.print(fitted_table(VERDICTS, 200))
    header = console.export_text().splitlines()[1]
    assert all(name in header for name in ("mistake", "file", "feedback"))
