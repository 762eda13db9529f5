"""Which variant number a learner gets: from (learner, exercise, epoch) while studying, or
from an instructor's assignment key when graded.

Kept apart from drawing variants (``grader.family.variant``, which needs numpy and the
differentiator) because the tutor numbers variants on its first screen, where importing
those would cost about 100 ms of its start-up.
"""

from __future__ import annotations

import hashlib

VARIANTS = 1_000_000
"""Variant numbers are 0 … VARIANTS − 1."""


def stable_number(*parts: str) -> int:
    """A 64-bit number from text, the same in every process and on every machine (unlike
    ``hash``, which Python salts per process)."""
    return int.from_bytes(hashlib.sha256("\0".join(parts).encode()).digest()[:8], "big")


def learner_variant(learner: str, qualified_id: str, epoch: int) -> int:
    """The variant a learner is given at ``epoch`` (deterministic, spread over all numbers)."""
    return stable_number(learner, qualified_id, str(epoch)) % VARIANTS


def assigned_variant(learner: str, qualified_id: str, assignment: str) -> int:
    """The variant an instructor's assignment gives a learner, from the assignment's key
    (which the instructor keeps to themselves), the learner and the exercise: graded this way,
    a learner can neither pick an easier variant nor hand one answer to the whole class."""
    return stable_number("assignment", assignment, learner, qualified_id) % VARIANTS
