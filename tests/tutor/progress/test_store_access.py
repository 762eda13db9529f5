"""Stores read where they cannot be written, and attempts recorded with times in any zone."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from exercises.loader import load_catalog
from grader.verdict import Verdict
from tutor.progress.store import ProgressStore, StoreError

LINEAR = load_catalog([], entry_points=False).find("matrix-calculus/linear-yax")


def _read_then_write(path: Path, out) -> None:
    """Open, read, then write the store, as a user who may not write its folder (root may)."""
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
    lines = []
    try:
        store = ProgressStore(path)
        lines.append(f"read {store.read_only} {[a.answer for a in store.attempts('ada')]}")
        store.record_hint("ada", LINEAR.qualified_id, 1)
        lines.append("written")
    except StoreError as error:
        lines.append(str(error))
    out.put(lines)


def _as_another_user(path: Path) -> list[str]:
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_read_then_write, args=(path, out))
    child.start()
    lines = out.get(timeout=60)
    child.join(60)
    return lines


def test_a_store_in_a_read_only_folder_is_read_and_refuses_writes(data_dir):
    with tempfile.TemporaryDirectory() as top:
        folder = Path(top) / "collected"
        folder.mkdir()
        current, old = folder / "current.sqlite3", folder / "old.sqlite3"
        with ProgressStore(current) as store:
            store.record_verdict(
                "ada", LINEAR, Verdict(LINEAR.qualified_id, "passed", 1.0, ""), "y x^T"
            )
        shutil.copy(data_dir / "progress" / "store-v1.sqlite3", old)
        sqlite3.connect(old).execute("PRAGMA journal_mode = WAL").fetchone()
        assert sorted(p.name for p in folder.iterdir()) == ["current.sqlite3", "old.sqlite3"]
        os.chmod(top, 0o755)
        folder.chmod(0o555)
        try:
            current_lines, old_lines = _as_another_user(current), _as_another_user(old)
        finally:
            folder.chmod(0o755)
        assert current_lines == [
            "read True ['y x^T']",
            f"the progress store {current} is read-only: attempts cannot be recorded",
        ]
        assert old_lines == [
            f"the progress store {old} is read-only and was written by an older "
            "backprop-tutor; open it once where it can be written to bring it up to date"
        ]
        assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone() == (1,)


def test_attempts_recorded_with_times_in_other_zones_keep_their_order(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    noon = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    alaska = dt.timezone(dt.timedelta(hours=-9))
    for minutes, status in ((0, "wrong"), (30, "passed"), (60, "wrong")):
        when = (noon + dt.timedelta(minutes=minutes)).astimezone(alaska if minutes else None)
        store.record_verdict(
            "ada",
            LINEAR,
            Verdict(LINEAR.qualified_id, status, float(status == "passed"), ""),
            status,
            when=when,
        )
    [stats] = store.exercise_stats("ada")
    assert stats.first_solved == noon + dt.timedelta(minutes=30)
    assert stats.last_attempt == noon + dt.timedelta(minutes=60)
