"""The command line as a new learner met it (issue 19, points 14–16): `show` for a terminal and
for a pipe, `check FILE` by its header, options after the command, colour and encodings,
read-only and misplaced stores."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from exercises.loader import load_catalog
from tutor.cli import main
from tutor.mathtext import latex_to_unicode

BUILTIN = load_catalog([], entry_points=False)
ROOT = Path(__file__).resolve().parents[3]


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


def run(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The real console entry point in a child process, as a shell runs it."""
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def run_in_terminal(*args: str, env: dict | None = None) -> bytes:
    """Output of the command run with a pseudo-terminal as stdout (as a learner sees it)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tutor", *args],
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks)


# -- 14. show ------------------------------------------------------------------------------
@pytest.mark.parametrize("qualified_id", [e.qualified_id for e in BUILTIN.exercises()])
def test_show_piped_is_plain_rendered_text_without_repeated_sources(qualified_id):
    out = invoke("show", qualified_id).output
    assert "\x1b[" not in out
    assert "**" not in out and "|---" not in out and "| ---" not in out
    exercise = BUILTIN.find(qualified_id)
    document = exercise.sources[0].document
    in_prompt = exercise.prompt().count(document)
    assert out.count(document) <= max(in_prompt, 1), "the sources are printed twice"


def test_show_on_a_terminal_is_styled_and_honours_no_color():
    styled = run_in_terminal("show", "matrix-calculus/linear-yabx-db")
    assert b"\x1b[1m" in styled and b"**" not in styled
    plain = run_in_terminal("show", "matrix-calculus/linear-yabx-db", env={"NO_COLOR": "1"})
    assert b"\x1b[" not in plain and b"Question." in plain


@pytest.mark.parametrize(
    "qualified_id, start",
    [
        ("adjoints/matmul-backward", True),
        ("matrix-calculus/linear-yabx-db", False),
        ("adjoints/spot-the-error", False),
    ],
)
def test_show_suggests_start_only_for_code(qualified_id, start):
    out = invoke("show", qualified_id).output
    assert ("backprop-tutor start" in out) == start
    if not start:
        assert f"backprop-tutor check {qualified_id} --answer" in out


def test_a_choice_starter_lists_its_options(tmp_path):
    assert invoke("start", "adjoints/spot-the-error", "--dir", str(tmp_path)).exit_code == 0
    text = (tmp_path / "adjoints__spot-the-error.txt").read_text(encoding="utf-8")
    for option in BUILTIN.find("adjoints/spot-the-error").choice.options:
        assert f"#   ({option.key}) " in text


# -- 15. check FILE by its header; options after the command ---------------------------------
def test_check_takes_the_exercise_from_the_file_header(tmp_path):
    db = tmp_path / "p.sqlite3"
    assert invoke("start", "matrix-calculus/linear-yax", "--dir", str(tmp_path)).exit_code == 0
    answer = tmp_path / "matrix-calculus__linear-yax.txt"
    answer.write_text(answer.read_text(encoding="utf-8") + "y x^T\n", encoding="utf-8")
    result = invoke("--db", str(db), "check", str(answer), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["exercise"] == "matrix-calculus/linear-yax"


def test_check_file_without_a_header_says_how_to_name_the_exercise(tmp_path):
    answer = tmp_path / "answer.txt"
    answer.write_text("y x^T\n", encoding="utf-8")
    result = invoke("--db", str(tmp_path / "p.sqlite3"), "check", str(answer))
    assert result.exit_code == 2 and "# exercise: PACK/ID" in result.output


def test_global_options_are_accepted_after_the_command(tmp_path):
    db = tmp_path / "p.sqlite3"
    result = invoke(
        "check",
        "matrix-calculus/linear-yax",
        "--answer",
        "y x^T",
        "--learner",
        "grace",
        "--db",
        str(db),
        "--json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["learner"] == "grace"
    progress = invoke("progress", "--format", "json", f"--db={db}", "--learner=grace")
    assert json.loads(progress.stdout)["exercises"][0]["solved"] is True
    packs = invoke("list", "--packs", str(ROOT / "tests/data/tutor/packs"), "--json")
    assert "study" in {p["id"] for p in json.loads(packs.stdout)["packs"]}


def test_an_answer_that_looks_like_an_option_is_left_alone(tmp_path):
    result = invoke(
        "--db",
        str(tmp_path / "p.sqlite3"),
        "check",
        "matrix-calculus/linear-yax",
        "--answer",
        "--db",
    )
    assert result.exit_code in (1, 2) and "Traceback" not in result.output


# -- 16. colour, encodings, stores -----------------------------------------------------------
def test_check_honours_no_color_on_a_terminal(tmp_path):
    args = (
        "--db",
        str(tmp_path / "p.sqlite3"),
        "check",
        "matrix-calculus/linear-yax",
        "--answer",
        "x y^T",
    )
    assert b"\x1b[" in run_in_terminal(*args)
    assert b"\x1b[" not in run_in_terminal(*args, env={"NO_COLOR": "1"})


@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "latin-1"}, {"PYTHONIOENCODING": "iso8859-15"}]
)
def test_a_non_utf8_output_gets_ascii_forms_not_a_traceback(tmp_path, env):
    """(An ASCII stream is click's case: it writes UTF-8 there rather than fail.)"""
    db = str(tmp_path / "p.sqlite3")
    wrong = run(
        "--db", db, "check", "mlp/delta-hidden", "--answer", "(W^{l+1})^T delta^{l+1}", env=env
    )
    assert wrong.returncode == 1, wrong.stderr
    assert b"Traceback" not in wrong.stderr
    text = wrong.stdout.decode("latin-1")
    assert "Mistake: missing-derivative" in text and "  x value" in text
    assert "delta^l" in text and "?" not in text
    shown = run("show", "mlp/delta-hidden", env=env)
    assert shown.returncode == 0 and b"Traceback" not in shown.stderr
    assert b"delta^{l+1}" in shown.stdout or b"delta^(l+1)" in shown.stdout
    as_json = run("--db", db, "check", "mlp/delta-hidden", "--answer", "z^l", "--json", env=env)
    assert json.loads(as_json.stdout)["exercise"] == "mlp/delta-hidden"


def test_a_passing_check_on_a_read_only_store_exits_0_and_warns(unprivileged):
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        db = Path(folder) / "ro.sqlite3"
        assert (
            invoke(
                "--db", str(db), "check", "matrix-calculus/linear-yax", "--answer", "2 y x^T"
            ).exit_code
            == 1
        )
        db.chmod(0o444)

        def check_again() -> str:
            result = CliRunner().invoke(
                main, ["--db", str(db), "check", "matrix-calculus/linear-yax", "--answer", "y x^T"]
            )
            return json.dumps([result.exit_code, result.stdout, result.stderr])

        code, stdout, stderr = json.loads(unprivileged(check_again))
        assert code == 0, stderr
        assert "PASSED" in stdout
        assert "not recorded" in stderr and "read-only" in stderr
        assert len(invoke("--db", str(db), "progress", "--format", "json").stdout) > 0


def test_a_db_in_a_missing_folder_is_refused(tmp_path):
    target = tmp_path / "nonexistent" / "dir" / "x.sqlite3"
    result = invoke("--db", str(target), "check", "matrix-calculus/linear-yax", "--answer", "y x^T")
    assert result.exit_code == 2 and "does not exist" in result.output
    assert not target.parent.exists()
    from_env = invoke("list", env={"BACKPROP_TUTOR_DB": str(target)})
    assert from_env.exit_code == 2 and not target.parent.exists()


def test_the_default_store_location_is_created_when_missing(tmp_path, monkeypatch):
    from tutor import locations

    monkeypatch.setattr(
        locations.platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "fresh" / "data")
    )
    monkeypatch.delenv("BACKPROP_TUTOR_DB", raising=False)
    result = invoke("check", "matrix-calculus/linear-yax", "--answer", "y x^T")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fresh" / "data" / "progress.sqlite3").is_file()


def test_check_names_dimensions_as_the_prompt_does(tmp_path):
    result = invoke(
        "--db",
        str(tmp_path / "p.sqlite3"),
        "check",
        "mlp/delta-hidden",
        "--answer",
        "W^{l+1} δ^{l+1}",
    )
    assert result.exit_code == 1
    assert latex_to_unicode("n_{l+1}") in result.output and "n_next" not in result.output
    as_json = invoke(
        "--db",
        str(tmp_path / "p.sqlite3"),
        "check",
        "mlp/delta-hidden",
        "--answer",
        "W^{l+1} δ^{l+1}",
        "--json",
    )
    assert "n_next" in as_json.stdout  # the JSON verdict is the grader's, unchanged
