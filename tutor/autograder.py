"""Gradescope's ``run_autograder``: grade one student's upload, write ``results.json``.

Gradescope unpacks the bundle of ``backprop-tutor gradescope`` into ``/autograder/source``, the
student's files into ``/autograder/submission``, and reads ``/autograder/results/results.json``
(``$AUTOGRADER_ROOT`` replaces ``/autograder``, so the same script runs in a temporary folder).
Each configured exercise is one test: the student's file for it is the one whose
``# exercise:`` header names it, else the one named as ``start`` names its starter file. The
student's code runs in the same sandbox as ``grade``; whatever happens, a results file is
written (a student must never see a bare autograder failure). A bundle built with
``--assignment KEY`` grades a family as the variant KEY gives the submitter, named by email.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from exercises.loader import load_catalog
from grader.batch import BatchGrader, BatchUsageError, Job, discover, ordered, resolve
from grader.identity import LearnerRule
from grader.report import gradescope_extra_data
from grader.summary import summarize
from tutor.starter import starter_filename

CONFIG = "autograder.json"


def run(root: Path) -> dict:
    start = time.perf_counter()
    config = json.loads((root / "source" / CONFIG).read_text(encoding="utf-8"))
    catalog = load_catalog([root / "source" / p for p in config.get("packs", [])])
    try:
        items = discover([root / "submission"])
    except BatchUsageError:
        items = []
    jobs: list[Job] = []
    missing: list[str] = []
    assignment = config.get("assignment")
    rule = LearnerRule.known(_learner(root)) if assignment else LearnerRule()
    resolved = [
        job
        for i, item in enumerate(items)
        for job in resolve(i, item, catalog, learner_rule=rule, assignment=assignment)
    ]
    for qid in config["exercises"]:
        exercise = catalog.find(qid)
        mine = [j for j in resolved if j.exercise_id == qid]
        if not mine and exercise is not None:
            named = [item for item in items if item.path.name == starter_filename(exercise)]
            mine = [
                job
                for item in named
                for job in resolve(len(resolved) + len(jobs), item, catalog, qid, rule, assignment)
            ]
        if mine:
            jobs.append(mine[-1])  # the last by path: a resubmitted v2 after v1
        else:
            missing.append(qid)
    with BatchGrader(
        jobs=1, timeout=float(config.get("timeout", 5.0)), seed=config.get("seed")
    ) as grader:
        verdicts = ordered(grader.grade(jobs))
        summary = summarize(
            verdicts,
            time.perf_counter() - start,
            seed=grader.seed,
            packs={
                p.id: p.version
                for p in catalog.packs
                if any(q.startswith(p.id + "/") for q in config["exercises"])
            },
            isolation=grader.isolation,
        )
    points = float(config.get("points", 1.0))
    tests: list[dict[str, Any]] = [
        {
            "name": v.exercise,
            "score": round(v.score * points, 6),
            "max_score": points,
            "status": "passed" if v.passed else "failed",
            "visibility": "visible",
            "output": _output(v),
        }
        for v in verdicts
    ]
    tests += [
        {
            "name": qid,
            "score": 0.0,
            "max_score": points,
            "status": "failed",
            "visibility": "visible",
            "output": f"No file answers {qid}: upload the file "
            f"`{_start(catalog, qid, rule, assignment)}` wrote (its first line says "
            f"'# exercise: {qid}').",
        }
        for qid in missing
    ]
    return {
        "score": round(sum(t["score"] for t in tests), 6),
        "execution_time": round(time.perf_counter() - start, 3),
        "output": f"Graded with {summary.graded_with()}",
        "extra_data": gradescope_extra_data(summary),
        "tests": tests,
    }


def _start(catalog, qid: str, rule: LearnerRule, assignment: str | None) -> str:
    """The command that writes the missing file: for a family in an assignment, with the
    student's own variant (theirs to know, and no one else's)."""
    exercise = catalog.find(qid)
    if assignment and rule.given and exercise is not None and exercise.family is not None:
        from grader.family.numbering import assigned_variant

        return (
            f"backprop-tutor start {qid} --variant {assigned_variant(rule.given, qid, assignment)}"
        )
    return "backprop-tutor start"


def _learner(root: Path) -> str:
    """Who submitted, by Gradescope's ``submission_metadata.json``: the first user's email
    (what an instructor's Gradescope roster lists, so `backprop-tutor assign --roster
    roster.csv --column Email` gives the same variants); raises ``ValueError`` without one."""
    try:
        metadata = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
        user = metadata["users"][0]
        email = str(user["email"]).strip()
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        raise ValueError(
            "this autograder gives each student their own variant, and "
            "submission_metadata.json does not say who submitted"
        ) from None
    if not email:
        raise ValueError("submission_metadata.json names no email for the submitter")
    return email


def _output(verdict) -> str:
    lines = [verdict.feedback]
    lines += [
        f"{'ok' if c.passed else 'FAIL'} {c.name}" + (f": {c.message}" if c.message else "")
        for c in verdict.checks
    ]
    return "\n".join(line for line in lines if line)


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "/autograder")
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    try:
        payload = run(root)
    except Exception as error:  # the student sees this, not a stack trace
        payload = {
            "score": 0.0,
            "tests": [],
            "output": "The autograder could not grade this "
            f"submission ({type(error).__name__}: {error}); tell your instructor.",
        }
    results.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
