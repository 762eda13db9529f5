"""The exercise-kind seam: a new kind is one module (tests/data/kinds/number_kind.py) and one
registry line, and then loading, checking, the submission rules, starters, ``pack validate``
and batch grading all know it without another change."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.loader import load_catalog
from grader.batch import BatchGrader, discover, ordered, resolve
from grader.engine import Engine
from grader.kinds import KINDS, UnknownKind, kind_of, submission_suffixes
from grader.pack_check import validate_pack
from grader.submission import answer_for, parse_submission, read_submission
from tutor.starter import starter_filename, starter_text


def catalog(pack: Path, tmp_path: Path):
    return load_catalog(
        [pack], builtin=False, entry_points=False, cache_path=tmp_path / "cache.json"
    )


def test_the_built_in_kinds_are_registered():
    assert set(KINDS) >= {"code", "expression", "choice"}
    assert [KINDS[k].executor for k in ("code", "expression", "choice")] == [
        "sandbox",
        "process",
        "thread",
    ]


def test_an_unregistered_kind_does_not_load(number_kind_module, tmp_path):
    loaded = catalog(number_kind_module.write_pack(tmp_path), tmp_path)
    assert loaded.find("numbers/half") is None
    assert any(
        "kind must be one of code, expression, choice, not 'number'" in str(p)
        for p in loaded.problems
    )


def test_a_new_kind_loads_checks_and_validates(number_kind, tmp_path):
    pack = number_kind.write_pack(tmp_path)
    exercise = catalog(pack, tmp_path).find("numbers/half")
    assert exercise is not None and exercise.section == number_kind.NumberSpec(3.5, 1e-9)
    assert isinstance(kind_of(exercise), number_kind.NumberKind)
    with Engine() as engine:
        assert engine.check(exercise, "3.5").passed
        assert engine.check(exercise, "4").status == "wrong"
        assert engine.check(exercise, "half").status == "error"
    report = validate_pack(pack)
    assert report.ok and report.checked == ["numbers/half"]


def test_a_new_kinds_table_is_checked_by_its_reader(number_kind, tmp_path):
    loaded = catalog(
        number_kind.write_pack(tmp_path, number_kind.EXERCISE + "rtol = -1\n"), tmp_path
    )
    assert [str(p).rpartition(": ")[2] for p in loaded.problems] == ["rtol must be positive"]


def test_a_new_kind_has_starters_and_submission_rules(number_kind, tmp_path):
    exercise = catalog(number_kind.write_pack(tmp_path), tmp_path).find("numbers/half")
    assert starter_filename(exercise) == "numbers__half.txt"
    text = starter_text(exercise)
    assert text.startswith("# exercise: numbers/half\n# Half of seven\n")
    assert "Write one number below" in text
    assert answer_for(parse_submission(text + "3.5\n", is_code=False), exercise).text == "3.5"
    assert answer_for(parse_submission("3.5", is_code=True), exercise).wrong_kind
    assert ".txt" in submission_suffixes()


def test_a_new_kind_is_batch_graded(number_kind, tmp_path):
    pack = number_kind.write_pack(tmp_path)
    loaded = catalog(pack, tmp_path)
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "ada.txt").write_text("# exercise: numbers/half\n3.5\n")
    (answers / "bob.txt").write_text("# exercise: numbers/half\n3\n")
    assert read_submission(answers / "ada.txt").exercise == "numbers/half"
    jobs = [job for i, item in enumerate(discover([answers])) for job in resolve(i, item, loaded)]
    with BatchGrader(jobs=1, seed=1) as grader:
        verdicts = ordered(grader.grade(jobs))
    assert [v.status for v in verdicts] == ["passed", "wrong"]


def test_an_unknown_kind_is_an_error_verdict_not_a_crash(tmp_path):
    from dataclasses import replace

    from exercises.loader import load_catalog as builtin

    exercise = replace(builtin(entry_points=False).exercises()[0], kind="nonesuch")
    with pytest.raises(UnknownKind):
        kind_of(exercise)
    with Engine() as engine:
        verdict = engine.check(exercise, "x")
    assert verdict.status == "error" and "unknown kind 'nonesuch'" in verdict.feedback
