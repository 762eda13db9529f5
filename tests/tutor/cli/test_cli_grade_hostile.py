"""One class graded as an instructor would (`grade --record` over a class folder, in a process
of its own), with every hostile submission of both suites mixed in among correct ones: none of
the hostile ones passes, every correct one does, the batch finishes with a small report, the
store holds exactly the attempts the grader recorded, and nothing is left behind."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

from tests.grader.code.test_sandbox_kernel import KERNEL, REFERENCE, ROOT

DATA = Path(__file__).parents[2] / "data" / "code"
RIGHT = sorted((DATA / "adjoints__matmul-backward").glob("right_*.py"))
HOSTILE = sorted((DATA / "hostile").glob("*.py")) + sorted(KERNEL.glob("*.py"))
CLI = Path(sys.executable).parent / "backprop-tutor"
TRIES_PROCESSES = {
    "fork_child",
    "multiprocessing_child",
    "posixsubprocess_child",
    "subprocess_child",
    "double_fork",
    "fork_bomb",
}


def _class_folder(root: Path, store: Path, mark: str) -> dict[str, str]:
    """ROOT/LEARNER/matmul.py, one learner per file; returns learner → expected status."""
    expected = {}
    for path in RIGHT + HOSTILE:
        learner = f"{path.parent.name}-{path.stem}"
        text = path.read_text(encoding="utf-8")
        for key, value in {
            "{REF}": REFERENCE,
            "{ROOT}": ROOT,
            "{STORE}": store,
            "{MARK}": mark,
            "{GRADER}": os.getpid(),
            "{SERVER}": 0,
            "{TMP}": root.parent / "pids",
        }.items():
            text = text.replace(key, str(value))
        (root / learner).mkdir(parents=True)
        (root / learner / "matmul.py").write_text(text, encoding="utf-8")
        expected[learner] = (
            "passed"
            if path in RIGHT
            else text.splitlines()[0].removeprefix("# expect: ").split()[0]
        )
    return expected


def test_a_class_with_every_attack_mixed_in(tmp_path):
    mark = f"bpt-{uuid.uuid4().hex}"
    store = tmp_path / "progress.sqlite3"
    folder = tmp_path / "class"
    (tmp_path / "pids").mkdir()
    expected = _class_folder(folder, store, mark)
    report = tmp_path / "report.json"
    run = subprocess.run(
        [
            str(CLI),
            "--db",
            str(store),
            "grade",
            str(folder),
            "--exercise",
            "adjoints/matmul-backward",
            "--record",
            "--format",
            "json",
            "--output",
            str(report),
            "--jobs",
            "2",
            "--timeout",
            "5",
            "--seed",
            "7",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "BPT_TEST_MARK": mark},
    )
    assert run.returncode == 1, run.stderr
    results = json.loads(report.read_text())["results"]
    got = {r["learner"]: r["status"] for r in results}
    assert got == expected
    assert all(r["isolation"] in ("kernel", "process") for r in results)
    assert report.stat().st_size < 1_000_000, "learner output made the report grow"
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute("SELECT learner, status FROM attempts ORDER BY learner").fetchall()
    assert rows == sorted((r["learner"], r["status"]) for r in results)
    assert _started_by(mark) == [], "processes of the batch outlived it"
    if results[0]["isolation"] == "kernel":
        for place in ("/tmp", "/dev/shm", "/var/tmp"):
            assert not [n for n in os.listdir(place) if n.startswith(mark)], place


def _started_by(mark: str) -> list[int]:
    """Live processes whose environment carries ``mark`` (every process the batch started,
    however it was forked, inherits it)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if (
                entry.name.isdigit()
                and mark.encode() in (entry / "environ").read_bytes()
                and (entry / "stat").read_text().split(") ")[-1][0] != "Z"
            ):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _one_submission(tmp_path: Path) -> Path:
    path = tmp_path / "alice" / "matmul.py"
    path.parent.mkdir()
    path.write_text("# exercise: adjoints/matmul-backward\n" + RIGHT[0].read_text())
    return path


def test_require_isolation_refuses_the_process_level(tmp_path):
    run = subprocess.run(
        [str(CLI), "grade", str(_one_submission(tmp_path)), "--require-isolation"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "BACKPROP_TUTOR_SANDBOX": "process"},
    )
    assert run.returncode == 2
    assert "--require-isolation" in run.stderr and "process-level" in run.stderr
    assert "Traceback" not in run.stderr


def test_require_isolation_grades_at_the_kernel_level(tmp_path):
    run = subprocess.run(
        [
            str(CLI),
            "grade",
            str(_one_submission(tmp_path)),
            "--require-isolation",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if run.returncode == 2:
        assert "process-level" in run.stderr  # a machine without the kernel level
        return
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["results"][0]["isolation"] == "kernel"
