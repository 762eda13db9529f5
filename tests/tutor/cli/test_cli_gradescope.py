"""The Gradescope bundle end to end: build the zip, unpack it as Gradescope does into
$AUTOGRADER_ROOT, run run_autograder on right, wrong, crashing and hostile uploads, and read
results.json as Gradescope reads it."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tutor.cli import main

DATA = Path(__file__).parents[2] / "data"
PACKS = DATA / "packs"
CLASS = DATA / "grade" / "class"
EXERCISES = ("tiny/scale-grad", "tiny/pick")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    result = CliRunner().invoke(
        main,
        ["--packs", str(PACKS), "gradescope", *EXERCISES, "--output", str(out), "--timeout", "1"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_zip_holds_what_gradescope_runs(bundle):
    with zipfile.ZipFile(bundle) as zipped:
        names = zipped.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in zipped.infolist()}
        config = json.loads(zipped.read("autograder.json"))
    assert {"setup.sh", "run_autograder", "autograder.json"} <= set(names)
    assert any(n.startswith("wheels/backprop_tutor-") and n.endswith(".whl") for n in names)
    assert "packs/tiny/pack.toml" in names  # an instructor pack travels with the bundle
    assert all(modes[n] & stat.S_IXUSR for n in ("setup.sh", "run_autograder"))
    assert config["exercises"] == list(EXERCISES) and config["packs"] == ["packs/tiny"]


def test_the_wheel_holds_the_modules_of_the_source_and_no_others(bundle):
    """Built from a clean copy: nothing a checkout's build/ folder kept of moved modules."""
    root = Path(__file__).parents[3]
    with zipfile.ZipFile(bundle) as zipped:
        wheel = next(n for n in zipped.namelist() if n.endswith(".whl"))
        with zipfile.ZipFile(io.BytesIO(zipped.read(wheel))) as built:
            modules = {n for n in built.namelist() if n.endswith(".py")}
    assert "tutor/cli/main.py" in modules and "grader/code/worker.py" in modules
    assert sorted(m for m in modules if not (root / m).is_file()) == []


def run_autograder(
    bundle: Path, root: Path, files: dict[str, Path | str], metadata: dict | None = None
) -> dict:
    with zipfile.ZipFile(bundle) as zipped:
        zipped.extractall(root / "source")
    (root / "submission").mkdir()
    if metadata is not None:  # what Gradescope writes beside the upload
        (root / "submission_metadata.json").write_text(json.dumps(metadata))
    for name, content in files.items():
        target = root / "submission" / name
        if isinstance(content, Path):
            shutil.copy(content, target)
        else:
            target.write_text(content)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "BACKPROP_TUTOR_PYTHON": sys.executable}
    subprocess.run(
        ["bash", str(root / "source" / "run_autograder")], env=env, check=True, timeout=120
    )
    return json.loads((root / "results" / "results.json").read_text())


def by_name(results: dict) -> dict[str, dict]:
    for test in results["tests"]:
        assert {"name", "score", "max_score", "output", "visibility"} <= set(test)
    return {t["name"]: t for t in results["tests"]}


def test_right_answers_get_full_marks(bundle, tmp_path):
    results = run_autograder(
        bundle,
        tmp_path,
        {"scale.py": CLASS / "carol" / "scale.py", "pick.txt": CLASS / "alice" / "pick.txt"},
    )
    tests = by_name(results)
    assert results["score"] == 2.0
    assert [tests[e]["score"] for e in EXERCISES] == [1.0, 1.0]
    assert results["extra_data"]["packs"] == {"tiny": "0.1.0"}
    assert results["extra_data"]["isolation"] in ("kernel", "process")


def test_wrong_crashing_hostile_and_missing_uploads_score_zero_with_feedback(bundle, tmp_path):
    results = run_autograder(
        bundle,
        tmp_path / "wrong",
        {"scale.py": CLASS / "dave" / "scale.py", "pick.txt": CLASS / "bob" / "pick.txt"},
    )
    assert results["score"] == 0.0
    assert all(t["output"] for t in results["tests"])
    crash = "# exercise: tiny/scale-grad\ndef weighted_sum_grad(a, w):\n    raise ValueError('x')\n"
    results = run_autograder(bundle, tmp_path / "crash", {"scale.py": crash})
    tests = by_name(results)
    assert (
        tests["tiny/scale-grad"]["score"] == 0.0
        and "ValueError" in tests["tiny/scale-grad"]["output"]
    )
    assert "No file answers tiny/pick" in tests["tiny/pick"]["output"]
    hostile = run_autograder(
        bundle, tmp_path / "loop", {"scale.py": DATA / "grade" / "hostile" / "loop.py"}
    )
    assert by_name(hostile)["tiny/scale-grad"]["score"] == 0.0
    assert not (tmp_path / "loop" / "results" / "extra").exists()


def test_a_file_named_as_start_names_it_needs_no_header(bundle, tmp_path):
    text = (CLASS / "alice" / "pick.txt").read_text().replace("# exercise: tiny/pick\n", "")
    results = run_autograder(bundle, tmp_path, {"tiny__pick.txt": text})
    assert by_name(results)["tiny/pick"]["score"] == 1.0


FAMILY = "families/activations"


@pytest.fixture(scope="module")
def assigned_bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("assigned") / "autograder.zip"
    result = CliRunner().invoke(
        main, ["gradescope", FAMILY, "--output", str(out), "--assignment", "hw3 key"]
    )
    assert result.exit_code == 0, result.output
    return out


def _gradescope_user(email: str) -> dict:
    return {"users": [{"email": email, "name": "A Student", "sid": "1234"}], "id": 77}


def _variants_by_email(tmp_path: Path) -> dict[str, int]:
    """What the instructor hands out: `assign` over Gradescope's roster export."""
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "First Name,Last Name,SID,Email,Role\n"
        "Ada,L,1,ada@uni.edu,Student\nAlan,T,2,alan@uni.edu,Student\n"
    )
    shown = CliRunner().invoke(
        main, ["assign", FAMILY, "hw3 key", "--roster", str(roster), "--column", "email", "--csv"]
    )
    assert shown.exit_code == 0, shown.output
    return {row.split(",")[0]: int(row.split(",")[1]) for row in shown.stdout.split()[1:]}


def _answer(number: int) -> str:
    from exercises.loader import load_catalog
    from grader.family.variant import variant

    family = load_catalog([], entry_points=False).find(FAMILY)
    return variant(family, number).expression.expected[0]


def test_an_assignment_bundle_grades_each_student_as_their_variant(assigned_bundle, tmp_path):
    variants = _variants_by_email(tmp_path)
    ada, alan = variants["ada@uni.edu"], variants["alan@uni.edu"]
    assert ada != alan
    right = run_autograder(
        assigned_bundle,
        tmp_path / "ada",
        {"families__activations.txt": _answer(ada)},  # named as start names it, no header
        _gradescope_user("ada@uni.edu"),
    )
    assert right["score"] == 1.0, right
    copied = run_autograder(
        assigned_bundle,
        tmp_path / "alan",
        {"answer.txt": f"# exercise: {FAMILY}\n# variant: {ada}\n{_answer(ada)}\n"},
        _gradescope_user("alan@uni.edu"),
    )
    (test,) = copied["tests"]
    assert test["score"] == 0.0 and f"--variant {alan}" in test["output"]
    assert f"variant {ada} " in test["output"] and _answer(alan) not in test["output"]


def test_an_assignment_bundle_tells_a_student_without_a_file_their_variant(
    assigned_bundle, tmp_path
):
    variants = _variants_by_email(tmp_path)
    results = run_autograder(assigned_bundle, tmp_path / "r", {}, _gradescope_user("ada@uni.edu"))
    (test,) = results["tests"]
    assert f"start {FAMILY} --variant {variants['ada@uni.edu']}" in test["output"]


def test_an_assignment_bundle_without_metadata_says_so_and_scores_zero(assigned_bundle, tmp_path):
    results = run_autograder(assigned_bundle, tmp_path, {"a.txt": f"# exercise: {FAMILY}\nx\n"})
    assert results["score"] == 0.0 and "who submitted" in results["output"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--packs", str(PACKS), "gradescope", "tiny/pick", "--assignment", "k"]
            + ["--output", "x.zip"],
            "none of these exercises",
        ),
        (["assign", FAMILY, "k", "alice", "--column", "Email"], "--roster"),
    ],
)
def test_an_assignment_needs_a_family_and_a_roster_column_needs_a_roster(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and message in result.output
    assert not Path("x.zip").exists()


def test_a_roster_without_the_column_named_is_a_usage_error(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("Name,SID\nAda,1\n")
    result = CliRunner().invoke(
        main, ["assign", FAMILY, "k", "--roster", str(roster), "--column", "Email"]
    )
    assert result.exit_code == 2 and "no column 'Email'" in result.output
    assert "Name, SID" in result.output


def test_student_code_cannot_read_the_bundle_at_the_kernel_level(bundle, tmp_path):
    """A submission that is right only when it can read the autograder's own files (its
    config, where an assignment's key would be, or an instructor pack): at the kernel level
    it never can."""
    source = tmp_path / "source"
    hostile = (
        "# exercise: tiny/scale-grad\n"
        "def weighted_sum_grad(a, w):\n"
        f"    for path in ({str(source / 'autograder.json')!r},\n"
        f"                 {str(source / 'packs' / 'tiny' / 'pack.toml')!r}):\n"
        "        try:\n"
        "            open(path).read()\n"
        "        except OSError:\n"
        "            return 0 * a\n"
        "    return a.copy()\n"
    )
    results = run_autograder(bundle, tmp_path, {"scale.py": hostile})
    if results["extra_data"]["isolation"] != "kernel":
        pytest.skip("this machine offers only the process level")
    assert by_name(results)["tiny/scale-grad"]["score"] == 0.0
