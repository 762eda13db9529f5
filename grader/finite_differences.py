"""Central finite differences, the check ``pack validate`` runs on every declared gradient: a
reference function (code exercises) and an expected answer (expression exercises) must agree
with the numerical derivative of their cost. One step and one tolerance for both halves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

STEP = 1e-6
TOLERANCE = 1e-5
"""Relative to the largest entry of the analytic gradient (at least 1): central differences
with this step are good to ~1e-9 on the smooth costs of the exercises, so a real mistake (a
sign, a factor, a transpose) is many orders of magnitude outside it."""

Value = Any
"""An array, or a list of arrays (a network's weights)."""


def entries(value: Value) -> Iterator[tuple[int, ...]]:
    """Every index into ``value``; into a list of arrays, the position comes first."""
    if isinstance(value, list):
        for i, part in enumerate(value):
            for index in np.ndindex(part.shape):
                yield (i, *index)
    else:
        yield from np.ndindex(value.shape)


def entry(value: Value, index: tuple[int, ...]) -> float:
    return float(value[index[0]][index[1:]] if isinstance(value, list) else value[index])


def moved(value: Value, index: tuple[int, ...], delta: float) -> Value:
    """A copy of ``value`` with the entry at ``index`` moved by ``delta``."""
    if isinstance(value, list):
        parts = [np.copy(v) for v in value]
        parts[index[0]][index[1:]] += delta
        return parts
    out = np.copy(value)
    out[index] += delta
    return out


def central_difference(
    cost: Callable[[Value], float], value: Value, index: tuple[int, ...], step: float = STEP
) -> float:
    """d cost / d value[index], by central differences."""
    return (cost(moved(value, index, step)) - cost(moved(value, index, -step))) / (2 * step)


def scale(analytic: Value) -> float:
    """What errors are relative to: the largest entry of the analytic gradient, at least 1."""
    flat = (
        np.concatenate([np.ravel(a) for a in analytic])
        if isinstance(analytic, list)
        else np.ravel(analytic)
    )
    return max(1.0, float(np.max(np.abs(flat), initial=0.0)))
