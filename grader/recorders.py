"""Where the Python API's attempts are recorded, without grader knowing the progress store.

The layering is tutor → grader → exercises, so ``grader.api.check`` cannot import the store.
Recorders are found instead: the ``backprop_tutor.recorders`` entry point group (the tutor
registers its progress store there in pyproject.toml, so an installed tool records), and
``register`` for a process that wants its own.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import entry_points

from exercises.model import Exercise
from grader.verdict import Verdict

GROUP = "backprop_tutor.recorders"
Recorder = Callable[[Exercise, Verdict, str], None]
"""Called with the exercise, the verdict (its ``learner`` may be None: the recorder's
default learner) and the answer text."""

_registered: list[Recorder] = []


def register(recorder: Recorder) -> None:
    _registered.append(recorder)


@lru_cache(maxsize=1)
def _installed() -> tuple[Recorder, ...]:
    found = []
    for point in entry_points(group=GROUP):
        try:
            found.append(point.load())
        except Exception as error:  # a broken plug-in must not cost the verdict
            warnings.warn(f"recorder {point.name} cannot be loaded: {error}", stacklevel=3)
    return tuple(found)


def record(exercise: Exercise, verdict: Verdict, answer: str) -> None:
    """Give the attempt to every recorder; one that fails is a warning, never an error."""
    for recorder in (*_installed(), *_registered):
        try:
            recorder(exercise, verdict, answer)
        except Exception as error:
            warnings.warn(f"the attempt was not recorded: {error}", stacklevel=3)
