"""A tutor app over the small deterministic test pack, with a fresh progress store per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.loader import load_catalog
from tutor.app import TutorApp
from tutor.session import Session

PACKS = Path(__file__).resolve().parents[2] / "data" / "tutor" / "packs"


@pytest.fixture
def session(tmp_path) -> Session:
    session = Session(learner="ada", db_path=tmp_path / "progress.sqlite3")
    session.catalog = load_catalog(
        [PACKS], builtin=False, entry_points=False, cache_path=tmp_path / "packs-cache.json"
    )
    return session


@pytest.fixture
def app(session) -> TutorApp:
    return TutorApp(session, warm_sympy=False)


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests run on asyncio through anyio's pytest plugin (anyio comes with watchfiles)."""
    return "asyncio"
