"""Writers for batch results: plain table, JSON, CSV gradebooks, JUnit XML, Gradescope.

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
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from grader.verdict import STATUSES, Verdict

NO_EXERCISE = "(no exercise)"
"""Shown where a file named no exercise (JUnit class name, table); JSON keeps ``""``."""


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

    @property
    def pass_rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def to_json(self) -> dict[str, float | int]:
        """The summary object of ``grade --format json`` (exactly these keys: DESIGN.md)."""
        return {"total": self.total, "passed": self.passed,
                "mean_score": round(self.mean_score, 6), "elapsed_s": round(self.elapsed_s, 3)}


def summarize(verdicts: Sequence[Verdict], elapsed_s: float, *, top: int = 5,
              seed: int | None = None) -> Summary:
    statuses = Counter(v.status for v in verdicts)
    mistakes = Counter((v.exercise, v.mistake) for v in verdicts if v.mistake)
    return Summary(
        total=len(verdicts),
        passed=statuses.get("passed", 0),
        mean_score=sum(v.score for v in verdicts) / len(verdicts) if verdicts else 0.0,
        elapsed_s=elapsed_s,
        statuses={s: statuses[s] for s in STATUSES if statuses.get(s)},
        mistakes=tuple((ex, m, n) for (ex, m), n in
                       sorted(mistakes.items(), key=lambda kv: (-kv[1], kv[0]))[:top]),
        learners=len({v.learner for v in verdicts}),
        seed=seed,
    )


def summary_text(summary: Summary) -> str:
    """The lines an instructor reads after a run: totals, pass rate, the class's mistakes."""
    lines = [f"Graded {summary.total} submission{'s' * (summary.total != 1)} from "
             f"{summary.learners} learner{'s' * (summary.learners != 1)} in "
             f"{summary.elapsed_s:.1f} s",
             f"Passed {summary.passed}/{summary.total} ({summary.pass_rate:.0%}), "
             f"mean score {summary.mean_score:.2f}"]
    others = [f"{status} {n}" for status, n in summary.statuses.items() if status != "passed"]
    if others:
        lines.append("Not passed: " + ", ".join(others))
    if summary.mistakes:
        lines.append("Most common mistakes:")
        lines += [f"  {n:>5}  {exercise or NO_EXERCISE}  {mistake}"
                  for exercise, mistake, n in summary.mistakes]
    if summary.seed is not None:
        lines.append(f"Trials drawn with --seed {summary.seed} (pass it to grade the same way "
                     "again)")
    return "\n".join(lines)


def _score(score: float) -> str:
    return f"{round(score, 4):g}"


def _file(verdict: Verdict) -> str:
    return PurePath(verdict.submission).name if verdict.submission else ""


def _first_line(text: str, width: int) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[:width - 1] + "…"


TABLE_COLUMNS = ("learner", "exercise", "status", "score", "mistake", "file", "feedback")


def table_rows(verdicts: Sequence[Verdict], *, feedback_width: int = 60) -> list[tuple[str, ...]]:
    """The cells of the results table, shared by the plain and the rich table."""
    return [(v.learner or "", v.exercise or NO_EXERCISE, v.status, _score(v.score),
             v.mistake or "", _file(v), _first_line(v.feedback, feedback_width))
            for v in verdicts]


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


CSV_COLUMNS = ("learner", "exercise", "score", "status", "passed", "mistake", "submissions",
               "submission", "feedback")


def to_csv(verdicts: Sequence[Verdict], summary: Summary) -> str:
    """Long gradebook: one row per learner × exercise (the best of their submissions)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for (learner, exercise), (v, count) in sorted(best_per_learner(verdicts).items()):
        writer.writerow([learner, exercise, _score(v.score), v.status,
                         "true" if v.passed else "false", v.mistake or "", count,
                         v.submission or "", v.feedback])
    return out.getvalue()


def to_csv_wide(verdicts: Sequence[Verdict], summary: Summary) -> str:
    """Wide gradebook for LMS import: one row per learner, one score column per exercise
    (best submission; empty when not submitted), then the total. Files that named no
    exercise carry no grade and get no column, but their learner still gets a row."""
    best = best_per_learner(verdicts)
    learners = sorted({learner for learner, _ in best})
    exercises = sorted({exercise for _, exercise in best if exercise})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", *exercises, "total"])
    for learner in learners:
        scores = [best[(learner, e)][0].score if (learner, e) in best else None
                  for e in exercises]
        writer.writerow([learner, *("" if s is None else _score(s) for s in scores),
                         _score(sum(s for s in scores if s is not None))])
    return out.getvalue()


_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Learner output may hold control characters that XML 1.0 cannot carry at all."""
    return _XML_INVALID.sub("\ufffd", text)


def _failure_text(verdict: Verdict) -> str:
    lines = [verdict.feedback]
    if verdict.mistake:
        lines.append(f"mistake: {verdict.mistake}")
    lines += [f"{'ok' if c.passed else 'FAIL'} {c.name}" + (f": {c.message}" if c.message else "")
              for c in verdict.checks]
    return _xml_text("\n".join(line for line in lines if line))


def testcase_name(verdict: Verdict) -> str:
    """``learner/file``: unique within an exercise and readable in a CI log."""
    return f"{verdict.learner or ''}/{_file(verdict)}"


def to_junit(verdicts: Sequence[Verdict], summary: Summary) -> str:
    """JUnit XML for CI-based classroom autograding: one testsuite per exercise, one testcase
    per submission; every submission that did not pass has a ``failure`` whose ``type`` is its
    status and whose text is the feedback."""
    root = ET.Element("testsuites", name="backprop-tutor", tests=str(len(verdicts)),
                      failures=str(summary.total - summary.passed), errors="0",
                      time=f"{summary.elapsed_s:.3f}")
    suites: dict[str, list[Verdict]] = {}
    for v in verdicts:
        suites.setdefault(v.exercise or NO_EXERCISE, []).append(v)
    for exercise, members in suites.items():
        failed = sum(not v.passed for v in members)
        suite = ET.SubElement(root, "testsuite", name=exercise, tests=str(len(members)),
                              failures=str(failed), errors="0", skipped="0",
                              time=f"{sum(v.elapsed_ms for v in members) / 1000:.3f}")
        for v in members:
            case = ET.SubElement(suite, "testcase", classname=exercise,
                                 name=_xml_text(testcase_name(v)),
                                 time=f"{v.elapsed_ms / 1000:.3f}")
            if v.submission:
                case.set("file", _xml_text(v.submission))
            if not v.passed:
                failure = ET.SubElement(case, "failure", type=v.status,
                                        message=_xml_text(_first_line(v.feedback, 200)
                                                          or v.status))
                failure.text = _failure_text(v)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def to_gradescope(verdicts: Sequence[Verdict], summary: Summary) -> str:
    """Gradescope's ``results.json``: one test per submission worth 1 point, partial credit as
    the verdict's score, and the total score at the top."""
    tests = [{
        "name": f"{v.exercise or NO_EXERCISE} ({testcase_name(v)})",
        "score": round(v.score, 6),
        "max_score": 1.0,
        "output": v.feedback if not v.mistake else f"{v.feedback}\n(mistake: {v.mistake})",
        "visibility": "visible",
        "status": "passed" if v.passed else "failed",
    } for v in verdicts]
    payload = {
        "score": round(sum(v.score for v in verdicts), 6),
        "execution_time": round(summary.elapsed_s, 3),
        "output": summary_text(summary),
        "tests": tests,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


Writer = Callable[[Sequence[Verdict], Summary], str]
WRITERS: dict[str, Writer] = {
    "table": to_table,
    "json": to_json,
    "csv": to_csv,
    "csv-wide": to_csv_wide,
    "junit": to_junit,
    "gradescope": to_gradescope,
}
