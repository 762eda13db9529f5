"""The hostile suite against the kernel layers (tests/data/code/kernel; its README says how the
files are written): each attack first disarms the in-process audit hook, so only what the
kernel enforces stands between it and a forged grade, the pack's reference, the grader, the
store or the next submission. Skipped, saying why, on a machine without the kernel level."""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from pathlib import Path

import click
import pytest

from exercises.loader import load_catalog
from grader.code.check import CodeGrader

DATA = Path(__file__).parents[2] / "data" / "code"
KERNEL = DATA / "kernel"
ROOT = Path(__file__).parents[3]
EXERCISE = load_catalog().find("adjoints/matmul-backward")
REFERENCE = EXERCISE.folder / "reference.py"
RIGHT = "def matmul_backward(A, B, G):\n    return G @ B.T, A.T @ G\n"


def processes_of(scratch: str) -> list[int]:
    """Live processes started for this sandbox (the server and its runs name its folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().split(") ")[-1][0]
        except OSError:
            continue
        if scratch.encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def grader():
    code_grader = CodeGrader(timeout=3.0, memory_mb=512)
    account = code_grader.sandbox.confinement()
    if account["level"] != "kernel":
        code_grader.close()
        pytest.skip(f"no kernel level on this machine: {'; '.join(account['missing'])}")
    scratch = code_grader.sandbox._scratch
    yield code_grader
    code_grader.close()
    # the kernel ends a pid namespace's processes after its pid 1, asynchronously: a loaded
    # machine may show them for a moment
    deadline = time.monotonic() + 5
    while processes_of(scratch) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_of(scratch) == [], "a process of the sandbox outlived close()"


@pytest.fixture()
def store(tmp_path) -> Path:
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE attempts (learner, exercise, status, score)")
        db.execute(
            "INSERT INTO attempts VALUES ('alice', 'adjoints/matmul-backward', 'wrong', 0.0)"
        )
    return path


def fill(path: Path, grader: CodeGrader, store: Path, mark: str) -> str:
    text = path.read_text(encoding="utf-8")
    for key, value in {
        "{REF}": REFERENCE,
        "{ROOT}": ROOT,
        "{STORE}": store,
        "{GRADER}": os.getpid(),
        "{SERVER}": grader.sandbox.confinement()["pid"],
        "{MARK}": mark,
    }.items():
        text = text.replace(key, str(value))
    return text


def expected(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ").split()[0]


@pytest.mark.parametrize("path", sorted(KERNEL.glob("*.py")), ids=lambda p: p.stem)
def test_attack_meets_the_kernel_and_gains_nothing(grader, path, store):
    before = store.read_bytes()
    verdict = grader.check(EXERCISE, fill(path, grader, store, f"bpt-{uuid.uuid4().hex}"), seed=7)
    assert not verdict.passed, f"{path.stem} got through: {verdict.feedback}"
    assert verdict.status == expected(path), verdict.feedback
    assert len(verdict.feedback) < 20_000 and len(verdict.extra.get("output", "")) < 20_000
    assert verdict.isolation == "kernel"
    assert store.read_bytes() == before, "the store was changed"
    assert grader.check(EXERCISE, RIGHT, seed=7).passed, "the grader stopped working"


def test_nothing_a_run_writes_reaches_a_later_run(grader, store):
    mark = f"bpt-{uuid.uuid4().hex}"
    writer = grader.check(
        EXERCISE, fill(KERNEL / "leave_files_writer.py", grader, store, mark), seed=7
    )
    reader = grader.check(
        EXERCISE, fill(KERNEL / "leave_files_reader.py", grader, store, mark), seed=7
    )
    assert writer.status == reader.status == "wrong", reader.feedback
    for place in ("/tmp", "/dev/shm", "/var/tmp", str(Path.home())):
        assert not [n for n in os.listdir(place) if n.startswith(mark)], f"left in {place}"


def test_the_server_reports_every_layer(grader):
    account = grader.sandbox.confinement()
    layers = " ".join(account["layers"])
    assert "seccomp" in layers and "landlock" in layers
    if os.geteuid() == 0:
        assert "uid" in layers or "namespaces" in layers


READERS = [
    "read_reference_dir_fd",
    "read_reference_openat2",
    "read_reference_links",
    "read_reference_proc",
]
OTHER_SECRETS = {
    "instructor-pack": Path(__file__).parents[2]
    / "data"
    / "packs"
    / "tiny"
    / "scale-grad"
    / "reference.py",
    # Packs installed as distributions live in site-packages, like this dependency.
    "site-packages": Path(click.__file__),
}


@pytest.mark.parametrize("secret", OTHER_SECRETS, ids=str)
@pytest.mark.parametrize("attack", READERS)
def test_packs_from_anywhere_are_out_of_view(grader, store, attack, secret):
    """Not only the built-in packs: a pack loaded with --packs from any folder, and anything
    installed beside numpy, is as unreadable as the built-in reference."""
    target = OTHER_SECRETS[secret]
    source = (
        fill(KERNEL / f"{attack}.py", grader, store, "bpt-unused")
        .replace(str(REFERENCE), str(target))
        .replace('b"def matmul_backward"', 'b"import"')
    )
    assert b"import" in target.read_bytes()
    verdict = grader.check(EXERCISE, source, seed=7)
    assert verdict.status == "wrong", verdict.feedback
