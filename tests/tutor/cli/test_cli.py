"""The foundation commands as a learner types them: list, show, start, pack list."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from exercises.loader import load_catalog
from grader.submission import read_submission
from tutor.cli import main

BUILTIN = [e.qualified_id for e in load_catalog([], entry_points=False).exercises()]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_list_json_has_the_contract_keys():
    result = invoke("list", "--json")
    assert result.exit_code == 0
    packs = json.loads(result.stdout)["packs"]
    assert {"matrix-calculus", "adjoints"} <= {p["id"] for p in packs}
    for pack in packs:
        assert {"id", "title", "version", "exercises"} <= pack.keys()
        for exercise in pack["exercises"]:
            assert {"id", "title", "kind", "difficulty", "source", "status"} <= exercise.keys()
            assert exercise["id"].startswith(pack["id"] + "/")


def test_list_table_shows_every_exercise():
    result = invoke("list")
    assert result.exit_code == 0
    for qualified_id in BUILTIN:
        assert qualified_id in result.output


@pytest.mark.parametrize("qualified_id", BUILTIN)
def test_show_renders_the_prompt_without_raw_latex(qualified_id):
    result = invoke("show", qualified_id)
    assert result.exit_code == 0
    assert "Source" in result.output
    for raw in ("\\frac", "\\top", "\\mathbb", "$"):
        assert raw not in result.output, f"{raw!r} left in the rendered prompt"


@pytest.mark.parametrize("qualified_id", BUILTIN)
def test_start_writes_a_starter_with_the_exercise_header(qualified_id, tmp_path):
    result = invoke("start", qualified_id, "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = list(tmp_path.iterdir())
    assert len(written) == 1
    submission = read_submission(written[0])
    assert submission.exercise == qualified_id


def test_start_refuses_to_overwrite_work(tmp_path):
    assert invoke("start", "adjoints/matmul-backward", "--dir", str(tmp_path)).exit_code == 0
    target = tmp_path / "adjoints__matmul-backward.py"
    target.write_text("# my work\n")
    again = invoke("start", "adjoints/matmul-backward", "--dir", str(tmp_path))
    assert again.exit_code == 2 and "exists already" in again.output
    assert target.read_text() == "# my work\n"


def test_unknown_exercise_exits_2_with_a_suggestion():
    result = invoke("show", "adjoints/matmul-backwards")
    assert result.exit_code == 2
    assert "unknown exercise 'adjoints/matmul-backwards'" in result.output
    assert "did you mean 'adjoints/matmul-backward'" in result.output


def test_bare_exercise_id_suggests_the_qualified_one():
    result = invoke("show", "matmul-backward")
    assert result.exit_code == 2
    assert "did you mean 'adjoints/matmul-backward'" in result.output


def test_broken_pack_is_reported_and_the_rest_listed(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pack.toml").write_text('id = "broken"\ntitle = "x"\n')
    result = CliRunner().invoke(main, ["--packs", str(broken), "list"])
    assert result.exit_code == 0
    assert "missing required field 'version'" in result.output
    assert "matrix-calculus/linear-yax" in result.output


def test_pack_list_names_origin_and_problems(tmp_path, data_dir):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pack.toml").write_text("id = \n")
    result = invoke("--packs", str(data_dir / "packs/tiny"), "--packs", str(broken), "pack", "list")
    assert result.exit_code == 0
    assert "tiny" in result.output and "path" in result.output
    assert "broken:" in result.output and "not valid TOML" in result.output
