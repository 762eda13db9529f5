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


def run_autograder(bundle: Path, root: Path, files: dict[str, Path | str]) -> dict:
    with zipfile.ZipFile(bundle) as zipped:
        zipped.extractall(root / "source")
    (root / "submission").mkdir()
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
