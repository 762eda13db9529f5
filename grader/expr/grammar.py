"""The grammar of answers: a hand-written precedence-climbing parser over the lexer's tokens.

    answer   := expr ("," expr)*                         several outputs, compared part by part
    expr     := term (("+" | "-") term)*
    term     := unary ((MATMUL | HADAMARD | "/" | <juxtaposition>) unary)*
    unary    := ("-" | "+") unary | postfix
    postfix  := primary (TRANSPOSE | "^" exponent | SUPERSCRIPT-DIGITS)*
    primary  := symbol | quantity | number | function bracket | builtin bracket
              | "(" expr ")" | "[" expr "]" | "{" expr "}" | \\frac {expr} {expr}
              | "‖" expr "‖"                             (also \\| … \\|, \\lVert … \\rVert)

All products (matrix, scalar, element-wise, division) share one precedence and associate to
the left, like Python's ``*`` and ``@``, so ``y ⊙ σ'(Ax) xᵀ`` is ``(y ⊙ σ'(Ax)) xᵀ``. A
builtin is any node class declared with ``nodes.builtin_function`` (``diag``). Nothing
here evaluates anything: the result is a tree of ``nodes``. Size and depth are bounded before
and during parsing, so hostile input costs microseconds, not a stack overflow.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from grader.expr.errors import ExprError
from grader.expr.lexer import Token, tokenize
from grader.expr.nodes import (
    BUILTIN_FUNCTIONS,
    Apply,
    BinOp,
    Neg,
    Node,
    Norm,
    Num,
    Power,
    Quantity,
    Sym,
    Transpose,
)
from grader.expr.symbols import Vocabulary

MAX_LENGTH = 1000
MAX_BRACKETS = 50
MAX_DEPTH = 120
MAX_EXPONENT = 64
MAX_TREE = 200
STARTS_OPERAND = ("NAME", "NUM", "OPEN", "FRAC")


def _check_size(text: str) -> None:
    """Refuse deep nesting and long input before any real work (only a prefix is scanned: a
    nesting deeper than the limit shows there, and anything longer is refused anyway)."""
    depth = 0
    for i, c in enumerate(text[: MAX_LENGTH + 1]):
        if c in "([{":
            depth += 1
            if depth > MAX_BRACKETS:
                raise ExprError(
                    f"the answer is nested too deeply (more than {MAX_BRACKETS} "
                    f"brackets inside each other) at column {i + 1}",
                    i + 1,
                )
        elif c in ")]}":
            depth -= 1
    if len(text) > MAX_LENGTH:
        raise ExprError(f"the answer is too long ({len(text)} characters; at most {MAX_LENGTH})")
    if not text.strip():
        raise ExprError("the answer is empty: type an expression")


class _Parser:
    def __init__(self, text: str, vocab: Vocabulary, quantities: dict[str, Node]):
        self.text = text
        self.vocab = vocab
        self.quantities = quantities
        self.tokens = tokenize(text, vocab)
        self.i = 0
        self.depth = 0
        self.in_norm = False
        """Inside ‖…‖ a bar closes the norm instead of starting a product's next factor."""

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def fail(self, message: str, tok: Token | None = None) -> ExprError:
        tok = tok or self.tok
        if tok.kind == "END":
            return ExprError(f"{message} at column {tok.column} (the answer ends here)", tok.column)
        return ExprError(
            f"{message} at column {tok.column}, found '{tok.text}'", tok.column, tok.end - tok.start
        )

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(
                f"the answer is nested too deeply (more than {MAX_DEPTH} levels) "
                f"at column {self.tok.column}",
                self.tok.column,
            )

    def answer(self) -> tuple[Node, ...]:
        parts = [self.expr()]
        while self.tok.kind == "COMMA":
            self.advance()
            parts.append(self.expr())
        if self.tok.kind == "CLOSE":
            raise ExprError(
                f"unexpected '{self.tok.text}' at column {self.tok.column}: no open "
                "bracket to close",
                self.tok.column,
            )
        if self.tok.kind != "END":
            raise self.fail("expected an operator or the end of the answer")
        return tuple(parts)

    def expr(self) -> Node:
        self.enter()
        node = self.term()
        while self.tok.kind in ("PLUS", "MINUS"):
            op = self.advance()
            right = self.term()
            node = BinOp(
                node.start, right.end, op.kind == "PLUS" and "+" or "-", node, right, op.text
            )
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.unary()
        while True:
            kind = self.tok.kind
            if kind in ("MATMUL", "HADAMARD", "DIV"):
                op = self.advance()
                right = self.unary()
                name = {"MATMUL": "matmul", "HADAMARD": "hadamard", "DIV": "/"}[kind]
                node = BinOp(node.start, right.end, name, node, right, op.text)
            elif kind in STARTS_OPERAND or (kind == "NORM" and not self.in_norm):
                if kind == "NUM":
                    raise ExprError(
                        f"a number after a product at column {self.tok.column}: put numbers "
                        f"first (write {self.tok.text} {self.text[node.start : node.end]}) or add "
                        "an operator",
                        self.tok.column,
                        self.tok.end - self.tok.start,
                    )
                right = self.unary()
                node = BinOp(node.start, right.end, "matmul", node, right, "")
            else:
                return node

    def unary(self) -> Node:
        if self.tok.kind in ("MINUS", "PLUS"):
            op = self.advance()
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return operand if op.kind == "PLUS" else Neg(op.start, operand.end, operand)
        return self.postfix()

    def postfix(self) -> Node:
        node = self.primary()
        entered = 0
        while self.tok.kind in ("TRANSPOSE", "SUPPOW", "CARET"):
            tok = self.advance()
            if tok.kind == "TRANSPOSE":
                node = Transpose(node.start, tok.end, node)
            elif tok.kind == "SUPPOW":
                node = Power(node.start, tok.end, node, self.checked_exponent(tok.value, tok))
            else:
                exponent, end = self.exponent()
                node = Power(node.start, end, node, exponent)
            self.enter()
            entered += 1
        self.depth -= entered
        return node

    def exponent(self) -> tuple[Fraction, int]:
        closer = None
        start_tok = self.tok
        if self.tok.kind == "OPEN":
            closer = self.advance().value
        sign = 1
        if self.tok.kind in ("MINUS", "PLUS"):
            sign = -1 if self.advance().kind == "MINUS" else 1
        if self.tok.kind != "NUM":
            raise self.fail("expected a number as the exponent after ^")
        num = self.advance()
        end = num.end
        if closer is not None:
            if self.tok.kind != "CLOSE" or self.tok.value != closer:
                raise self.fail(f"expected '{closer}' to close the exponent")
            end = self.advance().end
        return self.checked_exponent(sign * num.value, start_tok), end

    def checked_exponent(self, value: Fraction, tok: Token) -> Fraction:
        if abs(value) > MAX_EXPONENT:
            raise ExprError(
                f"the exponent {value} at column {tok.column} is too large "
                f"(at most {MAX_EXPONENT} in size)",
                tok.column,
            )
        if value.denominator != 1:
            raise ExprError(
                f"the exponent {value} at column {tok.column} must be a whole number", tok.column
            )
        return value

    def bracketed(self, what: str) -> tuple[Node, int]:
        """An expression in brackets, returning it and the end of the closing bracket."""
        if self.tok.kind != "OPEN":
            raise self.fail(f"expected a bracket after {what}")
        opener = self.advance()
        outer_norm, self.in_norm = self.in_norm, False
        inner = self.expr()
        self.in_norm = outer_norm
        if self.tok.kind == "CLOSE" and self.tok.value == opener.value:
            return inner, self.advance().end
        if self.tok.kind == "COMMA":
            raise self.fail(
                f"a comma separates answers only at the top level; expected "
                f"'{opener.value}' to close '{opener.text}' from column {opener.column}"
            )
        raise self.fail(
            f"expected '{opener.value}' to close '{opener.text}' from column {opener.column}"
        )

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind == "NUM":
            self.advance()
            return Num(tok.start, tok.end, tok.value)
        if tok.kind == "OPEN":
            self.enter()
            inner, end = self.bracketed("")
            self.depth -= 1
            return _respan(inner, tok.start, end)
        if tok.kind == "NORM":
            if self.in_norm:
                raise self.fail("a norm inside a norm needs brackets: ‖(‖x‖ y)‖")
            self.advance()
            self.enter()
            self.in_norm = True
            inner = self.expr()
            self.in_norm = False
            self.depth -= 1
            if self.tok.kind != "NORM":
                raise self.fail(f"expected ‖ to close the norm from column {tok.column}")
            end = self.advance().end
            return Norm(tok.start, end, inner)
        if tok.kind == "FRAC":
            self.advance()
            self.enter()
            top, _ = self.bracketed(tok.text)
            bottom, end = self.bracketed(tok.text + "{…}")
            self.depth -= 1
            return BinOp(tok.start, end, "/", top, bottom, "\\frac")
        if tok.kind == "NAME":
            entry = tok.value
            self.advance()
            if entry.kind == "symbol":
                return Sym(tok.start, tok.end, entry.name)
            if entry.kind == "quantity":
                return Quantity(tok.start, tok.end, entry.name, self.quantities[entry.name])
            if self.tok.kind == "TRANSPOSE" and self.tok.text == "'":
                raise ExprError(
                    f"unknown function {tok.text}' at column {tok.column} (declared "
                    f"functions: {', '.join(self.vocab.names('function'))})",
                    tok.column,
                    tok.end - tok.start + 1,
                )
            self.enter()
            argument, end = self.bracketed(tok.text)
            self.depth -= 1
            if entry.kind == "builtin":
                return BUILTIN_FUNCTIONS[entry.name](tok.start, end, argument)
            return Apply(tok.start, end, entry.name, argument)
        if tok.kind == "CLOSE":
            raise self.fail("expected an expression before the closing bracket")
        raise self.fail("expected a symbol, a number or an opening bracket")


def _respan(node: Node, start: int, end: int) -> Node:
    """A bracketed expression covers its brackets (so messages quote ``(A x)`` whole)."""
    return replace(node, start=start, end=end)


def tree_depth(node: Node) -> int:
    """Depth of the tree, computed without recursion (checked before any recursive pass)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        n, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((c, d + 1) for c in n.children() if not isinstance(n, Quantity))
    return deepest


def parse_answer(
    text: str, vocab: Vocabulary, quantities: dict[str, Node] | None = None
) -> tuple[Node, ...]:
    """Parse ``text`` into one tree per comma-separated part; raises ``ExprError``."""
    _check_size(text)
    parts = _Parser(text, vocab, quantities or {}).answer()
    for part in parts:
        if tree_depth(part) > MAX_TREE:
            raise ExprError(f"the answer is too large (more than {MAX_TREE} operations deep)")
    return parts


def parse_one(text: str, vocab: Vocabulary, quantities: dict[str, Node] | None = None) -> Node:
    parts = parse_answer(text, vocab, quantities)
    if len(parts) != 1:
        raise ExprError("expected one expression, not a comma-separated list")
    return parts[0]


def parse_quantities(vocab: Vocabulary) -> dict[str, Node]:
    """Parse every declared quantity's definition; definitions may use earlier quantities."""
    trees: dict[str, Node] = {}
    busy: list[str] = []

    def resolve(name: str) -> Node:
        if name in trees:
            return trees[name]
        if name in busy:
            raise ExprError(f"the quantity {name} is defined in terms of itself")
        busy.append(name)
        text = vocab.definitions[name]
        needed = {
            t.value.name
            for t in tokenize(text, vocab)
            if t.kind == "NAME" and t.value.kind == "quantity"
        }
        known = {n: resolve(n) for n in needed}
        try:
            trees[name] = parse_one(text, vocab, known)
        except ExprError as e:
            raise ExprError(
                f"the definition of {name} ({text!r}) does not parse: {e.message}"
            ) from None
        busy.pop()
        return trees[name]

    for name in vocab.definitions:
        resolve(name)
    return trees
