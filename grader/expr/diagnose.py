"""Naming the mistake in a wrong answer from its values on the random draws.

The generic ids of the contract are recognised here (``transposed``, ``sign``, ``scale``,
``shape``); declared wrong answers and ``swapped`` are matched by the checker before these.
When nothing matches, a small counterexample (sizes and one entry where the answer differs) is
the feedback: it shows the learner that the answer is wrong without giving away the right one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from grader.expr.numeric import Draw, close


@dataclass(frozen=True)
class Diagnosis:
    mistake: str | None
    feedback: str
    extra: dict[str, Any] = field(default_factory=dict)


def _nice(c: float) -> str:
    frac = Fraction(c).limit_denominator(1000)
    if abs(float(frac) - c) <= 1e-9 * max(1.0, abs(c)):
        return str(frac)
    return f"{c:.4g}"


def _ratio(yours: np.ndarray, right: np.ndarray) -> float | None:
    denom = float(np.sum(right * right))
    if denom == 0.0 or yours.shape != right.shape:
        return None
    c = float(np.sum(yours * right)) / denom
    return c if close(yours, c * right) else None


def _scale(yours: list[np.ndarray], right: list[np.ndarray], draws: list[Draw]
           ) -> Diagnosis | None:
    ratios = [_ratio(y, r) for y, r in zip(yours, right)]
    if any(c is None or c == 0.0 for c in ratios):
        return None
    first = ratios[0]
    if all(abs(c - first) <= 1e-7 * abs(first) for c in ratios):
        if abs(first + 1) <= 1e-9:
            return Diagnosis("sign", "Your answer has the wrong sign: it is the negative of the "
                             "right one. Check each minus sign on the way.")
        return Diagnosis("scale", f"Your answer is {_nice(first)} times the right one: a "
                         "constant factor is off (a ½ that should cancel a 2, a mean over N "
                         "instead of a sum…).")
    sizes = [{**d.dims, **{k: float(v[0, 0]) for k, v in d.values.items() if v.shape == (1, 1)}}
             for d in draws]
    for name in sizes[0]:
        for power, word in ((1, "times"), (-1, "divided by")):
            if all(abs(c - s[name] ** power) <= 1e-7 * abs(c) for c, s in zip(ratios, sizes)):
                return Diagnosis("scale", f"Your answer is the right one {word} {name}: check "
                                 "whether a sum or a mean is asked for, and each constant factor.")
    return None


def diagnose(yours: list[np.ndarray], right: list[np.ndarray], draws: list[Draw], *,
             your_shape: str, right_shape: str) -> Diagnosis:
    """Why ``yours`` (one value per draw) differs from ``right``; shapes given symbolically."""
    if your_shape != right_shape:
        if all(close(y, r.T) for y, r in zip(yours, right)):
            return Diagnosis("transposed", f"Your answer is {your_shape} but the answer is "
                             f"{right_shape}: you have the transpose of the right answer.")
        return Diagnosis("shape", f"Your answer is {your_shape} but the answer should be "
                         f"{right_shape}. A gradient has the shape of what it is taken with "
                         "respect to.")
    if yours[0].shape[0] == yours[0].shape[1] and yours[0].shape != (1, 1) and all(
            close(y, r.T) for y, r in zip(yours, right)):
        return Diagnosis("transposed", "Your answer is the transpose of the right one.")
    scaled = _scale(yours, right, draws)
    if scaled is not None:
        return scaled
    return counterexample(yours, right, draws)


def counterexample(yours: list[np.ndarray], right: list[np.ndarray], draws: list[Draw]
                   ) -> Diagnosis:
    """Sizes and one entry where the answers differ, taken from the draw where they differ."""
    for y, r, draw in zip(yours, right, draws):
        if close(y, r):
            continue
        diff = np.abs(np.nan_to_num(y - r, nan=np.inf))
        i, j = np.unravel_index(int(np.argmax(diff)), diff.shape)
        sizes = ", ".join(f"{k} = {v}" for k, v in draw.dims.items())
        where = f"with {sizes} and random values" if sizes else "with random values"
        entry = f"entry ({i + 1}, {j + 1})" if y.shape != (1, 1) else "its value"
        feedback = (f"Not equal to the right answer. Counterexample: {where}, {entry} of your "
                    f"answer is {y[i, j]:.6g} but should be {r[i, j]:.6g}.")
        return Diagnosis(None, feedback, {"counterexample": {
            "dims": dict(draw.dims), "entry": [int(i) + 1, int(j) + 1],
            "yours": float(y[i, j]), "expected": float(r[i, j])}})
    return Diagnosis(None, "Not equal to the right answer.")
