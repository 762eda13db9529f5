"""The grade table on a terminal, fitted to its width.

Rich shares out a too-narrow width among all columns, which at 80 or 120 columns squeezed
status and score to nothing while long feedback kept its room. Here the widths are decided
first: learner, exercise, status and score are always shown; feedback is shortened first, then
the file column is left out, then feedback, then the mistake, and only then are learner and
exercise cut.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from grader.report import TABLE_COLUMNS, table_rows
from grader.verdict import STATUS_COLOURS, Verdict

ESSENTIAL = ("learner", "exercise", "status", "score")
DROPPED_IN_TURN = ("file", "feedback", "mistake")
CAPS = {"learner": 24, "exercise": 36, "mistake": 24, "file": 28, "feedback": 80}
MIN_FEEDBACK = 12
MIN_CUT = 8
"""Learner and exercise are cut no shorter than this (with an ellipsis)."""


def column_widths(rows: Sequence[Sequence[str]], width: int) -> dict[str, int]:
    """Column name -> width for a table of ``rows`` within ``width`` terminal columns."""
    natural = {
        name: min(
            max(len(name), *(len(r[i]) for r in rows)) if rows else len(name), CAPS.get(name, 1000)
        )
        for i, name in enumerate(TABLE_COLUMNS)
    }
    shown = dict(natural)

    def overflow() -> int:  # each column has one space of padding either side and a border
        return sum(shown.values()) + 3 * len(shown) + 1 - width

    if overflow() > 0:
        shown["feedback"] = max(MIN_FEEDBACK, shown["feedback"] - overflow())
    for name in DROPPED_IN_TURN:
        if overflow() <= 0:
            break
        del shown[name]
    for name in ("exercise", "learner"):
        if overflow() > 0:
            shown[name] = max(MIN_CUT, shown[name] - overflow())
    return shown


def fitted_table(verdicts: Sequence[Verdict], width: int) -> Table:
    rows = table_rows(verdicts, feedback_width=CAPS["feedback"])
    widths = column_widths(rows, width)
    table = Table(header_style="bold")
    indices = [TABLE_COLUMNS.index(name) for name in widths]
    for name in widths:
        table.add_column(
            name,
            no_wrap=True,
            overflow="ellipsis",
            width=widths[name],
            justify="right" if name == "score" else "left",
        )
    for row in rows:
        cells = [Text(row[i]) for i in indices]
        cells[ESSENTIAL.index("status")].stylize(STATUS_COLOURS.get(row[2], ""))
        table.add_row(*cells)
    return table
