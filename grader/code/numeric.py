"""Inputs, references and comparisons for code exercises, all in the grader's own process.

Dimensions are drawn distinct in every trial so that a transposed or mis-indexed answer cannot
agree with the reference by accident; values are float64; tolerances scale with the size of the
expected values; NaN and infinity never compare equal.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from exercises.model import CodeSpec, Exercise


class ReferenceFailure(Exception):
    """The exercise's own reference module failed: a broken pack, not a learner's mistake."""


def code_spec(exercise: Exercise) -> CodeSpec:
    """The ``[code]`` table of a code exercise (the code grader is only given those)."""
    if exercise.code is None:
        raise ValueError(f"{exercise.qualified_id} is not a code exercise")
    return exercise.code


@lru_cache(maxsize=256)
def _load_module(path: str, mtime_ns: int) -> ModuleType:
    name = f"_bpt_reference_{abs(hash((path, mtime_ns)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ReferenceFailure(f"{Path(path).name} cannot be imported as a module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[name]
        raise ReferenceFailure(f"{Path(path).name} cannot be imported: {error}") from error
    return module


def reference_module(spec: CodeSpec) -> ModuleType:
    return _load_module(str(spec.module), spec.module.stat().st_mtime_ns)


def draw_dims(spec: CodeSpec, rng: np.random.Generator) -> dict[str, int]:
    """One size per named dimension, all different when the ranges allow it."""
    names = list(spec.dims)
    for _ in range(200):
        sizes = {n: int(rng.integers(lo, hi + 1)) for n, (lo, hi) in spec.dims.items()}
        if len(set(sizes.values())) == len(names):
            return sizes
    return sizes


def make_inputs(spec: CodeSpec, rng: np.random.Generator, trial: int = 0) -> list[Any]:
    """The arguments of trial number ``trial``, in the order the function takes them.

    A generator that takes a third argument gets the trial number, so that what must be
    covered (every layer count, say) is covered by every check, not by luck."""
    dims = draw_dims(spec, rng)
    if spec.generator:
        generator = getattr(reference_module(spec), spec.generator)
        wants_trial = len(inspect.signature(generator).parameters) >= 3
        made = generator(rng, dims, trial) if wants_trial else generator(rng, dims)
        return [made[i.name] for i in spec.inputs]
    args: list[Any] = []
    for item in spec.inputs:
        if item.kind == "scalar":
            args.append(float(rng.standard_normal()))
        else:
            shape = tuple(dims[d] if isinstance(d, str) else d for d in item.shape)
            args.append(rng.standard_normal(shape))
    return args


def as_outputs(spec: CodeSpec, value: Any) -> list[Any] | None:
    """The returned value split into the declared outputs, or None when the count is wrong."""
    if len(spec.outputs) == 1:
        return [value]
    if isinstance(value, (list, tuple)) and len(value) == len(spec.outputs):
        return list(value)
    return None


def reference_outputs(
    exercise: Exercise, args: list[Any], function: str | None = None
) -> list[Any]:
    spec = code_spec(exercise)
    fn = getattr(reference_module(spec), function or spec.reference)
    copies = [
        np.copy(a)
        if isinstance(a, np.ndarray)
        else [np.copy(x) if isinstance(x, np.ndarray) else x for x in a]
        if isinstance(a, list)
        else a
        for a in args
    ]
    try:
        value = fn(*copies)
    except Exception as error:
        raise ReferenceFailure(f"{function or spec.reference} raised {error!r}") from error
    outputs = as_outputs(spec, value)
    if outputs is None:
        raise ReferenceFailure(
            f"{function or spec.reference} does not return {len(spec.outputs)} outputs"
        )
    return [_plain(o) for o in outputs]


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (int, float, np.number)):
        return float(value)
    return np.asarray(value, dtype=np.float64)


def conform(got: Any, expected: Any) -> Any:
    """A returned list of numbers (or of lists of numbers) taken as the array it spells where an
    array is expected: ``[[1.0, 2.0]]`` is accepted for a 1×2 array, as numpy would read it.
    Ragged or otherwise unreadable lists are left alone and then compare as unequal."""
    if isinstance(expected, list):
        if isinstance(got, list) and len(got) == len(expected):
            return [conform(g, e) for g, e in zip(got, expected)]
        return got
    if isinstance(got, list) and isinstance(expected, np.ndarray):
        try:
            return np.array(got, dtype=np.float64)
        except (ValueError, TypeError):
            return got
    return got


def shape_of(value: Any) -> Any:
    if isinstance(value, list):
        return [shape_of(v) for v in value]
    if isinstance(value, float):
        return ()
    return tuple(value.shape)


def describe_shape(shape: Any) -> str:
    if isinstance(shape, list):
        return (
            "a list of "
            + str(len(shape))
            + " ("
            + ", ".join(describe_shape(s) for s in shape[:4])
            + (", …" if len(shape) > 4 else "")
            + ")"
        )
    return "a number" if shape == () else "×".join(map(str, shape))


def close(got: Any, expected: Any, rtol: float, atol: float) -> bool:
    """Equal within tolerances scaled to the expected values. NaN and inf never pass: the
    largest difference is then NaN or inf, which no finite tolerance admits (``np.maximum``
    propagates NaN)."""
    if isinstance(expected, list):
        return (
            isinstance(got, list)
            and len(got) == len(expected)
            and all(close(g, e, rtol, atol) for g, e in zip(got, expected))
        )
    if isinstance(got, list):
        return False
    g = np.asarray(got, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if g.shape != e.shape:
        return False
    if not e.size:
        return True
    # ufunc reductions rather than .max(), which goes through a Python wrapper: a batch calls
    # this thousands of times.
    worst = float(np.maximum.reduce(np.abs(g - e), axis=None))
    return worst <= atol + rtol * float(np.maximum.reduce(np.abs(e), axis=None))


def first_difference(
    got: Any, expected: Any, rtol: float, atol: float, path: str = ""
) -> str | None:
    """Where two values first differ, without showing the expected values themselves."""
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return f"{path or 'it'} should be {describe_shape(shape_of(expected))}"
        for i, (g, e) in enumerate(zip(got, expected)):
            found = first_difference(g, e, rtol, atol, f"{path}[{i}]")
            if found:
                return found
        return None
    g = np.asarray(got, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    label = path or "the value"
    if g.shape != e.shape:
        return (
            f"{label} has shape {describe_shape(tuple(g.shape))} but should be "
            f"{describe_shape(tuple(e.shape))}"
        )
    if not np.all(np.isfinite(g)):
        return f"{label} contains NaN or infinity"
    bad = np.abs(g - e) > atol + rtol * (float(np.max(np.abs(e))) if e.size else 0.0)
    if not bad.any():
        return None
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    where = f"{label}[{', '.join(map(str, index))}]" if index else label
    got_v, exp_v = float(g[index]), float(e[index])
    size = "larger" if abs(got_v) > abs(exp_v) else "smaller"
    sign = " and of the opposite sign" if got_v * exp_v < 0 else ""
    return (
        f"{where} is {got_v:.4g}, which is {size} in magnitude than it should be{sign} "
        f"({int(bad.sum())} of {bad.size} entries differ)"
    )
