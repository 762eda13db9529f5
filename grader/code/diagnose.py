"""Naming the mistake in a wrong code answer: the exercise's declared mistakes first, then the
slips every exercise shares (transposed, sign, scale, swapped outputs, shape)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.code.numeric import close, describe_shape, shape_of

FACTORS = (2.0, 0.5, 4.0, 0.25)


@dataclass(frozen=True)
class Diagnosis:
    mistake: str
    feedback: str


def _map(value: Any, fn) -> Any:
    if isinstance(value, list):
        return [_map(v, fn) for v in value]
    return fn(value)


def _transpose(value: Any) -> Any:
    return _map(value, lambda a: np.asarray(a).T)


def generic(
    got: list[Any],
    expected: list[Any],
    names: tuple[str, ...],
    rtol: float,
    atol: float,
    batch_sizes: list[set[int]],
) -> Diagnosis | None:
    """The first generic slip that explains every trial of one output.

    ``got`` and ``expected`` hold, per trial, the value of one output; ``batch_sizes`` holds,
    per trial, the sizes that could be the batch N of a mean (dimensions are drawn afresh in
    every trial, so N is too).
    """
    name = names[0]

    def all_close(transform) -> bool:
        try:
            return all(close(transform(g), e, rtol, atol) for g, e in zip(got, expected))
        except (ValueError, TypeError):
            return False

    if all_close(_transpose):
        return Diagnosis(
            "transposed",
            f"{name} is the transpose of what it should be: check the "
            "order of each product and which factors need a transpose.",
        )
    if all_close(lambda g: _map(g, np.negative)):
        return Diagnosis(
            "sign",
            f"{name} has the right size but the wrong sign everywhere: "
            "check the sign of the cost's derivative (aᴸ − y, not y − aᴸ).",
        )
    scale_feedback = (
        " what it should be: a constant factor is off (a ½ that cancels a 2, a "
        "mean over the batch instead of a sum, or the other way round)."
    )
    for factor in FACTORS:
        if all_close(lambda g, f=factor: _map(g, lambda a: np.asarray(a) / f)):
            what = f"{factor:g} times" if factor >= 1 else f"1/{1 / factor:g} of"
            return Diagnosis("scale", f"{name} is {what}{scale_feedback}")
    for power, what in ((1, "N times"), (-1, "1/N of")):
        if batch_sizes and all(
            any(
                close(_map(g, lambda a, n=n, power=power: np.asarray(a) / n**power), e, rtol, atol)
                for n in sizes
            )
            for g, e, sizes in zip(got, expected, batch_sizes)
        ):
            return Diagnosis("scale", f"{name} is {what} (N the batch size){scale_feedback}")
    misshaped = [(g, e) for g, e in zip(got, expected) if shape_of(g) != shape_of(e)]
    if misshaped:  # in one trial is enough: a one-layer network hides a reversed list
        g, e = misshaped[0]
        return Diagnosis(
            "shape",
            f"{name} is {describe_shape(shape_of(g))} but should be "
            f"{describe_shape(shape_of(e))} (the shape of what it is the "
            "gradient of).",
        )
    return None


def swapped(
    got_trials: list[list[Any]], expected_trials: list[list[Any]], rtol: float, atol: float
) -> bool:
    """Two outputs returned in each other's place."""
    if not got_trials or len(got_trials[0]) != 2:
        return False
    try:
        return all(
            close(g[0], e[1], rtol, atol) and close(g[1], e[0], rtol, atol)
            for g, e in zip(got_trials, expected_trials)
        )
    except (ValueError, TypeError):
        return False
