"""Does a text for the learner (feedback, a hint) give away part of the expected answer?

Feedback may say what is wrong and where; it may not hand over a piece of the answer that the
learner has not written. A *piece* is any sub-expression of any expected spelling: a node of
its tree, or a run of consecutive factors of a product chain (``Aᵀy`` in ``Aᵀ y xᵀ`` although
the tree groups it differently), down to a lone symbol or quantity. Texts are compared in a
normal form that forgets notation (spaces, braces, ``^T``/``ᵀ``/``\\top``, ``_1``/``₁``,
``\\sigma``/``σ``, ``⊙``/``∘``/``.*``, ``·``/``*``/``@``/juxtaposition), so a piece is found
whether the text writes it in ASCII, in Unicode as the renderer does, or in LaTeX.

Used by the tests over every exercise's feedback; authors may run it over hints too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np

from exercises.model import ExpressionSpec
from grader.expr.compiled import compile_spec
from grader.expr.errors import ExprError
from grader.expr.lexer import SAME_AS_ASCII
from grader.expr.nodes import BinOp, Node, Num, Quantity, Sym, replaced
from grader.expr.numeric import close, evaluate, make_draw
from grader.expr.render import render
from grader.expr.shapes import infer_shape
from grader.expr.symbols import GREEK_BY_NAME, SUBSCRIPTS, SUPERSCRIPTS

_LATEX: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\\(?:left|right|mathbf|mathrm|boldsymbol|bm|operatorname|text)(?![A-Za-z])"), ""),
    (
        re.compile(
            r"\\(?:top|intercal)(?![A-Za-z])|\^\s*\{?\s*T\s*\}?(?![A-Za-z])|\.T(?![A-Za-z])"
        ),
        "⊤",
    ),
    (re.compile(r"\\(?:odot|circ)(?![A-Za-z])|\.\*"), "∘"),
    (re.compile(r"\\(?:cdot|times)(?![A-Za-z])"), ""),
    (re.compile(r"\\[,;:! ]|\\q?quad(?![A-Za-z])"), ""),
    (
        re.compile(
            r"\\?(?<![A-Za-z])("
            + "|".join(sorted(GREEK_BY_NAME, key=len, reverse=True))
            + r")(?![A-Za-z])"
        ),
        lambda m: GREEK_BY_NAME[m.group(1)],
    ),
]
_SCRIPTS = {v: k for table in (SUBSCRIPTS, SUPERSCRIPTS) for k, v in table.items() if k != "T"}
_DROP = set("{}_^$·*@×⋅") | {"\\"}
PRODUCTS = ("matmul", "hadamard")
_ENGLISH = {"a", "A", "I"}
"""Lone one-letter symbols that are also English words: prose uses them all the time."""


_QUOTED = re.compile(r"(?<![\w)'ᵀ])'(.+?)'(?=[\s,.:;!?)]|$)")
"""A span in single quotes, as messages quote the learner's text: the quotes are no primes."""


def normal_form(text: str) -> str:
    """``text`` without notation: what two spellings of the same expression have in common."""
    text = _QUOTED.sub(lambda m: f" {m.group(1)} ", text.translate(SAME_AS_ASCII))
    for pattern, replacement in _LATEX:
        text = pattern.sub(replacement, text)
    out = []
    for i, c in enumerate(text):
        if c in "ᵀ⊤" or (c == "'" and text[i + 1 : i + 2] != "("):
            out.append("⊤")  # a prime is a transpose unless a function's (σ'(…))
        elif c in "⊙∘○":
            out.append("∘")
        elif c in "[]":
            out.append("(" if c == "[" else ")")
        elif c in _SCRIPTS:
            out.append(_SCRIPTS[c])
        elif c not in _DROP:
            out.append(c)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _chains(node: Node, into_quantities: bool = False) -> Iterable[Node]:
    """Every run of two or more consecutive factors of each chain of products (matrix or
    element-wise, as written from left to right), as trees: the learner who wrote
    ``Wᵀ λ ⊙ f'(Wz)`` has written ``λ ⊙ f'(Wz)`` too, however it groups."""
    for n in _nodes(node, into_quantities):
        if not (isinstance(n, BinOp) and n.op in PRODUCTS):
            continue
        factors, ops = _in_order(n)
        for i in range(len(factors)):
            for j in range(i + 2, len(factors) + 1):
                run = factors[i]
                for k in range(i + 1, j):
                    run = BinOp(run.start, factors[k].end, ops[k - 1], run, factors[k])
                yield run


def _in_order(node: Node) -> tuple[list[Node], list[str]]:
    """Factors of a chain of products from left to right, and the operators between them."""
    if not (isinstance(node, BinOp) and node.op in PRODUCTS):
        return [node], []
    left, left_ops = _in_order(node.left)
    right, right_ops = _in_order(node.right)
    return left + right, left_ops + [node.op] + right_ops


def _walk_answer(tree: Node) -> Iterable[Node]:
    """Nodes of an answer, not descending into a quantity's definition."""
    stack = [tree]
    while stack:
        n = stack.pop()
        yield n
        if not isinstance(n, Quantity):
            stack.extend(n.children())


def _found(piece: str, text: str) -> bool:
    """``piece`` (a normal form) occurs in ``text`` (a normal form, spaces kept as word
    boundaries), perhaps with spaces between its characters, not glued to a longer word."""
    pattern = " ?".join(re.escape(c) for c in piece.replace(" ", ""))
    pattern = pattern.replace(r"\( ?", r"\(").replace(r" ?\)", r"\)")
    for m in re.finditer(pattern, text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if not (piece[0].isalnum() and before.isalpha()) and not (
            piece[-1].isalnum() and (after.isalnum() or after == "'")
        ):
            return True
    return False


def _trees(spec: ExpressionSpec, text: str) -> list[Node]:
    return list(compile_spec(spec).parse(text))


def _atoms(trees: Iterable[Node]) -> dict[str, Node]:
    return {
        normal_form(render(n)): n
        for t in trees
        for n in _walk_answer(t)
        if isinstance(n, (Sym, Quantity))
    }


def _substitute(tree: Node, name: str, by: Node) -> Node:
    """``tree`` with every occurrence of the symbol or quantity ``name`` replaced by ``by``."""
    for n in [n for n in _walk_answer(tree) if isinstance(n, (Sym, Quantity)) and n.name == name]:
        tree = replaced(tree, n, by)
    return tree


def _completes(atom: Node, written: list[Node], expected: list[Node], spec: ExpressionSpec) -> bool:
    """Naming ``atom`` hands the learner the answer: their answer times it, divided by it, or
    with one of their symbols replaced by it, is the expected answer."""
    if len(written) != 1 or len(expected) < 1:
        return False
    mine, draws = written[0], [make_draw(spec, np.random.default_rng(i)) for i in range(2)]
    candidates: list[Node] = [BinOp(0, 0, "matmul", mine, atom), BinOp(0, 0, "/", mine, atom)]
    candidates += [
        _substitute(mine, n.name, atom)
        for n in _walk_answer(mine)
        if isinstance(n, (Sym, Quantity)) and n.name != getattr(atom, "name", None)
    ]
    compiled = compile_spec(spec)
    for candidate in candidates:
        try:
            infer_shape(candidate, "", compiled.vocab)
        except ExprError:
            continue
        with np.errstate(all="ignore"):
            if all(close(evaluate(candidate, d), evaluate(expected[0], d)) for d in draws):
                return True
    return False


def given_away(text: str, spec: ExpressionSpec, written: str | None = None) -> list[str]:
    """Pieces of ``spec``'s expected answer that ``text`` shows and neither ``written`` (the
    learner's answer, if any) nor the cost contains; empty when the text gives nothing away.

    A lone symbol counts only when it is what the learner's answer lacks (a missing factor, or
    the one to put in place of one of theirs): naming which factor is wrong is allowed. A
    product of the learner's own factors in their order is theirs however it is bracketed.
    """
    expected: list[Node] = []
    for spelling in spec.expected:
        try:
            expected += _trees(spec, spelling)
        except ExprError:
            continue
    allowed: set[str] = set()
    mine: list[Node] = []
    if spec.cost:  # what the question shows, except lone symbols (see _completes)
        try:
            allowed |= {
                k for k in _keys(_pieces(_trees(spec, spec.cost))) if k not in _atoms(expected)
            }
        except ExprError:
            pass
    if written:
        try:
            mine = _trees(spec, written)
            allowed |= _keys(_pieces(mine, into_quantities=True))
        except ExprError:
            allowed.add(normal_form(written))
    allowed |= {p.lstrip("-").strip() for p in allowed}
    shown = normal_form(text)
    if written:  # quoting the learner's own answer (a caret line) gives nothing away
        shown = shown.replace(normal_form(written), " ")
    atoms = _atoms(expected)
    found: list[str] = []
    pieces = _pieces(expected)
    for piece in sorted(pieces, key=len, reverse=True):
        if (
            {piece, _flat_key(pieces[piece])} & allowed
            or piece in _ENGLISH
            or any(piece in f for f in found)
        ):
            continue
        if piece in atoms and not (mine and _completes(atoms[piece], mine, expected, spec)):
            continue
        if _found(piece, shown):
            found.append(piece)
    return found


def _pieces(trees: Iterable[Node], into_quantities: bool = False) -> dict[str, Node]:
    """Every piece of ``trees`` by its normal form (a number alone is no piece of an answer).

    A learner who writes a quantity (``z₃``) has also written its definition (``f₃(W₃z₂)``),
    which the prompt gives; an expected answer's pieces stop at its quantities."""
    out: dict[str, Node] = {}
    for tree in trees:
        for n in (*_nodes(tree, into_quantities), *_chains(tree, into_quantities)):
            if not isinstance(n, Num):
                out.setdefault(normal_form(render(n)), n)
    out.pop("", None)
    return out


def _flat_key(node: Node) -> str:
    """The normal form of a product with its grouping forgotten: factors and operators in
    order (``(Wᵀ λ) ⊙ f'(Wz)`` and ``Wᵀ (λ ⊙ f'(Wz))`` have the same key)."""
    factors, ops = _in_order(node)
    out = [normal_form(render(factors[0]))]
    for op, factor in zip(ops, factors[1:]):
        out += ["∘" if op == "hadamard" else "·", normal_form(render(factor))]
    return "|".join(out)


def _keys(pieces: dict[str, Node]) -> set[str]:
    return set(pieces) | {_flat_key(n) for n in pieces.values()}


def _nodes(tree: Node, into_quantities: bool) -> Iterable[Node]:
    """Nodes of ``tree``; with ``into_quantities`` also those of the definitions of the
    quantities it uses (one level, and not their lone symbols: ``x1`` brings ``w01 x0``
    but does not make ``x0`` written)."""
    for n in _walk_answer(tree):
        yield n
        if into_quantities and isinstance(n, Quantity):
            yield from (m for m in _walk_answer(n.definition) if not isinstance(m, (Sym, Quantity)))
