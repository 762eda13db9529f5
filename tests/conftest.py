"""Shared fixtures: paths to realistic test data, and isolation from the user's own setup."""

from __future__ import annotations

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
