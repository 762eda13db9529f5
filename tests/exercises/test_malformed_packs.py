"""Every kind of broken pack is reported with its file, field and a message a person can act on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exercises.loader import load_catalog


@pytest.fixture
def pack(tmp_path: Path, data_dir: Path) -> Path:
    target = tmp_path / "tiny"
    shutil.copytree(data_dir / "packs" / "tiny", target)
    return target


def load(folder: Path):
    return load_catalog([folder], builtin=False, entry_points=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_text(catalog) -> list[str]:
    return [str(p) for p in catalog.problems]


def only_problem(catalog, *fragments: str) -> str:
    text = problems_text(catalog)
    hits = [p for p in text if all(f in p for f in fragments)]
    assert hits, f"no problem mentions {fragments}: {text}"
    return hits[0]


def test_the_fixture_pack_is_valid(pack):
    catalog = load(pack)
    assert catalog.problems == []
    assert [e.qualified_id for e in catalog.exercises()] == [
        "tiny/scale-grad",
        "tiny/outer",
        "tiny/pick",
    ]


def test_missing_pack_toml_is_reported(pack):
    (pack / "pack.toml").unlink()
    catalog = load(pack)
    assert catalog.packs == []
    only_problem(catalog, str(pack), "no pack.toml")


def test_invalid_toml_names_the_file_and_line(pack):
    edit(pack / "pack.toml", 'title = "Tiny test pack"', 'title = "Tiny test pack')
    only_problem(load(pack), "pack.toml", "not valid TOML", "line 2")


def test_unknown_key_suggests_the_right_one(pack):
    edit(pack / "pack.toml", "title =", "titel =")
    catalog = load(pack)
    only_problem(catalog, "pack.toml", "[titel]", "unknown key 'titel'", "did you mean 'title'")
    only_problem(catalog, "pack.toml", "missing required field 'title'")


def test_missing_version_is_a_missing_field(pack):
    edit(pack / "pack.toml", 'version = "0.1.0"\n', "")
    only_problem(load(pack), "pack.toml", "[version]", "missing required field 'version'")


def test_wrong_type_names_both_types(pack):
    edit(
        pack / "pack.toml",
        'exercises = ["scale-grad", "outer", "pick"]',
        'exercises = "scale-grad"',
    )
    only_problem(load(pack), "[exercises]", "must be a list, not a string")


def test_pack_id_must_be_lowercase_dashes(pack):
    edit(pack / "pack.toml", 'id = "tiny"', 'id = "Tiny Pack"')
    only_problem(load(pack), "[id]", "'Tiny Pack' is not a valid id")


def test_duplicate_exercise_id(pack):
    edit(pack / "pack.toml", '"outer", "pick"', '"outer", "outer", "pick"')
    catalog = load(pack)
    only_problem(catalog, "[exercises[2]]", "duplicate exercise id 'outer'")
    assert len(catalog.exercises()) == 3


def test_listed_exercise_without_folder_suggests_a_folder(pack):
    edit(pack / "pack.toml", '"pick"]', '"pikc"]')
    catalog = load(pack)
    only_problem(catalog, "no folder 'pikc'", "did you mean 'pick'")
    only_problem(catalog, "folder 'pick' has an exercise.toml but is not listed")


def test_exercise_id_must_match_folder(pack):
    edit(pack / "outer" / "exercise.toml", 'title = "Outer', 'id = "inner"\ntitle = "Outer')
    catalog = load(pack)
    only_problem(catalog, "outer/exercise.toml", "[id]", "must match its folder name 'outer'")
    assert [e.id for e in catalog.exercises()] == ["scale-grad", "pick"]


def test_unknown_kind_suggests_one(pack):
    edit(pack / "outer" / "exercise.toml", 'kind = "expression"', 'kind = "expresion"')
    only_problem(load(pack), "[kind]", "not 'expresion'", "did you mean 'expression'")


def test_difficulty_out_of_range(pack):
    edit(pack / "pick" / "exercise.toml", "difficulty = 2", "difficulty = 9")
    only_problem(load(pack), "pick/exercise.toml", "[difficulty]", "from 1 to 5, not 9")


def test_difficulty_of_wrong_type(pack):
    edit(pack / "pick" / "exercise.toml", "difficulty = 2", 'difficulty = "hard"')
    only_problem(load(pack), "[difficulty]", "must be an integer, not a string")


def test_missing_prompt_file(pack):
    (pack / "pick" / "prompt.md").unlink()
    only_problem(load(pack), "pick/exercise.toml", "prompt file prompt.md is missing")


def test_sources_are_required(pack):
    text = (pack / "pick" / "exercise.toml").read_text()
    start = text.index("[[sources]]")
    end = text.index("[choice]")
    (pack / "pick" / "exercise.toml").write_text(text[:start] + text[end:])
    only_problem(load(pack), "[sources]", "missing required field 'sources'")


def test_source_without_author(pack):
    edit(pack / "pick" / "exercise.toml", 'author = "Moritz Hardt"\n', "")
    only_problem(load(pack), "[sources[0].author]", "missing required field 'author'")


def test_input_dimension_not_declared(pack):
    edit(pack / "scale-grad" / "exercise.toml", 'w = ["n", 1]', 'w = ["m", 1]')
    only_problem(load(pack), "[code.inputs.w]", "dimension 'm' is not declared in code.dims")


def test_dimension_range_must_be_two_integers(pack):
    edit(pack / "scale-grad" / "exercise.toml", "n = [2, 6]", "n = [6, 2]")
    only_problem(load(pack), "[code.dims.n]", "need 1 <= low <= high <= 64, not [6, 2]")


def test_reference_that_is_not_defined(pack):
    edit(
        pack / "scale-grad" / "exercise.toml",
        'reference = "weighted_sum_grad"',
        'reference = "weighted_sum_gard"',
    )
    only_problem(
        load(pack),
        "[code.reference]",
        "defines no function 'weighted_sum_gard'",
        "did you mean 'weighted_sum_grad'",
    )


def test_reference_module_that_cannot_be_imported(pack):
    (pack / "scale-grad" / "reference.py").write_text("def weighted_sum_grad(a, w)\n    return a\n")
    only_problem(
        load(pack), "[code.module]", "reference.py cannot be imported", "syntax error on line 1"
    )


def test_mistake_function_missing(pack):
    edit(
        pack / "scale-grad" / "exercise.toml",
        'function = "mistake_used_weights"',
        'function = "mistake_missing"',
    )
    only_problem(load(pack), "[code.mistakes[0].function]", "defines no function 'mistake_missing'")


def test_starter_must_define_the_function(pack):
    (pack / "scale-grad" / "starter.py").write_text("def something_else(a, w):\n    return a\n")
    only_problem(load(pack), "[code.starter]", "does not define weighted_sum_grad()")


def test_gradient_of_unknown_output(pack):
    edit(
        pack / "scale-grad" / "exercise.toml",
        'gradients = { grad_w = "w" }',
        'gradients = { grad_v = "w" }',
    )
    only_problem(
        load(pack), "[code.gradients.grad_v]", "'grad_v' is not an output", "did you mean 'grad_w'"
    )


def test_wrt_must_be_a_declared_symbol(pack):
    edit(pack / "outer" / "exercise.toml", 'wrt = "A"', 'wrt = "B"')
    only_problem(load(pack), "[expression.wrt]", "'B' is not a declared symbol")


def test_symbol_shape_must_be_rows_and_cols(pack):
    edit(pack / "outer" / "exercise.toml", 'y = { shape = ["m", 1] }', 'y = { shape = ["m"] }')
    only_problem(load(pack), "[expression.symbols.y.shape]", "shape is [rows, cols]")


def test_correct_choice_must_be_an_option(pack):
    edit(pack / "pick" / "exercise.toml", 'correct = "b"', 'correct = "c"')
    only_problem(load(pack), "[choice.correct]", "'c' is not one of the option keys a, b")


def test_section_of_another_kind(pack):
    edit(pack / "pick" / "exercise.toml", 'kind = "choice"', 'kind = "expression"')
    catalog = load(pack)
    only_problem(catalog, "[choice]", "does not belong to a 'expression' exercise")
    only_problem(catalog, "[expression]", "needs a [expression] table")


def test_every_problem_is_reported_at_once(pack):
    edit(pack / "pick" / "exercise.toml", "difficulty = 2", "difficulty = 0")
    edit(pack / "outer" / "exercise.toml", 'wrt = "A"', 'wrt = "Z"')
    edit(pack / "scale-grad" / "exercise.toml", "trials = 2", "trials = 0\ncolour = 1")
    catalog = load(pack)
    assert len(catalog.problems) >= 4
    only_problem(catalog, "[difficulty]")
    only_problem(catalog, "[expression.wrt]")
    only_problem(catalog, "[code.trials]")
    only_problem(catalog, "[code.colour]", "unknown key 'colour'")


def test_one_broken_pack_does_not_stop_the_others(pack, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(pack, other)
    edit(other / "pack.toml", 'id = "tiny"', 'id = "other"')
    edit(pack / "pack.toml", 'version = "0.1.0"\n', "")
    catalog = load_catalog([pack, other], builtin=False, entry_points=False)
    assert [p.id for p in catalog.packs] == ["other"]
    only_problem(catalog, "missing required field 'version'")


def test_duplicate_pack_id_keeps_the_first(pack, tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(pack, twin)
    catalog = load_catalog([pack, twin], builtin=False, entry_points=False)
    assert len(catalog.packs) == 1 and catalog.packs[0].folder == pack
    only_problem(catalog, "duplicate pack id 'tiny'", str(pack))


def test_missing_pack_folder(tmp_path):
    catalog = load_catalog([tmp_path / "nowhere"], builtin=False, entry_points=False)
    only_problem(catalog, "nowhere", "pack folder does not exist")
