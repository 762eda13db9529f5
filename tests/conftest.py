"""Shared fixtures: paths to realistic test data, and isolation from the user's own setup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated_user_env(monkeypatch, tmp_path_factory):
    """Tests never read or write the real user's progress store or extra packs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BACKPROP_TUTOR_DB", str(home / "progress.sqlite3"))
    monkeypatch.setenv("BACKPROP_TUTOR_LEARNER", "tester")
    monkeypatch.delenv("BACKPROP_TUTOR_PACKS", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("BACKPROP_TUTOR_CACHE", str(home / "cache" / "packs.json"))


@pytest.fixture
def data_dir() -> Path:
    return DATA


def _unprivileged(function) -> str:
    """``function()`` run without root's power to write read-only files (in a child as nobody)."""
    if os.geteuid() != 0:
        return function()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        try:
            os.setgid(65534)
            os.setuid(65534)
            result = function()
        except BaseException as error:
            result = f"{type(error).__name__}: {error}"
        os.write(writer, result.encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        result = pipe.read()
    os.waitpid(pid, 0)
    return result


@pytest.fixture
def unprivileged():
    """Run a function as nobody (when root): read-only files are then really read-only."""
    return _unprivileged
