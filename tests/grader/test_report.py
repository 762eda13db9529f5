"""Report writers: every format parsed back and checked against what the verdicts said."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from grader.report import (
    NO_EXERCISE,
    WRITERS,
    summarize,
    summary_text,
    to_csv,
    to_csv_wide,
    to_gradescope,
    to_json,
    to_junit,
    to_table,
)
from grader.verdict import Check, Verdict

MATMUL = "adjoints/matmul-backward"
YAX = "matrix-calculus/linear-yax"


def verdict(
    learner,
    exercise,
    status,
    score,
    *,
    file="answer.py",
    mistake=None,
    feedback="",
    elapsed_ms=12.0,
):
    return Verdict(
        exercise=exercise,
        status=status,
        score=score,
        feedback=feedback,
        submission=f"class/{learner}/{file}",
        learner=learner,
        mistake=mistake,
        checks=(Check("trial 1", status == "passed", feedback),),
        elapsed_ms=elapsed_ms,
    )


VERDICTS = [
    verdict("alice", MATMUL, "passed", 1.0, feedback="Right."),
    verdict(
        "alice",
        YAX,
        "wrong",
        0.0,
        file="yax.txt",
        mistake="transposed",
        feedback='Your answer is n×m, "A" is m×n & <shape> matters',
    ),
    verdict(
        "bob",
        MATMUL,
        "wrong",
        0.5,
        file="v1.py",
        mistake="transposed",
        feedback="grad_B is right, grad_A is transposed,\nsee the shapes",
    ),
    verdict("bob", MATMUL, "passed", 1.0, file="v2.py", feedback="Right."),
    verdict("carol", MATMUL, "timeout", 0.0, feedback="stopped after 5 s\x1b[31m\x00"),
    verdict(
        "dave",
        "",
        "error",
        0.0,
        file="notes.txt",
        feedback="names no exercise; add a '# exercise: PACK/ID' line",
    ),
    verdict("erin", YAX, "error", 0.0, file="yax.txt", feedback="unknown symbol z"),
]
SUMMARY = summarize(
    VERDICTS, elapsed_s=2.5, seed=7, packs={"adjoints": "1.2.0", "matrix-calculus": "0.3.0"}
)


def parse_csv(text: str) -> list[list[str]]:
    """As Excel reads it: the BOM says UTF-8, rows end in CRLF."""
    assert text.startswith("\ufeff"), "without a BOM Excel reads the file as its code page"
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def csv_dicts(text: str) -> list[dict[str, str]]:
    head, *rows = parse_csv(text)
    return [dict(zip(head, row)) for row in rows]


def test_summary_counts_statuses_and_the_most_common_mistake():
    assert (SUMMARY.total, SUMMARY.passed, SUMMARY.learners) == (7, 2, 5)
    assert SUMMARY.mean_score == pytest.approx(2.5 / 7)
    assert SUMMARY.statuses == {"passed": 2, "wrong": 2, "error": 2, "timeout": 1}
    assert SUMMARY.mistakes == ((MATMUL, "transposed", 1), (YAX, "transposed", 1))


def test_summary_text_names_pass_rate_and_mistakes():
    text = summary_text(SUMMARY)
    assert "Passed 2/7 (29%)" in text
    assert "mean score 0.36" in text
    assert "timeout 1" in text
    assert f"{MATMUL}  transposed" in text


def test_summary_text_says_skipped_files_in_a_sentence():
    one = summarize([], 0.0, skipped=[("a/notes.md", "no exercise")])
    two = summarize([], 0.0, skipped=[("a/notes.md", "no exercise"), ("b/x.png", "binary")])
    assert "Skipped 1 file that answers no exercise: a/notes.md" in summary_text(one)
    assert "Skipped 2 files that answer no exercise: a/notes.md, b/x.png" in summary_text(two)


def test_summary_of_nothing_does_not_divide_by_zero():
    empty = summarize([], elapsed_s=0.0)
    assert (empty.total, empty.mean_score, empty.pass_rate) == (0, 0.0, 0.0)
    assert "Passed 0/0" in summary_text(empty)


def test_json_is_exactly_results_and_summary():
    text = to_json(VERDICTS, SUMMARY)
    assert sum(line.lstrip().startswith('{"exercise"') for line in text.splitlines()) == len(
        VERDICTS
    ), "one result per line, so that two reports diff line by line"
    payload = json.loads(to_json(VERDICTS, SUMMARY))
    assert set(payload) == {"results", "summary"}
    assert payload["results"] == [v.to_json() for v in VERDICTS]
    summary = payload["summary"]
    assert {
        k: summary[k]
        for k in ("total", "passed", "mean_score", "elapsed_s", "seed", "packs", "isolation")
    } == {
        "total": 7,
        "passed": 2,
        "mean_score": pytest.approx(2.5 / 7),
        "elapsed_s": 2.5,
        "seed": 7,
        "packs": {"adjoints": "1.2.0", "matrix-calculus": "0.3.0"},
        "isolation": "process",
    }
    assert summary["tool_version"] == SUMMARY.tool_version != ""
    assert summary["exercises"][MATMUL] == {
        "submissions": 4,
        "passed": 2,
        "pass_rate": 0.5,
        "mean_score": 0.625,
        "mistakes": {"transposed": 1},
        "score_bins": [1, 0, 0, 0, 0, 1, 0, 0, 0, 2],
    }
    assert summary["exercises"][YAX]["pass_rate"] == 0.0
    assert "" not in summary["exercises"]  # a file that named no exercise has no statistics


def test_long_csv_has_one_row_per_learner_and_exercise_with_the_best_score():
    rows = csv_dicts(to_csv(VERDICTS, SUMMARY))
    keys = [(r["learner"], r["exercise"]) for r in rows]
    assert keys == sorted(set(keys)) and len(keys) == 6
    bob = next(r for r in rows if r["learner"] == "bob")
    assert (bob["score"], bob["status"], bob["passed"], bob["submissions"]) == (
        "1",
        "passed",
        "true",
        "2",
    )
    assert bob["submission"] == "class/bob/v2.py"
    alice_yax = next(r for r in rows if r["learner"] == "alice" and r["exercise"] == YAX)
    assert alice_yax["mistake"] == "transposed"
    assert alice_yax["feedback"] == VERDICTS[1].feedback
    assert (alice_yax["max_score"], alice_yax["pack_version"], alice_yax["seed"]) == (
        "1",
        "0.3.0",
        "7",
    )
    assert {r["isolation"] for r in rows} == {"process"}


def test_long_csv_keeps_the_feedback_newlines_and_commas_in_one_cell():
    partial = [VERDICTS[2]]
    rows = csv_dicts(to_csv(partial, summarize(partial, 0.1)))
    assert rows[0]["feedback"] == "grad_B is right, grad_A is transposed,\nsee the shapes"
    assert rows[0]["score"] == "0.5"


def test_wide_csv_has_one_column_per_exercise_and_blank_when_not_submitted():
    rows = parse_csv(to_csv_wide(VERDICTS, SUMMARY))
    assert rows[0] == ["learner", MATMUL, YAX, "total", "max_score", "graded_with"]
    table = {row[0]: row[1:5] for row in rows[1:]}
    assert table == {
        "alice": ["1", "0", "1", "2"],
        "bob": ["1", "", "1", "2"],
        "carol": ["0", "", "0", "2"],
        "dave": ["", "", "0", "2"],
        "erin": ["", "0", "0", "2"],
    }
    assert {row[5] for row in rows[1:]} == {SUMMARY.graded_with()}
    assert "seed 7" in SUMMARY.graded_with() and "adjoints 1.2.0" in SUMMARY.graded_with()


JUNIT_10 = {
    # element: (allowed attributes, required attributes, allowed children in order)
    "testsuites": (
        {"name", "time", "tests", "failures", "disabled", "errors"},
        set(),
        ("testsuite",),
    ),
    "testsuite": (
        {
            "name",
            "tests",
            "failures",
            "errors",
            "group",
            "time",
            "disabled",
            "skipped",
            "timestamp",
            "hostname",
            "id",
            "package",
            "file",
            "log",
            "url",
            "version",
        },
        {"name", "tests"},
        ("properties", "testcase", "system-out", "system-err"),
    ),
    "properties": (set(), set(), ("property",)),
    "property": ({"name", "value"}, {"name", "value"}, ()),
    "testcase": (
        {"name", "classname", "time", "group"},
        {"name"},
        ("skipped", "error", "failure", "system-out", "system-err"),
    ),
    "failure": ({"message", "type"}, set(), ()),
    "error": ({"message", "type"}, set(), ()),
}
"""The rules of Jenkins' junit-10.xsd (jenkinsci/xunit-plugin, "junit-10.xsd") that a writer
can break: which attributes each element may and must have, and which children in which order
(the schema's xs:sequence); no network at test time, so they are written out here."""


def assert_junit_10(element: ET.Element) -> None:
    allowed, required, children = JUNIT_10[element.tag]
    assert set(element.attrib) <= allowed, (element.tag, set(element.attrib) - allowed)
    assert required <= set(element.attrib), (element.tag, required - set(element.attrib))
    order = [children.index(child.tag) for child in element]  # ValueError: not allowed
    assert order == sorted(order), f"{element.tag}: children out of the schema's order"
    for name in ("tests", "failures", "errors", "skipped"):
        if name in element.attrib:
            assert int(element.get(name)) >= 0
    if "time" in element.attrib:
        float(element.get("time"))
    for child in element:
        assert_junit_10(child)


def test_junit_validates_against_the_schema_rules_and_counts_errors_apart():
    root = ET.fromstring(to_junit(VERDICTS, SUMMARY))
    assert_junit_10(root)
    # wrong: alice/yax, bob/v1 (failures); timeout carol, error dave and erin (errors)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "2", "3")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {MATMUL, YAX, NO_EXERCISE}
    for name, suite in suites.items():
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors")) == sum(c.find("error") is not None for c in cases)
        assert all(case.get("classname") == name for case in cases)
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert properties["isolation"] == SUMMARY.isolation
        assert properties["tool_version"] == SUMMARY.tool_version and "seed" in properties
    names = [c.get("name") for c in suites[MATMUL].findall("testcase")]
    assert names == ["alice/answer.py", "bob/v1.py", "bob/v2.py", "carol/answer.py"]


def test_junit_schema_rules_catch_what_jenkins_refuses():
    bad = ET.fromstring(
        '<testsuites><testsuite name="x" tests="1">'
        '<testcase name="a" file="a.py"/></testsuite></testsuites>'
    )
    with pytest.raises(AssertionError):
        assert_junit_10(bad)


def test_junit_wrong_is_a_failure_and_what_could_not_be_evaluated_an_error():
    root = ET.fromstring(to_junit(VERDICTS, SUMMARY))
    cases = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    assert len(cases[(MATMUL, "alice/answer.py")]) == 0
    wrong = cases[(YAX, "alice/yax.txt")].find("failure")
    assert wrong.get("type") == "wrong"
    assert wrong.get("message") == VERDICTS[1].feedback
    assert "mistake: transposed" in wrong.text
    error = cases[(YAX, "erin/yax.txt")].find("error")
    assert error.get("type") == "error" and "unknown symbol z" in error.text
    assert cases[(YAX, "erin/yax.txt")].find("failure") is None


def test_junit_survives_control_characters_in_learner_output():
    root = ET.fromstring(to_junit(VERDICTS, SUMMARY))
    timeout = next(c for c in root.iter("testcase") if c.get("name") == "carol/answer.py")
    error = timeout.find("error")
    assert error.get("type") == "timeout"
    assert error.text.startswith("stopped after 5 s\ufffd[31m\ufffd")


def test_gradescope_results_have_every_test_field_and_the_total():
    payload = json.loads(to_gradescope(VERDICTS, SUMMARY))
    assert payload["score"] == pytest.approx(2.5)
    assert len(payload["tests"]) == 7
    for test, v in zip(payload["tests"], VERDICTS):
        assert set(test) == {"name", "score", "max_score", "output", "visibility", "status"}
        assert test["score"] == v.score and test["max_score"] == 1.0
        assert test["status"] == ("passed" if v.passed else "failed")
        assert test["visibility"] == "visible"
        assert v.learner in test["name"]
    assert "(mistake: transposed)" in payload["tests"][1]["output"]


def test_plain_table_has_a_row_per_submission_and_the_summary():
    lines = to_table(VERDICTS, SUMMARY).splitlines()
    assert lines[0].split() == [
        "learner",
        "exercise",
        "status",
        "score",
        "mistake",
        "file",
        "feedback",
    ]
    assert [line.split()[0] for line in lines[1:8]] == [v.learner for v in VERDICTS]
    assert "(no exercise)" in lines[6]
    assert "Passed 2/7" in "\n".join(lines[8:])


def test_every_format_has_a_writer():
    assert set(WRITERS) == {"table", "json", "csv", "csv-wide", "junit", "gradescope", "html"}
