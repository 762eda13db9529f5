"""`watch`: saved starter files are checked and their verdicts printed."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from click.testing import CliRunner

from exercises.loader import load_catalog
from grader.engine import Engine
from tutor.cli import main
from tutor.cli.watch import Watcher, watch_directory
from tutor.session import Session

PACKS = Path(__file__).resolve().parents[2] / "data" / "tutor" / "packs"


def make_watcher(tmp_path: Path) -> Watcher:
    session = Session(learner="ada", db_path=tmp_path / "progress.sqlite3")
    session.catalog = load_catalog(
        [PACKS], builtin=False, entry_points=False, cache_path=tmp_path / "cache.json"
    )
    return Watcher(session, Engine())


def test_saved_starter_file_gets_a_verdict_and_is_recorded(tmp_path):
    watcher = make_watcher(tmp_path)
    answer = tmp_path / "study__passes.txt"
    answer.write_text("# exercise: study/passes\na\n", encoding="utf-8")
    shown = watcher.check_file(answer)
    assert "WRONG" in shown and "finite-differences" in shown
    assert watcher.study.status("study/passes") == "attempted"


def test_unchanged_file_is_not_checked_twice(tmp_path):
    watcher = make_watcher(tmp_path)
    answer = tmp_path / "study__passes.txt"
    answer.write_text("# exercise: study/passes\nb\n", encoding="utf-8")
    assert "PASSED" in watcher.check_file(answer)
    assert watcher.check_file(answer) is None
    answer.write_text("# exercise: study/passes\na\n", encoding="utf-8")
    assert "WRONG" in watcher.check_file(answer)


def test_file_without_exercise_header_is_ignored(tmp_path):
    watcher = make_watcher(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n", encoding="utf-8")
    assert watcher.check_file(notes) is None


def test_unknown_exercise_and_wrong_kind_are_explained(tmp_path):
    watcher = make_watcher(tmp_path)
    unknown = tmp_path / "a.txt"
    unknown.write_text("# exercise: study/pases\nb\n", encoding="utf-8")
    assert "unknown exercise 'study/pases'" in watcher.check_file(unknown)
    wrong_kind = tmp_path / "b.py"
    wrong_kind.write_text("# exercise: study/passes\nb = 1\n", encoding="utf-8")
    assert "is a choice exercise" in watcher.check_file(wrong_kind)


def test_watch_loop_prints_a_verdict_when_a_file_is_saved(tmp_path):
    watcher = make_watcher(tmp_path)
    printed: list[str] = []
    stop = threading.Event()
    loop = threading.Thread(
        target=watch_directory,
        args=(tmp_path, watcher),
        kwargs={"echo": printed.append, "stop_event": stop},
    )
    loop.start()
    try:
        time.sleep(0.5)  # let the watcher start before the save it must see
        (tmp_path / "study__passes.txt").write_text(
            "# exercise: study/passes\nb\n", encoding="utf-8"
        )
        deadline = time.monotonic() + 20
        while not printed and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        loop.join(timeout=10)
    assert printed and "PASSED" in printed[0]


def test_watch_refuses_a_missing_directory(tmp_path):
    result = CliRunner().invoke(main, ["watch", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_no_subcommand_opens_the_tutor(monkeypatch):
    opened = []
    monkeypatch.setattr("tutor.app.TutorApp.run", lambda self: opened.append(self.session))
    result = CliRunner().invoke(main, ["--learner", "ada"])
    assert result.exit_code == 0, result.output
    assert opened and opened[0].learner == "ada"
    result = CliRunner().invoke(main, ["tutor"])
    assert result.exit_code == 0 and len(opened) == 2
