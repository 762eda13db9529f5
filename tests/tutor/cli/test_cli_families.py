"""The command-line contract of families (DESIGN.md, "Command line" and "Families"): list marks
them, show --variant N prints a variant (and as JSON, data a test checks with numpy alone),
check and start take --variant, a `# variant: N` header is read by check and grade, and a
learner without --variant works on their current variant until it is solved or out of tries."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from exercises.loader import load_catalog
from grader.family.variant import variant
from tutor.cli import main
from tutor.progress.store import ProgressStore

CATALOG = load_catalog([], entry_points=False)
ACTIVATIONS = CATALOG.find("families/activations")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _solution(n: int) -> str:
    return variant(ACTIVATIONS, n).expression.expected[0]


def test_list_json_marks_families():
    exercises = {
        e["id"]: e
        for p in json.loads(invoke("list", "--json").stdout)["packs"]
        for e in p["exercises"]
    }
    assert exercises["families/activations"]["family"] is True
    assert exercises["matrix-calculus/linear-yax"]["family"] is False


def test_show_variant_json_has_the_contract_keys_and_no_solution():
    result = invoke("show", "families/activations", "--variant", "12", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"cost", "wrt", "symbols", "functions", "cost_numpy"} <= data.keys()
    assert "solution" not in data and "solution_numpy" not in data
    assert data["variant"] == 12 and data["wrt"] in data["symbols"]
    for symbol in data["symbols"].values():
        assert len(symbol["shape"]) == 2 and all(isinstance(d, int) for d in symbol["shape"])
        assert symbol["py"].isidentifier()
    derivatives = [f for f in data["functions"].values() if "derivative_of" in f]
    assert derivatives and all(f["derivative_of"] in data["functions"] for f in derivatives)


def test_show_variant_json_with_solution_gives_the_answer_in_both_forms():
    data = json.loads(
        invoke("show", "families/activations", "--variant", "12", "--json", "--solution").stdout
    )
    assert data["solution"] and data["solution_numpy"]
    assert (
        invoke(
            "check", "families/activations", "--variant", "12", "--answer", data["solution"]
        ).exit_code
        == 0
    )


def test_show_of_a_variant_never_prints_its_answer():
    for n in range(5):
        shown = invoke("show", "families/activations", "--variant", str(n)).output
        compact = "".join(shown.split())
        assert f"Variant {n}." in " ".join(shown.split())
        assert "".join(variant(ACTIVATIONS, n).expression.expected[0].split()) not in compact


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "matrix-calculus/linear-yax", "--variant", "2"], "not a family"),
        (["show", "matrix-calculus/linear-yax", "--json"], "not a family"),
        (["check", "families/products", "--variant", "1000000", "--answer", "x"], "0 to 999999"),
        (["check", "families/products", "--variant", "-1", "--answer", "x"], "-1"),
    ],
)
def test_bad_variant_requests_are_usage_errors(args, message):
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.output


def test_check_variant_passes_the_answer_and_names_a_slip():
    right = invoke(
        "check", "families/activations", "--variant", "3", "--answer", _solution(3), "--json"
    )
    assert right.exit_code == 0
    assert json.loads(right.stdout)["variant"] == 3
    slip = next(
        s for s in variant(ACTIVATIONS, 3).derived.slips if s.mistake == "missing-derivative"
    )
    wrong = invoke(
        "check", "families/activations", "--variant", "3", "--answer", slip.expression, "--json"
    )
    assert wrong.exit_code == 1
    verdict = json.loads(wrong.stdout)
    assert verdict["mistake"] == "missing-derivative" and verdict["variant"] == 3


def test_start_writes_the_variant_header_that_check_and_grade_read(tmp_path):
    assert (
        invoke("start", "families/activations", "--variant", "5", "--dir", str(tmp_path)).exit_code
        == 0
    )
    (file,) = tmp_path.iterdir()
    assert "# variant: 5\n" in file.read_text(encoding="utf-8")
    with file.open("a", encoding="utf-8") as f:
        f.write(_solution(5) + "\n")
    checked = invoke("check", str(file), "--json")
    assert checked.exit_code == 0 and json.loads(checked.stdout)["variant"] == 5
    graded = invoke("grade", str(file), "--format", "json")
    assert graded.exit_code == 0, graded.output
    (result,) = json.loads(graded.stdout)["results"]
    assert result["passed"] and result["variant"] == 5


def test_grade_without_a_variant_header_says_which_is_missing(tmp_path):
    file = tmp_path / "answer.txt"
    file.write_text("# exercise: families/activations\nx\n", encoding="utf-8")
    graded = invoke("grade", str(file), "--format", "json")
    (result,) = json.loads(graded.stdout)["results"]
    assert result["status"] == "error" and "# variant: N" in result["feedback"]


def _current() -> int:
    return json.loads(invoke("show", "families/activations", "--json").stdout)["variant"]


def test_a_learner_keeps_a_variant_until_solved_then_gets_a_fresh_one():
    first = _current()
    assert _current() == first
    assert invoke("check", "families/activations", "--answer", _solution(first)).exit_code == 0
    second = _current()
    assert second != first
    assert invoke("check", "families/activations", "--answer", _solution(second)).exit_code == 0
    assert _current() not in (first, second)


def test_three_wrong_tries_give_a_fresh_variant_and_typos_do_not_count():
    first = _current()
    slip = variant(ACTIVATIONS, first).derived.slips[-1].expression
    for _ in range(3):
        assert invoke("check", "families/activations", "--answer", "q +").exit_code == 1
    assert _current() == first
    for _ in range(2):
        invoke("check", "families/activations", "--answer", slip)
    assert _current() == first
    invoke("check", "families/activations", "--answer", slip)
    assert _current() != first


def test_every_attempt_records_its_variant():
    invoke("check", "families/activations", "--variant", "9", "--answer", _solution(9))
    invoke("check", "matrix-calculus/linear-yax", "--answer", "y x^T")
    with ProgressStore(Path(os.environ["BACKPROP_TUTOR_DB"])) as store:
        variants = [(a.exercise, a.variant) for a in store.attempts("tester")]
    assert variants == [("families/activations", 9), ("matrix-calculus/linear-yax", None)]


def test_progress_shows_mastery_of_a_family():
    for _ in range(3):
        invoke("check", "families/activations", "--answer", _solution(_current()))
    data = json.loads(invoke("progress", "--format", "json").stdout)
    (row,) = data["families"]
    assert row["exercise"] == "families/activations" and row["mastered"] is True
    assert "Family families/activations: mastered" in invoke("progress").output


def test_review_serves_a_fresh_variant_of_a_solved_family():
    import datetime as dt

    first = _current()
    invoke("check", "families/activations", "--answer", _solution(first))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    with ProgressStore(Path(os.environ["BACKPROP_TUTOR_DB"])) as store:
        assert "families/activations" in store.due_reviews("tester", now=later)
    assert _current() != first


def test_list_table_shows_a_family_as_such():
    lines = [line for line in invoke("list").output.splitlines() if "families/products" in line]
    assert lines and " family " in lines[0]


def _assigned(learner: str, key: str = "hw3 spring") -> int:
    from grader.family.numbering import assigned_variant

    return assigned_variant(learner, "families/activations", key)


def _class_folder(root: Path, answers: dict[str, tuple[int | None, str]]) -> Path:
    """ROOT/LEARNER/answer.txt as an LMS download lays it out: a header naming the variant
    (or none) and the answer."""
    for learner, (number, answer) in answers.items():
        (root / learner).mkdir(parents=True)
        header = "# exercise: families/activations\n"
        if number is not None:
            header += f"# variant: {number}\n"
        (root / learner / "answer.txt").write_text(header + answer + "\n", encoding="utf-8")
    return root


def test_assign_gives_each_learner_a_variant_that_depends_on_the_key():
    shown = invoke("assign", "families/activations", "hw3 spring", "alice", "bob")
    assert shown.exit_code == 0, shown.output
    rows = dict(line.split() for line in shown.stdout.splitlines())
    assert rows == {"alice": str(_assigned("alice")), "bob": str(_assigned("bob"))}
    others = [_assigned(name, "hw3 fall") for name in ("alice", "bob")]
    assert others != [_assigned("alice"), _assigned("bob")]


def test_assign_reads_a_roster_and_writes_csv(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeffstudent,email\nalice,a@x.org\n\nbob,b@x.org\n", encoding="utf-8")
    shown = invoke(
        "assign", "families/activations", "hw3 spring", "carol", "--roster", str(roster), "--csv"
    )
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines() == [
        "learner,variant",
        f"carol,{_assigned('carol')}",
        f"alice,{_assigned('alice')}",
        f"bob,{_assigned('bob')}",
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["assign", "matrix-calculus/linear-yax", "k", "alice"], "not a family"),
        (["assign", "families/activations", "k"], "--roster"),
        (["assign", "families/nope", "k", "alice"], "families/nope"),
    ],
)
def test_assign_refuses_what_it_cannot_assign(args, message):
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.output


def test_grade_with_an_assignment_grades_each_learner_as_their_own_variant(tmp_path):
    alice, bob, carol, dave = (_assigned(n) for n in ("alice", "bob", "carol", "dave"))
    other = next(n for n in range(50) if n != carol and _solution(n) != _solution(carol))
    subs = _class_folder(
        tmp_path / "subs",
        {
            "alice": (alice, _solution(alice)),
            "bob": (None, _solution(bob)),  # no header: graded as the assigned one
            "carol": (other, _solution(other)),  # right answer to a variant she picked herself
            "dave": (dave, _solution(alice) if _solution(alice) != _solution(dave) else "x"),
        },
    )
    graded = invoke("grade", str(subs), "--assignment", "hw3 spring", "--format", "json")
    results = {r["learner"]: r for r in json.loads(graded.stdout)["results"]}
    assert results["alice"]["passed"] and results["alice"]["variant"] == alice
    assert results["bob"]["passed"] and results["bob"]["variant"] == bob
    assert results["carol"]["status"] == "error" and not results["carol"]["passed"]
    assert f"--variant {carol}" in results["carol"]["feedback"]
    assert not results["dave"]["passed"] and results["dave"]["variant"] == dave
    assert graded.exit_code == 1


def test_without_an_assignment_the_file_header_names_the_variant(tmp_path):
    other = _assigned("carol") + 1
    subs = _class_folder(tmp_path / "subs", {"carol": (other, _solution(other))})
    graded = invoke("grade", str(subs), "--format", "json")
    (result,) = json.loads(graded.stdout)["results"]
    assert result["passed"] and result["variant"] == other
