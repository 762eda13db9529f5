"""The checking engine (sandbox, numeric checks, expression language, verdicts, reports).

As a library: ``from grader import check`` (``grader.api``). Importing this package stays
cheap: the engine is loaded on the first call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.verdict import Verdict


def check(
    exercise: str,
    answer: Any,
    *,
    record: bool = True,
    learner: str | None = None,
    seed: int | None = None,
    variant: int | None = None,
) -> Verdict:
    """Check ``answer`` (a function, its source, or an expression) for ``exercise``
    (``PACK/ID``) in the sandbox and return the verdict; see ``grader.api.check``."""
    from grader.api import check as api_check

    return api_check(exercise, answer, record=record, learner=learner, seed=seed, variant=variant)


__all__ = ["check"]
