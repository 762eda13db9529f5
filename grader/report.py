"""Writers for batch results: plain table, JSON, CSV gradebooks, JUnit XML, Gradescope, HTML
(``grader.report_html``); ``WRITERS`` is the one list of formats.

Every writer is a pure function ``(verdicts, summary) -> str`` so the CLI can render the same
results to stdout or to a file, and render again what is done when a run is interrupted.
Verdicts arrive in the batch's order (sorted by path).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Any

from grader.report_html import to_html
from grader.summary import NO_EXERCISE, Summary, best_per_learner, summarize
from grader.verdict import Verdict

__all__ = ["NO_EXERCISE", "WRITERS", "Summary", "best_per_learner", "summarize", "summary_text"]


def summary_text(summary: Summary) -> str:
    """The lines an instructor reads after a run: totals, pass rate, the class's mistakes."""
    lines = [
        f"Graded {summary.total} submission{'s' * (summary.total != 1)} from "
        f"{summary.learners} learner{'s' * (summary.learners != 1)} in "
        f"{summary.elapsed_s:.1f} s",
        f"Passed {summary.passed}/{summary.total} ({summary.pass_rate:.0%}), "
        f"mean score {summary.mean_score:.2f}",
    ]
    others = [f"{status} {n}" for status, n in summary.statuses.items() if status != "passed"]
    if others:
        lines.append("Not passed: " + ", ".join(others))
    if summary.mistakes:
        lines.append("Most common mistakes:")
        lines += [
            f"  {n:>5}  {exercise or NO_EXERCISE}  {mistake}"
            for exercise, mistake, n in summary.mistakes
        ]
    if summary.skipped:
        one = len(summary.skipped) == 1
        lines.append(
            f"Skipped {len(summary.skipped)} file{'' if one else 's'} that "
            f"answer{'s' if one else ''} no exercise: "
            + ", ".join(f for f, _ in summary.skipped[:5])
            + (", ..." if len(summary.skipped) > 5 else "")
        )
    lines += [f"warning: {w}" for w in summary.warnings]
    if summary.seed is not None:
        lines.append(
            f"Trials drawn with --seed {summary.seed} (pass it to grade the same way again)"
        )
    lines.append(f"Graded with {summary.graded_with()}")
    return "\n".join(lines)


def _score(score: float) -> str:
    return f"{round(score, 4):g}"


def _file(verdict: Verdict) -> str:
    return PurePath(verdict.submission).name if verdict.submission else ""


def _first_line(text: str, width: int) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


TABLE_COLUMNS = ("learner", "exercise", "status", "score", "mistake", "file", "feedback")


def table_rows(verdicts: Sequence[Verdict], *, feedback_width: int = 60) -> list[tuple[str, ...]]:
    """The cells of the results table, shared by the plain and the rich table."""
    return [
        (
            v.learner or "",
            v.exercise or NO_EXERCISE,
            v.status,
            _score(v.score),
            v.mistake or "",
            _file(v),
            _first_line(v.feedback, feedback_width),
        )
        for v in verdicts
    ]


def to_table(verdicts: Sequence[Verdict], summary: Summary) -> str:
    """A plain aligned table and the summary, for a terminal that is not one (pipes, logs)."""
    rows = [TABLE_COLUMNS, *table_rows(verdicts)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE_COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines) + "\n\n" + summary_text(summary) + "\n"


def to_json(verdicts: Sequence[Verdict], summary: Summary) -> str:
    """One result per line: as easy to read and diff as an indented document, and written by
    json's C encoder (``indent`` would switch to the pure-Python one, a tenth of a second
    per thousand results at the end of a batch)."""
    dump = json.JSONEncoder(ensure_ascii=False).encode
    results = ",\n".join("    " + dump(v.to_json()) for v in verdicts)
    results = f"[\n{results}\n  ]" if verdicts else "[]"
    return f'{{\n  "results": {results},\n  "summary": {dump(summary.to_json())}\n}}\n'


CSV_COLUMNS = (
    "learner",
    "exercise",
    "score",
    "max_score",
    "status",
    "passed",
    "mistake",
    "submissions",
    "submission",
    "feedback",
    "pack_version",
    "seed",
    "isolation",
    "tool_version",
)
CSV_BOM = "\ufeff"
"""Excel reads a CSV as the system's code page unless it starts with a BOM (``héctor``,
``λ``); LibreOffice and Python's ``utf-8-sig`` accept it."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """OWASP's CSV-injection rule: a text cell that a spreadsheet would read as a formula
    gets a leading apostrophe (shown by no spreadsheet, kept by a parser)."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, what Excel writes
    writer.writerows(rows)
    return CSV_BOM + out.getvalue()


def _pack_version(summary: Summary, exercise: str) -> str:
    return summary.packs.get(exercise.partition("/")[0], "") if exercise else ""


def to_csv(verdicts: Sequence[Verdict], summary: Summary) -> str:
    """Long gradebook: one row per learner × exercise (the best of their submissions), with
    what it was graded with on every row (a row pasted elsewhere still says it)."""
    rows: list[list[object]] = [list(CSV_COLUMNS)]
    seed = "" if summary.seed is None else summary.seed
    for (learner, exercise), (v, count) in sorted(best_per_learner(verdicts).items()):
        rows.append(
            [
                csv_cell(learner),
                csv_cell(exercise),
                _score(v.score),
                1,
                v.status,
                "true" if v.passed else "false",
                csv_cell(v.mistake or ""),
                count,
                csv_cell(v.submission or ""),
                csv_cell(v.feedback),
                csv_cell(_pack_version(summary, exercise)),
                seed,
                summary.isolation,
                summary.tool_version,
            ]
        )
    return _csv(rows)


def to_csv_wide(verdicts: Sequence[Verdict], summary: Summary) -> str:
    """Wide gradebook for LMS import: one row per learner, one score column per exercise
    (best submission; empty when not submitted), the total and the most it could be. Files
    that named no exercise carry no grade and get no column, but their learner still gets a
    row. The last column says what the run was graded with."""
    best = best_per_learner(verdicts)
    learners = sorted({learner for learner, _ in best})
    exercises = sorted({exercise for _, exercise in best if exercise})
    rows: list[list[object]] = [
        ["learner", *map(csv_cell, exercises), "total", "max_score", "graded_with"]
    ]
    for learner in learners:
        scores = [best[(learner, e)][0].score if (learner, e) in best else None for e in exercises]
        rows.append(
            [
                csv_cell(learner),
                *("" if s is None else _score(s) for s in scores),
                _score(sum(s for s in scores if s is not None)),
                len(exercises),
                csv_cell(summary.graded_with()),
            ]
        )
    return _csv(rows)


_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Learner output may hold control characters that XML 1.0 cannot carry at all."""
    return _XML_INVALID.sub("\ufffd", text)


def _failure_text(verdict: Verdict) -> str:
    lines = [verdict.feedback]
    if verdict.mistake:
        lines.append(f"mistake: {verdict.mistake}")
    lines += [
        f"{'ok' if c.passed else 'FAIL'} {c.name}" + (f": {c.message}" if c.message else "")
        for c in verdict.checks
    ]
    return _xml_text("\n".join(line for line in lines if line))


def testcase_name(verdict: Verdict) -> str:
    """``learner/file``: unique within an exercise and readable in a CI log."""
    return f"{verdict.learner or ''}/{_file(verdict)}"


ERROR_STATUSES = frozenset({"error", "timeout", "resource-limit"})
"""Not evaluated to the end: JUnit's ``<error>``; a wrong answer is a ``<failure>``."""


def to_junit(verdicts: Sequence[Verdict], summary: Summary) -> str:
    """JUnit XML for CI-based classroom autograding, valid against Jenkins' junit-10.xsd (the
    strictest consumer; GitLab and GitHub read the same): one testsuite per exercise with the
    run's seed, packs, tool version and isolation as properties, one testcase per submission
    (``name``, ``classname``, ``time`` only), a ``failure`` for a wrong answer and an ``error``
    for one that could not be evaluated or hit a limit, its ``type`` the status."""
    errors = sum(v.status in ERROR_STATUSES for v in verdicts)
    root = ET.Element(
        "testsuites",
        name="backprop-tutor",
        tests=str(len(verdicts)),
        failures=str(summary.total - summary.passed - errors),
        errors=str(errors),
        time=f"{summary.elapsed_s:.3f}",
    )
    suites: dict[str, list[Verdict]] = {}
    for v in verdicts:
        suites.setdefault(v.exercise or NO_EXERCISE, []).append(v)
    properties = {
        "tool_version": summary.tool_version,
        "isolation": summary.isolation,
        "seed": "" if summary.seed is None else str(summary.seed),
        **{f"pack:{p}": version for p, version in summary.packs.items()},
    }
    for exercise, members in suites.items():
        suite_errors = sum(v.status in ERROR_STATUSES for v in members)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=exercise,
            tests=str(len(members)),
            failures=str(sum(not v.passed for v in members) - suite_errors),
            errors=str(suite_errors),
            skipped="0",
            time=f"{sum(v.elapsed_ms for v in members) / 1000:.3f}",
        )
        listed = ET.SubElement(suite, "properties")
        for name, value in properties.items():
            ET.SubElement(listed, "property", name=name, value=_xml_text(value))
        for v in members:
            case = ET.SubElement(
                suite,
                "testcase",
                name=_xml_text(testcase_name(v)),
                classname=exercise,
                time=f"{v.elapsed_ms / 1000:.3f}",
            )
            if not v.passed:
                tag = "error" if v.status in ERROR_STATUSES else "failure"
                problem = ET.SubElement(
                    case,
                    tag,
                    message=_xml_text(_first_line(v.feedback, 200) or v.status),
                    type=v.status,
                )
                problem.text = _failure_text(v)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def to_gradescope(verdicts: Sequence[Verdict], summary: Summary) -> str:
    """Gradescope's ``results.json``: one test per submission worth 1 point, partial credit as
    the verdict's score, and the total score at the top."""
    tests = [
        {
            "name": f"{v.exercise or NO_EXERCISE} ({testcase_name(v)})",
            "score": round(v.score, 6),
            "max_score": 1.0,
            "output": v.feedback if not v.mistake else f"{v.feedback}\n(mistake: {v.mistake})",
            "visibility": "visible",
            "status": "passed" if v.passed else "failed",
        }
        for v in verdicts
    ]
    payload = {
        "score": round(sum(v.score for v in verdicts), 6),
        "execution_time": round(summary.elapsed_s, 3),
        "output": summary_text(summary),
        "extra_data": gradescope_extra_data(summary),
        "tests": tests,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def gradescope_extra_data(summary: Summary) -> dict[str, Any]:
    """What a Gradescope results file carries besides the scores: how to grade the same way
    again (the seed, the packs' versions, the tool's) and the confinement the code ran under;
    ``grade --format gradescope`` and the autograder inside Gradescope write the same."""
    return {
        "seed": summary.seed,
        "packs": summary.packs,
        "tool_version": summary.tool_version,
        "isolation": summary.isolation,
    }


Writer = Callable[[Sequence[Verdict], Summary], str]
WRITERS: dict[str, Writer] = {
    "table": to_table,
    "json": to_json,
    "csv": to_csv,
    "csv-wide": to_csv_wide,
    "junit": to_junit,
    "gradescope": to_gradescope,
    "html": to_html,
}
"""Format name -> writer: ``grade --format`` offers these names, in this order."""
