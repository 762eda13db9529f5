"""A learner types what the screen shows: every symbol, function and answer, as ``show``
renders the prompt's math, as the preview renders a parsed answer and as the TUI's symbol bar
lists it, reads back as the same thing when pasted into the answer box."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from exercises.loader import load_catalog
from exercises.model import FunctionSpec, SymbolSpec
from grader.expr.compiled import compile_spec
from grader.expr.errors import ExprError
from grader.expr.nodes import Apply, Quantity, Sym
from grader.expr.numeric import evaluate, make_draw
from grader.expr.render import pretty_name, render
from tutor.mathtext import latex_to_unicode
from tutor.terminal import ascii_form
from tutor.widgets.expression_input import ExpressionAnswer

EXERCISES = [e for e in load_catalog().exercises() if e.expression is not None]
IDS = [e.qualified_id for e in EXERCISES]


def _named(node) -> str | None:
    if isinstance(node, (Sym, Quantity)):
        return node.name
    if isinstance(node, Apply):
        return node.function
    return None


def _read_name(compiled, shown: str, is_function: bool, argument: str) -> str | None:
    text = f"{shown}({argument})" if is_function else shown
    return _named(compiled.parse_one(text))


def _renderings(name: str) -> dict[str, str]:
    """As ``show`` and the preview draw it, and in the ASCII form a Latin-1 terminal gets."""
    shown = {"show": latex_to_unicode(name), "preview": pretty_name(name)}
    return shown | {f"{k} in ASCII": ascii_form(v) for k, v in shown.items()}


def _bar_entries(exercise) -> list[str]:
    """The symbol bar's entries, each without its shape in brackets."""
    line = ExpressionAnswer(exercise)._symbols_line().plain
    body = line.split(":", 1)[1]
    entries, depth, current = [], 0, ""
    for c in body:
        depth += c in "([{"
        depth -= c in ")]}"
        if c == "," and depth == 0:
            entries.append(current)
            current = ""
        else:
            current += c
    entries.append(current)
    return [e.split(" (")[0].strip() for e in entries if e.strip()]


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_every_rendered_name_reads_back_as_itself(exercise):
    spec = exercise.expression
    compiled = compile_spec(spec)
    argument = spec.symbols[0].name
    functions = {f.name for f in spec.functions}
    names = [s.name for s in spec.symbols] + list(functions) + [q.name for q in spec.quantities]
    for name in names:
        for where, shown in _renderings(name).items():
            try:
                got = _read_name(compiled, shown, name in functions, argument)
            except ExprError as e:
                pytest.fail(f"{name} as {where} shows it ({shown!r}) does not parse: {e}")
            assert got == name, f"{name} as {where} shows it ({shown!r}) reads as {got}"
    entries = _bar_entries(exercise)
    assert len(entries) == len(names)
    for shown in entries:
        got = _bar_name(compiled, shown, argument)
        assert got in names, f"the symbol bar's {shown!r} reads as {got}"


def _bar_name(compiled, shown: str, argument: str) -> str | None:
    """What an entry of the bar names: a symbol or quantity typed alone, or a function."""
    for is_function in (False, True):
        try:
            return _read_name(compiled, shown, is_function, argument)
        except ExprError:
            continue
    return None


def _values(compiled, text: str, draw) -> list[np.ndarray]:
    with np.errstate(all="ignore"):
        return [evaluate(p, draw) for p in compiled.parse(text)]


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_every_answer_as_rendered_reads_back_to_the_same_value(exercise):
    """Expected and declared wrong answers, as the preview and as a prompt's math show them."""
    spec = exercise.expression
    compiled = compile_spec(spec)
    draw = make_draw(spec, np.random.default_rng(5))
    for text in (*spec.expected, *(w.expression for w in spec.wrong)):
        try:
            compiled.read(text)
        except ExprError:
            continue  # a declared wrong answer whose shapes fit only for equal sizes
        original = _values(compiled, text, draw)
        shown = {
            "preview": ", ".join(render(p) for p in compiled.parse(text)),
            "show": latex_to_unicode(text),
        }
        shown |= {f"{k} in ASCII": ascii_form(v) for k, v in shown.items()}
        for where, pasted in shown.items():
            try:
                again = _values(compiled, pasted, draw)
            except ExprError as e:
                pytest.fail(f"{text!r} as {where} shows it ({pasted!r}) does not parse: {e}")
            assert all(np.allclose(a, b, equal_nan=True) for a, b in zip(original, again)), (
                f"{text!r} as {where} shows it ({pasted!r}) means something else"
            )


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("σ′(A x)", "σ'(A x)"),
        ("f₃′(W₃z₂)", "f_3'(W_3 z_2)"),
        ("z_{i−1}", "z_{i-1}"),
        ("A ⋅ x", "A x"),
        ("A ∙ x", "A x"),
        ("A ∗ x", "A x"),
        ("x″", "x"),
        ("A′", "A^T"),
    ],
)
def test_display_glyphs_mean_their_ascii_forms(typed, canonical):
    exercise = next(e for e in EXERCISES if e.qualified_id == "adjoints/delta-vs-lambda")
    spec = exercise.expression
    spec = replace(
        spec,
        symbols=spec.symbols
        + (
            SymbolSpec("A", ("m", "n")),
            SymbolSpec("x", ("n", 1)),
            SymbolSpec("W_3", ("k", "n")),
            SymbolSpec("z_2", ("n", 1)),
        ),
        functions=spec.functions
        + (
            FunctionSpec("σ"),
            FunctionSpec("σ'", derivative_of="σ"),
            FunctionSpec("f_3"),
            FunctionSpec("f_3'", derivative_of="f_3"),
        ),
    )
    compiled = compile_spec(spec)
    draw = make_draw(spec, np.random.default_rng(1))
    assert np.allclose(_values(compiled, typed, draw)[0], _values(compiled, canonical, draw)[0])
