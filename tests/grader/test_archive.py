"""Zips of submissions: a zipped class folder and a flat LMS download are graded as the folder
they hold; hostile archives are refused with a message and write nothing outside the temporary
folder."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.archive import ArchiveError, unpack
from tutor.cli import main

PACKS = Path(__file__).parents[1] / "data" / "packs"
PICK, WRONG = "# exercise: tiny/pick\nb\n", "# exercise: tiny/pick\na\n"


def make_zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return path


def grade(*args: str):
    return CliRunner().invoke(main, ["--packs", str(PACKS), "grade", *args], catch_exceptions=False)


def test_a_zipped_class_folder_is_graded_like_the_folder(tmp_path):
    archive = make_zip(
        tmp_path / "class.zip",
        {"class/alice/pick.txt": PICK, "class/bob/pick.txt": WRONG, "class/bob/notes.md": "hi"},
    )
    result = grade(str(archive), "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert [(r["learner"], r["status"], r["submission"]) for r in payload["results"]] == [
        ("alice", "passed", str(archive / "alice" / "pick.txt")),
        ("bob", "wrong", str(archive / "bob" / "pick.txt")),
    ]
    assert payload["summary"]["skipped"] == [
        {"submission": str(archive / "bob" / "notes.md"), "reason": "names no exercise"}
    ]


def test_a_flat_canvas_download_is_graded_per_learner(tmp_path):
    archive = make_zip(
        tmp_path / "submissions.zip",
        {"doe_jane_12345_67890_pick.txt": PICK, "roe_rick_12346_67891_pick.txt": WRONG},
    )
    payload = json.loads(grade(str(archive), "--format", "json").stdout)
    assert [(r["learner"], r["status"]) for r in payload["results"]] == [
        ("doe_jane", "passed"),
        ("roe_rick", "wrong"),
    ]


def symlink_zip(path: Path) -> Path:
    info = zipfile.ZipInfo("alice/link.txt")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr(info, "/etc/passwd")
    return path


def bomb_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("alice/bomb.txt", b"\0" * (40 * 1024 * 1024))
    return path


HOSTILE = {
    "climbs out": (lambda p: make_zip(p, {"../../escaped.txt": PICK}), "outside the archive"),
    "absolute": (lambda p: make_zip(p, {"/tmp/escaped.txt": PICK}), "absolute path"),
    "backslashes": (lambda p: make_zip(p, {"..\\..\\escaped.txt": PICK}), "outside"),
    "symlink": (symlink_zip, "symbolic link"),
    "bomb": (bomb_zip, "zip bomb"),
    "not a zip": (lambda p: p.write_bytes(b"PK\x03\x04 truncated") and p, "not a readable zip"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archives_are_refused_with_a_message_and_exit_2(tmp_path, case):
    build, message = HOSTILE[case]
    archive = tmp_path / "in" / "class.zip"
    archive.parent.mkdir()
    build(archive)
    result = grade(str(archive))
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["class.zip", "in"]


def test_too_many_members_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("grader.archive.MAX_MEMBERS", 10)
    archive = make_zip(tmp_path / "many.zip", {f"a/{i}.txt": PICK for i in range(11)})
    with pytest.raises(ArchiveError, match="11 members"):
        unpack(archive, tmp_path / "out")


def test_a_member_that_lies_about_its_size_is_stopped(tmp_path, monkeypatch):
    archive = make_zip(tmp_path / "c.zip", {"a/x.txt": "x" * 5000})
    monkeypatch.setattr("grader.archive.MAX_MEMBER_BYTES", 4096)
    with pytest.raises(ArchiveError, match="refused"):
        unpack(archive, tmp_path / "out")
