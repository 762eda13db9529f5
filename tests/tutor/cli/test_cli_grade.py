"""`backprop-tutor grade` as an instructor runs it: formats, exit codes, output files,
recording, and a Ctrl-C in the middle of a run."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from tutor.cli import main

DATA = Path(__file__).parents[2] / "data"
PACKS = DATA / "packs"
CLASS = DATA / "grade" / "class"
CHOICES = [
    CLASS / "alice" / "pick.txt",
    CLASS / "bob" / "pick.txt",
    CLASS / "carol" / "answer.txt",
    CLASS / "notes.txt",
]


def grade(*args: str):
    return CliRunner().invoke(main, ["--packs", str(PACKS), "grade", *args], catch_exceptions=False)


def test_json_report_is_sorted_and_attributed():
    result = grade(*map(str, CHOICES), "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    results = payload["results"]
    assert [r["submission"] for r in results] == sorted(str(p) for p in CHOICES)
    assert [(r["learner"], r["status"]) for r in results] == [
        ("pick", "passed"),
        ("pick", "wrong"),
        ("Carol Danvers", "passed"),
        ("notes", "error"),
    ]
    assert payload["summary"]["total"] == 4 and payload["summary"]["passed"] == 2
    summary = payload["summary"]
    assert {
        "total",
        "passed",
        "mean_score",
        "elapsed_s",
        "seed",
        "packs",
        "tool_version",
        "isolation",
        "exercises",
        "identical",
        "skipped",
        "warnings",
    } <= set(summary)
    assert summary["packs"] == {"tiny": "0.1.0"}
    assert summary["isolation"] in ("kernel", "process")
    # alice's and bob's pick.txt, given directly, both fall back to the file name: said aloud
    assert any("learner 'pick' gathers files from 2 places" in w for w in summary["warnings"])


def test_all_passed_exits_zero():
    result = grade(str(CLASS / "alice" / "pick.txt"), "--format", "json")
    assert result.exit_code == 0


def test_folder_layout_names_the_learners():
    result = grade(str(CLASS), "--format", "json")
    learners = {
        Path(r["submission"]).relative_to(CLASS).as_posix(): r["learner"]
        for r in json.loads(result.stdout)["results"]
    }
    assert learners["alice/pick.txt"] == "alice"
    assert learners["carol/answer.txt"] == "carol"  # the folder, not the header the student wrote
    assert "notes.txt" not in learners
    summary = json.loads(result.stdout)["summary"]
    assert summary["skipped"] == [
        {"submission": str(CLASS / "notes.txt"), "reason": "names no exercise"}
    ]
    assert [w for w in summary["warnings"] if "Carol Danvers" in w] == [
        f"{CLASS / 'carol' / name}: '# learner: Carol Danvers' ignored; the folder "
        "names the learner 'carol'"
        for name in ("answer.txt", "scale.py")
    ]


def test_unknown_and_missing_exercises_are_error_verdicts_not_crashes():
    result = grade(str(CLASS / "dave" / "typo.txt"), str(CLASS / "notes.txt"), "--format", "json")
    assert result.exit_code == 1
    feedback = [r["feedback"] for r in json.loads(result.stdout)["results"]]
    assert "unknown exercise 'tiny/nope'" in feedback[0]
    assert "names no exercise" in feedback[1]


def test_exercise_option_grades_every_file_against_it():
    result = grade(str(CLASS / "notes.txt"), "--exercise", "tiny/pick", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["results"][0]["exercise"] == "tiny/pick"


def test_unknown_exercise_option_is_a_usage_error():
    result = grade(str(CLASS), "--exercise", "tiny/pik")
    assert result.exit_code == 2
    assert "unknown exercise 'tiny/pik'" in result.output and "tiny/pick" in result.output


def test_missing_path_and_empty_folder_are_usage_errors(tmp_path):
    assert grade(str(tmp_path / "nowhere")).exit_code == 2
    result = grade(str(tmp_path))
    assert result.exit_code == 2 and "no submission files" in result.output


def test_unwritable_output_is_a_usage_error_before_grading(tmp_path):
    result = grade(str(CLASS), "--output", str(tmp_path / "no" / "such" / "dir" / "out.json"))
    assert result.exit_code == 2 and "cannot write" in result.output


def test_output_file_gets_the_report_and_no_temporary_file_is_left(tmp_path):
    out = tmp_path / "report.json"
    out.write_text("old report")
    result = grade(*map(str, CHOICES), "--format", "json", "--output", str(out))
    assert result.exit_code == 1
    assert len(json.loads(out.read_text())["results"]) == 4
    assert "Passed 2/4" in result.stderr
    assert os.listdir(tmp_path) == ["report.json"]


def read_csv(path: Path) -> list[list[str]]:
    """As a spreadsheet or ``csv`` reads the file: UTF-8 with its BOM, CRLF rows."""
    raw = path.read_bytes()
    assert (
        raw.startswith(b"\xef\xbb\xbf")
        and b"\r\n" in raw
        and b"\n" not in raw.replace(b"\r\n", b"")
    )
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_formats_parse_back(tmp_path):
    grade(*map(str, CHOICES), "--format", "csv", "--output", str(tmp_path / "long.csv"))
    head, *rows = read_csv(tmp_path / "long.csv")
    long = [dict(zip(head, row)) for row in rows]
    assert {(r["learner"], r["exercise"], r["score"], r["max_score"]) for r in long} == {
        ("pick", "tiny/pick", "1", "1"),
        ("Carol Danvers", "tiny/pick", "1", "1"),
        ("notes", "", "0", "1"),
    }
    pick = next(r for r in long if r["learner"] == "pick")
    assert pick["submissions"] == "2" and pick["pack_version"] == "0.1.0"
    assert pick["isolation"] in ("kernel", "process") and pick["seed"].isdigit()
    grade(*map(str, CHOICES), "--format", "csv-wide", "--output", str(tmp_path / "wide.csv"))
    wide = read_csv(tmp_path / "wide.csv")
    assert wide[0] == ["learner", "tiny/pick", "total", "max_score", "graded_with"]
    carol = next(row for row in wide if row[0] == "Carol Danvers")
    assert carol[:4] == ["Carol Danvers", "1", "1", "1"]
    assert "packs: tiny 0.1.0" in carol[4] and "isolation: " in carol[4]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    folder = tmp_path / "class"
    for name in ('=HYPERLINK("http:evil","x")', "+1", "-2", "@SUM(A1)", "héctor λ"):
        (folder / name).mkdir(parents=True)
        (folder / name / "pick.txt").write_text("# exercise: tiny/pick\nb\n")
    grade(str(folder), "--format", "csv", "--output", str(tmp_path / "out.csv"))
    learners = [row[0] for row in read_csv(tmp_path / "out.csv")[1:]]
    assert sorted(learners) == sorted(
        ['\'=HYPERLINK("http:evil","x")', "'+1", "'-2", "'@SUM(A1)", "héctor λ"]
    )


def test_junit_report_parses_with_a_failure_per_non_passing_submission():
    root = ET.fromstring(grade(*map(str, CHOICES), "--format", "junit").stdout)
    cases = list(root.iter("testcase"))
    assert root.tag == "testsuites" and root.get("tests") == "4"
    assert (root.get("failures"), root.get("errors")) == ("1", "1")
    assert [c.get("name") for c in cases] == [
        "pick/pick.txt",
        "pick/pick.txt",
        "Carol Danvers/answer.txt",
        "notes/notes.txt",
    ]
    assert [c.find("failure") is not None for c in cases] == [False, True, False, False]
    assert [c.find("error") is not None for c in cases] == [False, False, False, True]
    assert cases[1].find("failure").get("type") == "wrong"


def test_output_files_honour_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        grade(*map(str, CHOICES), "--format", "json", "--output", str(tmp_path / "r.json"))
        os.umask(0o077)
        grade(*map(str, CHOICES), "--format", "csv", "--output", str(tmp_path / "r.csv"))
    finally:
        os.umask(previous)
    assert (tmp_path / "r.json").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "r.csv").stat().st_mode & 0o777 == 0o600


def test_gradescope_report_totals_the_scores():
    payload = json.loads(grade(*map(str, CHOICES), "--format", "gradescope").stdout)
    assert payload["score"] == 2.0
    assert [t["status"] for t in payload["tests"]] == ["passed", "failed", "passed", "failed"]


def test_table_is_plain_when_stdout_is_not_a_terminal():
    result = grade(*map(str, CHOICES))
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["learner", "exercise", "status"]
    assert "Passed 2/4 (50%)" in result.stdout
    assert "\x1b[" not in result.stdout


def test_record_without_a_usable_store_is_a_usage_error(tmp_path):
    not_a_database = tmp_path / "progress.sqlite3"
    not_a_database.write_text("these are my lecture notes, not an SQLite file\n" * 100)
    result = CliRunner().invoke(
        main,
        [
            "--packs",
            str(PACKS),
            "--db",
            str(not_a_database),
            "grade",
            str(CLASS / "alice" / "pick.txt"),
            "--record",
        ],
    )
    assert result.exit_code == 2
    assert "--record" in result.output and "Traceback" not in result.output


def test_record_writes_each_verdict_under_its_learner(tmp_path):
    db = tmp_path / "progress.sqlite3"
    result = CliRunner().invoke(
        main,
        [
            "--packs",
            str(PACKS),
            "--db",
            str(db),
            "grade",
            *map(str, CHOICES[:3]),
            "--record",
            "--format",
            "json",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    from tutor.progress.store import ProgressStore

    store = ProgressStore(db)
    try:
        attempts = store.attempts("Carol Danvers", "tiny/pick")
        assert [a.status for a in attempts] == ["passed"]
        assert [a.status for a in store.attempts("pick", "tiny/pick")] == ["passed", "wrong"]
    finally:
        store.close()


def _slow_class(root: Path, count: int) -> None:
    """Choice answers that grade at once (sorted first), then code answers that each hit the
    time limit, so an interrupt lands mid-run."""
    for i in range(4):
        (root / f"a{i}").mkdir(parents=True)
        shutil.copy(CLASS / "alice" / "pick.txt", root / f"a{i}" / "pick.txt")
    for i in range(count):
        (root / f"z{i:03}").mkdir()
        shutil.copy(DATA / "grade" / "hostile" / "sleeper.py", root / f"z{i:03}" / "slow.py")


@pytest.mark.parametrize("to_file", [True, False], ids=["output-file", "stdout"])
def test_interrupt_mid_run_leaves_a_valid_partial_report(tmp_path, to_file):
    submissions = tmp_path / "class"
    _slow_class(submissions, 30)
    out = tmp_path / "out.json"
    command = [
        sys.executable,
        "-m",
        "tutor",
        "--packs",
        str(PACKS),
        "grade",
        str(submissions),
        "--jobs",
        "1",
        "--timeout",
        "0.5",
        "--format",
        "json",
    ]
    if to_file:
        command += ["--output", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(4.0)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    report = json.loads(out.read_text() if to_file else stdout)
    results = report["results"]
    assert 4 <= len(results) < 34
    assert report["summary"]["total"] == len(results)
    assert [r["submission"] for r in results] == sorted(r["submission"] for r in results)
    assert [r["status"] for r in results[:4]] == ["passed"] * 4
    assert {r["status"] for r in results[4:]} <= {"timeout"}
    assert b"Interrupted" in stderr
    if to_file:
        assert sorted(os.listdir(tmp_path)) == ["class", "out.json"]


def test_record_twice_changes_nothing_and_a_pack_update_is_a_marked_regrade(tmp_path):
    from tutor.progress.store import ProgressStore

    db = tmp_path / "progress.sqlite3"
    packs = tmp_path / "packs"
    shutil.copytree(PACKS / "tiny", packs / "tiny")

    def record() -> None:
        CliRunner().invoke(
            main,
            [
                "--packs",
                str(packs),
                "--db",
                str(db),
                "grade",
                str(CLASS / "alice"),
                str(CLASS / "bob"),
                "--record",
                "--format",
                "json",
            ],
            catch_exceptions=False,
        )

    def attempts() -> list[tuple[str, str, str, bool]]:
        with ProgressStore(db) as store:
            return [
                (a.learner, a.status, a.pack_version, a.regrade)
                for learner in ("alice", "bob")
                for a in store.attempts(learner, "tiny/pick")
            ]

    record()
    first = attempts()
    assert first == [("alice", "passed", "0.1.0", False), ("bob", "wrong", "0.1.0", False)]
    record()
    assert attempts() == first
    toml = packs / "tiny" / "pack.toml"
    toml.write_text(toml.read_text().replace('version = "0.1.0"', 'version = "0.2.0"'))
    record()
    assert attempts() == [
        ("alice", "passed", "0.1.0", False),
        ("alice", "passed", "0.2.0", True),
        ("bob", "wrong", "0.1.0", False),
        ("bob", "wrong", "0.2.0", True),
    ]
    record()
    assert len(attempts()) == 4


def test_html_report_is_one_self_contained_page(tmp_path):
    out = tmp_path / "report.html"
    result = grade(str(CLASS), "--format", "html", "--output", str(out))
    assert result.exit_code == 1
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert page.count("<svg") >= 1 + len({"tiny/pick", "tiny/outer"})
    assert "Pass rate per exercise" in page and "Identical submissions" in page
    for learner in ("alice", "bob", "carol", "dave"):
        assert f"<td>{learner}</td>" in page
    assert "isolation" in page and "Skipped files" in page and "notes.txt" in page
