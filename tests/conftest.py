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


@pytest.fixture
def number_kind_module():
    """tests/data/kinds/number_kind.py imported (a throw-away kind, not registered)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("number_kind", DATA / "kinds" / "number_kind.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["number_kind"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules["number_kind"]


@pytest.fixture
def number_kind(number_kind_module):
    """The throw-away kind registered for one test: one line for the grader (``register``)
    and one for the tutor (``ANSWER_WIDGETS``)."""
    from exercises import schema
    from grader import kinds
    from tutor.widgets.answers import ANSWER_WIDGETS

    kinds.register(number_kind_module.NumberKind())
    ANSWER_WIDGETS["number"] = number_kind_module.NumberAnswer
    yield number_kind_module
    del kinds.KINDS["number"], schema.SECTIONS["number"], ANSWER_WIDGETS["number"]
