"""Naming the mistake in a wrong answer from its values on the random draws.

The generic ids of the contract are recognised here (``transposed``, ``sign``, ``scale`` for a
constant factor or a size such as N, ``shape``), and a factor that is one of the exercise's
symbols is ``missing-factor`` or ``extra-factor``, told as a link of the chain rather than by
its symbol (naming the symbol would complete the answer). Declared wrong answers and
``swapped`` are matched by the checker before these.
When nothing matches, a small counterexample (sizes and one entry where the answer differs) is
the feedback: it shows the learner that the answer is wrong without giving away the right one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from grader.expr.nodes import BinOp, Quantity, Sym
from grader.expr.numeric import Draw, close
from grader.expr.render import pretty_name


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


@dataclass(frozen=True)
class Chain:
    """What the feedback on a factor needs to know about the exercise's chain rule."""

    links: dict[str, str] = field(default_factory=dict)
    """Scalar symbol -> the link of the chain it is (``x0`` -> ``∂x1/∂w01``, from the
    quantity ``x1 = w01 x0``)."""
    factors: frozenset[str] = frozenset()
    """Symbols that are factors of the expected answer's product chain."""
    ends: str = "the cost and the variable"
    """What the chain joins, for a sentence (``C and w01``)."""


def _product_factors(node) -> list:
    if isinstance(node, BinOp) and node.op == "matmul":
        return _product_factors(node.left) + _product_factors(node.right)
    return [node]


def chain(quantities: dict, expected, wrt: str | None) -> Chain:
    """The links of the exercise's chain that are one declared scalar: in a quantity defined
    as a product of two factors, each factor is the derivative with respect to the other."""
    links: dict[str, str] = {}
    for name, definition in quantities.items():
        factors = _product_factors(definition)
        if len(factors) != 2 or not all(isinstance(f, (Sym, Quantity)) for f in factors):
            continue
        for mine, other in (factors, factors[::-1]):
            if isinstance(mine, Sym):
                links.setdefault(mine.name, f"∂{pretty_name(name)}/∂{pretty_name(other.name)}")
    expected_factors = frozenset(
        f.name for tree in expected for f in _product_factors(tree) if isinstance(f, Sym)
    )
    ends = f"C and {pretty_name(wrt)}" if wrt else "the cost and the variable"
    return Chain(links, expected_factors, ends)


def _factor(symbol: str, power: int, chain: Chain) -> Diagnosis:
    """Your answer is the right one times ``symbol`` (power 1) or divided by it (power -1).

    A missing factor is pointed at as the link of the chain it is; an extra one is not named
    at all, since the learner would only have to strike it out."""
    if power == -1 and symbol in chain.factors:
        link = chain.links.get(symbol)
        where = f"the link {link}" if link else "one link of the chain"
        return Diagnosis(
            "missing-factor",
            f"A factor of the chain rule is missing: {where} "
            f"is left out. Go through the links between {chain.ends} one by one.",
        )
    return Diagnosis(
        "extra-factor",
        "Your answer has a factor too many: one of its factors is "
        "counted twice or is no link of the chain. Go through the links between "
        f"{chain.ends} one by one.",
    )


def _scale(
    yours: list[np.ndarray], right: list[np.ndarray], draws: list[Draw], chain: Chain
) -> Diagnosis | None:
    found = [_ratio(y, r) for y, r in zip(yours, right)]
    ratios = [c for c in found if c is not None and c != 0.0]
    if len(ratios) != len(found):
        return None
    first = ratios[0]
    if all(abs(c - first) <= 1e-7 * abs(first) for c in ratios):
        if abs(first + 1) <= 1e-9:
            return Diagnosis(
                "sign",
                "Your answer has the wrong sign: it is the negative of the "
                "right one. Check each minus sign on the way.",
            )
        return Diagnosis(
            "scale",
            f"Your answer is {_nice(first)} times the right one: a "
            "constant factor is off (a ½ that should cancel a 2, a mean over N "
            "instead of a sum…).",
        )
    for name in draws[0].dims:
        for power, word in ((1, "times"), (-1, "divided by")):
            if all(abs(c - d.dims[name] ** power) <= 1e-7 * abs(c) for c, d in zip(ratios, draws)):
                return Diagnosis(
                    "scale",
                    f"Your answer is the right one {word} {name}, a size "
                    "of the problem: check whether a sum or a mean is asked for.",
                )
    scalars = [k for k, v in draws[0].values.items() if v.shape == (1, 1)]
    for name in scalars:
        for power in (1, -1):
            if all(
                abs(c - float(d.values[name][0, 0]) ** power) <= 1e-7 * abs(c)
                for c, d in zip(ratios, draws)
            ):
                return _factor(name, power, chain)
    return None


def diagnose(
    yours: list[np.ndarray],
    right: list[np.ndarray],
    draws: list[Draw],
    *,
    your_shape: str,
    right_shape: str,
    chain: Chain = Chain(),
) -> Diagnosis:
    """Why ``yours`` (one value per draw) differs from ``right``; shapes given symbolically."""
    if your_shape != right_shape:
        if all(close(y, r.T) for y, r in zip(yours, right)):
            return Diagnosis(
                "transposed",
                f"Your answer is {your_shape} but the answer is "
                f"{right_shape}: you have the transpose of the right answer.",
            )
        return Diagnosis(
            "shape",
            f"Your answer is {your_shape} but the answer should be "
            f"{right_shape}. A gradient has the shape of what it is taken with "
            "respect to.",
        )
    if (
        yours[0].shape[0] == yours[0].shape[1]
        and yours[0].shape != (1, 1)
        and all(close(y, r.T) for y, r in zip(yours, right))
    ):
        return Diagnosis("transposed", "Your answer is the transpose of the right one.")
    scaled = _scale(yours, right, draws, chain)
    if scaled is not None:
        return scaled
    return counterexample(yours, right, draws)


def counterexample(
    yours: list[np.ndarray], right: list[np.ndarray], draws: list[Draw]
) -> Diagnosis:
    """Sizes and one entry where the answers differ, taken from the draw where they differ."""
    for y, r, draw in zip(yours, right, draws):
        if close(y, r):
            continue
        diff = np.abs(np.nan_to_num(y - r, nan=np.inf))
        i, j = np.unravel_index(int(np.argmax(diff)), diff.shape)
        sizes = ", ".join(f"{k} = {v}" for k, v in draw.dims.items())
        where = f"with {sizes} and random values" if sizes else "with random values"
        entry = f"entry ({i + 1}, {j + 1}) of your answer" if y.shape != (1, 1) else "your answer"
        feedback = (
            f"Not equal to the right answer. Counterexample: {where}, {entry} is "
            f"{y[i, j]:.6g} but should be {r[i, j]:.6g}."
        )
        return Diagnosis(
            None,
            feedback,
            {
                "counterexample": {
                    "dims": dict(draw.dims),
                    "entry": [int(i) + 1, int(j) + 1],
                    "yours": float(y[i, j]),
                    "expected": float(r[i, j]),
                }
            },
        )
    return Diagnosis(None, "Not equal to the right answer.")
