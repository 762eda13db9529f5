"""Learner rules as an instructor meets them: class folders, one learner's folder, files given
directly, Canvas's flat export, and --learner-from."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.loader import load_catalog
from grader.batch import discover, resolve
from grader.identity import LearnerRule, LearnerRuleError, merge_warnings

CATALOG = load_catalog([Path(__file__).parents[1] / "data" / "packs"])
PICK = "# exercise: tiny/pick\nb\n"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def learners(*paths, rule="auto"):
    parsed = LearnerRule.parse(rule)
    return {
        Path(j.item.shown).name: j.learner
        for j in (
            job
            for i, item in enumerate(discover(paths))
            for job in resolve(i, item, CATALOG, None, parsed)
        )
    }


def test_two_learner_folders_given_as_two_paths_are_two_learners(tmp_path):
    write(tmp_path, {"alice/matmul.py": PICK, "alice/pick.txt": PICK, "bob/pick.txt": PICK})
    jobs = [
        job
        for i, item in enumerate(discover([tmp_path / "alice", tmp_path / "bob"]))
        for job in resolve(i, item, CATALOG)
    ]
    assert sorted({(Path(j.item.shown).parent.name, j.learner) for j in jobs}) == [
        ("alice", "alice"),
        ("bob", "bob"),
    ]


def test_a_header_cannot_file_work_under_another_learner(tmp_path):
    write(tmp_path, {"bob/m2.txt": "# learner: alice\n" + PICK, "alice/m1.txt": PICK})
    jobs = {
        j.item.shown: j
        for j in (
            job for i, item in enumerate(discover([tmp_path])) for job in resolve(i, item, CATALOG)
        )
    }
    bob = jobs[str(tmp_path / "bob" / "m2.txt")]
    assert bob.learner == "bob" and "'# learner: alice' ignored" in bob.warning


def test_header_rule_is_there_when_the_instructor_asks_for_it(tmp_path):
    write(tmp_path, {"bob/m2.txt": "# learner: alice\n" + PICK})
    assert learners(tmp_path, rule="header") == {"m2.txt": "alice"}


def test_files_given_directly_keep_header_else_stem(tmp_path):
    write(tmp_path, {"a/matmul.txt": PICK, "b/other.txt": "# learner: Zoë\n" + PICK})
    assert learners(tmp_path / "a" / "matmul.txt", tmp_path / "b" / "other.txt") == {
        "matmul.txt": "matmul",
        "other.txt": "Zoë",
    }


def test_two_places_under_one_learner_are_reported():
    warnings = merge_warnings({"matmul": {"subs/alice", "subs/bob"}, "carol": {"subs/carol"}})
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "learner 'matmul' gathers files from 2 places (subs/alice, subs/bob)"
    )


CANVAS_FILES = {
    "doe_jane_12345_67890_matmul.py": PICK,
    "doe_jane_12345_67891_pick.txt": PICK,
    "smithjohn_late_22222_67892_pick.txt": PICK,
    "o'neil_mary_33333_67893_pick-1.txt": PICK,
}


def test_a_flat_canvas_export_is_recognised_without_options(tmp_path):
    write(tmp_path, CANVAS_FILES)
    assert learners(tmp_path) == {
        "doe_jane_12345_67890_matmul.py": "doe_jane",
        "doe_jane_12345_67891_pick.txt": "doe_jane",
        "smithjohn_late_22222_67892_pick.txt": "smithjohn",
        "o'neil_mary_33333_67893_pick-1.txt": "o'neil_mary",
    }


def test_a_pattern_names_learners_of_any_export(tmp_path):
    write(tmp_path, {"hw3-alice-v1.txt": PICK, "hw3-bob-v2.txt": PICK, "README": "hi"})
    assert learners(tmp_path, rule=r"hw3-(?P<learner>[a-z]+)-") == {
        "hw3-alice-v1.txt": "alice",
        "hw3-bob-v2.txt": "bob",
        "README": "README",
    }


def test_a_pattern_that_does_not_match_says_so(tmp_path):
    write(tmp_path, {"x.txt": PICK})
    (job,) = [
        job
        for item in discover([tmp_path])
        for job in resolve(0, item, CATALOG, None, LearnerRule.parse("canvas"))
    ]
    assert job.learner == "x" and "does not match --learner-from canvas" in job.warning


@pytest.mark.parametrize("text", ["(", "no-group-here"])
def test_unusable_rules_are_refused(text):
    with pytest.raises(LearnerRuleError):
        LearnerRule.parse(text)


def test_stem_and_folder_rules(tmp_path):
    write(tmp_path, {"alice/hw/pick.txt": PICK})
    assert learners(tmp_path, rule="stem") == {"pick.txt": "pick"}
    assert learners(tmp_path, rule="folder") == {"pick.txt": "alice"}
