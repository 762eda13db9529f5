"""``from grader import check``: the grader as a function, for notebooks and scripts.

One engine per process stays warm (its sandbox's fork server, the exercise tables), so the
first call pays for starting it and every later one costs what a check in the TUI does.
"""

from __future__ import annotations

import atexit
import threading
from dataclasses import replace
from typing import Any

from grader.kinds import kind_of
from grader.verdict import Verdict, error_verdict

_lock = threading.Lock()
_state: dict[str, Any] = {}


def check(
    exercise: str,
    answer: Any,
    *,
    record: bool = True,
    learner: str | None = None,
    seed: int | None = None,
    variant: int | None = None,
) -> Verdict:
    """Check ``answer`` for ``exercise`` (``PACK/ID``) and return the verdict.

    ``answer`` is a function (its source, and what it needs from its file or cell, is read
    as from a notebook: nothing of it runs here), the source of a ``.py`` answer as a
    string, or for expression and choice exercises the answer text. It runs in the same
    sandbox as ``backprop-tutor check``, and the attempt is recorded for ``learner`` (default:
    the CLI's learner) unless ``record=False``. A family is checked as its ``variant`` (a
    ``# variant: N`` line in the answer text does the same). Raises ``LookupError`` for an
    unknown exercise, ``ValueError`` for a variant of what is no family.
    """
    from grader.submission import Answer, answer_for, parse_submission

    found = _catalog().lookup(exercise)
    if variant is not None:
        from grader.family.variant import variant as drawn

        found = drawn(found, variant)
    if callable(answer) and not isinstance(answer, str):
        if not kind_of(found).takes_code:
            return error_verdict(
                found.qualified_id,
                f"{found.qualified_id} is a {found.kind} exercise: pass the answer as a string",
            )
        from grader.source import program_for

        program = program_for(answer, found.code.function, found.qualified_id)
        if program.problem is not None and not program.cells:  # no source at all
            return replace(error_verdict(found.qualified_id, program.problem), learner=learner)
        checked = Answer(program.source, program.problem, program)
    elif isinstance(answer, str):
        checked = answer_for(parse_submission(answer, is_code=kind_of(found).takes_code), found)
    else:
        raise TypeError(f"check() takes a function or a string, not {type(answer).__name__}")
    verdict = replace(checked.verdict(_engine(), found, seed=seed), learner=learner)
    if record:
        from grader.recorders import record as record_attempt

        record_attempt(found, verdict, checked.text)
    return verdict


def _catalog():
    with _lock:
        if "catalog" not in _state:
            from exercises.loader import load_catalog, pack_dirs_from_env

            _state["catalog"] = load_catalog(pack_dirs_from_env())
        return _state["catalog"]


def _engine():
    with _lock:
        if "engine" not in _state:
            from grader.engine import Engine

            _state["engine"] = engine = Engine()
            atexit.register(engine.close)
        return _state["engine"]
