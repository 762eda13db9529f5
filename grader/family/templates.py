"""The templates a family may declare: each draws one cost, its symbols and the variable asked.

A template is a function ``(rng, family) -> Draft`` registered by name; the pack's ``[family]``
table names it in ``template`` and gives its options (everything else in the table). The
answer is never written here: it is derived from the drawn cost by symbolic reverse mode
(``grader.family.derive``). An unknown template or option is an error naming the known ones.

Names and dimensions are drawn from pools (options ``matrices``, ``vectors``, ``dims``), all
distinct within a variant, so two variants differ in their letters as well as their structure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from exercises.model import FamilySpec


class TemplateError(ValueError):
    """A family's template or options are wrong (reported by ``pack validate`` and ``show``)."""


@dataclass
class Draft:
    """One drawn variant before its answer is derived."""

    cost: str
    """The scalar cost in the expression language."""
    wrt: str
    symbols: dict[str, tuple] = field(default_factory=dict)
    """Name -> shape, in the order the prompt lists them."""
    symmetric: set[str] = field(default_factory=set)
    functions: list[str] = field(default_factory=list)
    """Element-wise functions of the cost; each gets its derivative ``name'`` declared."""
    story: str = ""
    """One sentence of context for the prompt (what the cost is), in Markdown with $…$."""
    sources_note: str = ""


Template = Callable[[np.random.Generator, FamilySpec], Draft]
TEMPLATES: dict[str, Template] = {}
OPTIONS: dict[str, set[str]] = {}
COMMON = {"matrices", "vectors", "dims"}


def template(name: str, *options: str):
    def register(fn: Template) -> Template:
        TEMPLATES[name] = fn
        OPTIONS[name] = COMMON | set(options)
        return fn

    return register


def draw(family: FamilySpec, rng: np.random.Generator) -> Draft:
    """Draw one variant of ``family``; raises ``TemplateError`` for a bad template."""
    fn = TEMPLATES.get(family.template)
    if fn is None:
        raise TemplateError(
            f"unknown family template '{family.template}' (known: {', '.join(sorted(TEMPLATES))})"
        )
    unknown = sorted(k for k, _ in family.options if k not in OPTIONS[family.template])
    if unknown:
        raise TemplateError(
            f"template '{family.template}' has no option "
            f"{', '.join(repr(k) for k in unknown)} (its options: "
            f"{', '.join(sorted(OPTIONS[family.template]))})"
        )
    return fn(rng, family)


class _Names:
    """Distinct letters and dimensions for one variant, drawn from the family's pools."""

    def __init__(self, rng: np.random.Generator, family: FamilySpec):
        self.rng = rng
        self.pools = {
            "matrices": list(_strings(family, "matrices", ("A", "B", "D", "M", "P", "Q", "W"))),
            "vectors": list(_strings(family, "vectors", ("x", "y", "u", "v", "w"))),
            "dims": list(_strings(family, "dims", ("m", "n", "k", "p", "q", "r"))),
        }
        for key, pool in self.pools.items():
            if len(set(pool)) != len(pool):
                raise TemplateError(f"option '{key}' names a letter twice")
            rng.shuffle(pool)

    def reserve(self, taken) -> None:
        """Names already used (an instructor's scalars keep theirs): no pool hands them out,
        or a renamed vector ``x`` would merge with a scalar ``x``."""
        for key, pool in self.pools.items():
            self.pools[key] = [n for n in pool if n not in taken]

    def take(self, pool: str, count: int = 1) -> list[str]:
        names = self.pools[pool]
        if len(names) < count:
            raise TemplateError(f"option '{pool}' needs at least {count} names for this template")
        out, self.pools[pool] = names[:count], names[count:]
        return out

    def one(self, pool: str) -> str:
        return self.take(pool)[0]


def _strings(family: FamilySpec, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = family.option(key, default)
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
        raise TemplateError(f"option '{key}' is a list of names")
    return value


def _range(
    family: FamilySpec, key: str, default: tuple[int, int], low: int, high: int
) -> tuple[int, int]:
    value = family.option(key, default)
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value, value)
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not low <= value[0] <= value[1] <= high
    ):
        raise TemplateError(f"option '{key}' is a number or [low, high] within [{low}, {high}]")
    return value


def _choices(family: FamilySpec, key: str, known: tuple[str, ...]) -> tuple[str, ...]:
    value = family.option(key, known)
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, tuple) or not value or any(v not in known for v in value):
        raise TemplateError(f"option '{key}' is a list drawn from {', '.join(known)}")
    return value


def _pick(rng: np.random.Generator, items):
    return items[int(rng.integers(len(items)))]


def _t(name: str, transposed: bool) -> str:
    return f"{name}^T" if transposed else name


@template("product", "factors", "transposes")
def product(rng: np.random.Generator, family: FamilySpec) -> Draft:
    """``uᵀ F₁ F₂ … F_k v``: a chain of one to three matrices (option ``factors``) between two
    vectors, each possibly written transposed (seed 004's yᵀAx and yᵀABx, and longer)."""
    low, high = _range(family, "factors", (1, 3), 1, 5)
    transposes = family.option("transposes", True)
    names = _Names(rng, family)
    count = int(rng.integers(low, high + 1))
    dims = names.take("dims", count + 1)
    left, right = names.take("vectors", 2)
    matrices = names.take("matrices", count)
    symbols: dict[str, tuple] = {left: (dims[0], 1)}
    factors = []
    for i, name in enumerate(matrices):
        flip = bool(transposes) and bool(rng.random() < 0.5)
        shape = (dims[i + 1], dims[i]) if flip else (dims[i], dims[i + 1])
        symbols[name] = shape
        factors.append(_t(name, flip))
    symbols[right] = (dims[-1], 1)
    cost = " ".join([f"{left}^T", *factors, right])
    return Draft(
        cost,
        _pick(rng, matrices),
        symbols,
        story="a bilinear form: a chain of matrices between two vectors",
    )


@template("quadratic", "forms")
def quadratic(rng: np.random.Generator, family: FamilySpec) -> Draft:
    """Quadratic forms: symmetric ``xᵀSx``, non-symmetric ``xᵀAx``, least squares
    ``½‖Ax − b‖²`` (or written ``½ (Ax − b)ᵀ(Ax − b)``) by x or by A, and seed 004's
    ``½ xᵀBᵀAᵀABx`` by A or by B."""
    forms = _choices(family, "forms", ("symmetric", "general", "least-squares", "gram"))
    form = _pick(rng, forms)
    names = _Names(rng, family)
    if form in ("symmetric", "general"):
        (n,), (x,), (a,) = names.take("dims"), names.take("vectors"), names.take("matrices")
        symmetric = {a} if form == "symmetric" else set()
        what = "a symmetric matrix" if symmetric else "a square matrix, not symmetric"
        return Draft(
            f"{x}^T {a} {x}",
            x,
            {a: (n, n), x: (n, 1)},
            symmetric,
            story=f"a quadratic form; ${a}$ is {what}",
        )
    if form == "least-squares":
        m, n = names.take("dims", 2)
        a = names.one("matrices")
        x, b = names.take("vectors", 2)
        r = f"{a} {x} - {b}"
        cost = f"½ ‖{r}‖^2" if rng.random() < 0.5 else f"½ ({r})^T ({r})"
        return Draft(
            cost,
            _pick(rng, (x, a)),
            {a: (m, n), x: (n, 1), b: (m, 1)},
            story=f"least squares: half the squared length of the residual ${a}{x} - {b}$",
        )
    m, k, n = names.take("dims", 3)
    a, b = names.take("matrices", 2)
    x = names.one("vectors")
    cost = f"½ {x}^T {b}^T {a}^T {a} {b} {x}"
    return Draft(
        cost,
        _pick(rng, (a, b)),
        {a: (m, k), b: (k, n), x: (n, 1)},
        story=f"half the squared length of ${a}{b}{x}$, written as a quadratic form",
    )


@template("activation", "activations", "bias")
def activation(rng: np.random.Generator, family: FamilySpec) -> Draft:
    """``yᵀσ(Ax)`` and ``yᵀσ₂(Aσ₁(Bx))`` (seed 004), optionally with a bias inside the outer
    activation; the variable is a matrix, the input or the bias."""
    low, high = _range(family, "activations", (1, 2), 1, 2)
    with_bias = family.option("bias", False)
    names = _Names(rng, family)
    depth = int(rng.integers(low, high + 1))
    y, x = names.take("vectors", 2)
    if depth == 1:
        m, n = names.take("dims", 2)
        a = names.one("matrices")
        symbols = {y: (m, 1), a: (m, n), x: (n, 1)}
        inner, functions, candidates = f"{a} {x}", ["σ"], [a, x]
    else:
        k, m, n = names.take("dims", 3)
        a, b = names.take("matrices", 2)
        symbols = {y: (k, 1), a: (k, m), b: (m, n), x: (n, 1)}
        inner, functions, candidates = f"{a} σ_1({b} {x})", ["σ_1", "σ_2"], [a, b, x]
    if with_bias and rng.random() < 0.5:
        bias = names.one("vectors")
        symbols[bias] = symbols[y]
        inner = f"{inner} + {bias}"
        candidates.append(bias)
    outer = functions[-1]
    return Draft(
        f"{y}^T {outer}({inner})",
        _pick(rng, candidates),
        symbols,
        functions=functions,
        story="a linear read-out of "
        + ("an activation" if depth == 1 else "two stacked activations"),
    )


@template("layer", "layers", "ask")
def layer(rng: np.random.Generator, family: FamilySpec) -> Draft:
    """An MLP with per-layer activations fᵢ and the squared-error cost
    ``½‖a_L − y‖²`` (seeds 002 and 003): the δ of a layer (the gradient by its
    pre-activation zᵢ, a symbol here), its weight gradient or its bias gradient."""
    low, high = _range(family, "layers", (2, 3), 2, 3)
    asks = _choices(family, "ask", ("delta", "weight", "bias"))
    ask = _pick(rng, asks)
    layers = int(rng.integers(low, high + 1))
    target = int(rng.integers(1, layers + 1))
    names = _Names(rng, family)
    dims = names.take("dims", layers + 1)
    symbols: dict[str, tuple] = {}
    if ask == "delta":
        start = target + 1
        symbols[f"z_{target}"] = (dims[target], 1)
        activation = f"f_{target}(z_{target})"
    else:
        start, activation = 1, "x"
        symbols["x"] = (dims[0], 1)
    for i in range(start, layers + 1):
        symbols[f"W_{i}"] = (dims[i], dims[i - 1])
        symbols[f"b_{i}"] = (dims[i], 1)
        activation = f"f_{i}(W_{i} {activation} + b_{i})"
    symbols["y"] = (dims[layers], 1)
    residual = f"{activation} - y"
    wrt = {"delta": f"z_{target}", "weight": f"W_{target}", "bias": f"b_{target}"}[ask]
    functions = [f"f_{i}" for i in range(min(start, target), layers + 1)]
    return Draft(
        f"½ ‖{residual}‖^2",
        wrt,
        symbols,
        functions=functions,
        story=f"a {layers}-layer network with activation $f_i$ in layer $i$ and the "
        "squared-error cost",
    )


@template("matmul", "transposes")
def matmul(rng: np.random.Generator, family: FamilySpec) -> Draft:
    """Seed 001's matrix-product backward with random shapes: ``Z = A B`` (either factor
    possibly transposed) feeds a cost whose adjoint of Z is Λ, so ``C = tr(Λᵀ Z)``; the
    variable is one of the factors (Λ₁ = ΛBᵀ, Λ₂ = AᵀΛ in the notes)."""
    transposes = family.option("transposes", True)
    names = _Names(rng, family)
    m, k, n = names.take("dims", 3)
    a, b = names.take("matrices", 2)
    flip_a = bool(transposes) and bool(rng.random() < 0.5)
    flip_b = bool(transposes) and bool(rng.random() < 0.5)
    symbols = {
        "Λ": (m, n),
        a: (k, m) if flip_a else (m, k),
        b: (n, k) if flip_b else (k, n),
    }
    product = f"{_t(a, flip_a)} {_t(b, flip_b)}"
    shown = product.replace("^T", "^\\top")
    return Draft(
        f"tr(Λ^T {product})",
        _pick(rng, (a, b)),
        symbols,
        story=f"the trace form of a matrix product: $Z = {shown}$ has the adjoint $\\Lambda$",
    )


@template("costs", "costs", "symbols", "functions", "symmetric", "wrt", "story")
def costs(rng: np.random.Generator, family: FamilySpec) -> Draft:
    """The instructor's own costs: ``costs`` lists cost patterns in the expression language
    over placeholder symbols declared in ``symbols`` (``"A: m n"``, ``"x: n 1"``); a variant
    picks one, renames its matrices, vectors and dimensions from the pools (scalars and the
    ``functions`` keep their names), and asks for one of its ``wrt`` placeholders (default:
    any matrix or vector the cost uses that is not ``symmetric``; a symmetric one cannot be
    asked for)."""
    from exercises.model import ExpressionSpec, FunctionSpec, SymbolSpec
    from grader.expr.compiled import compile_spec
    from grader.expr.errors import ExprError
    from grader.expr.nodes import Sym, walk
    from grader.expr.render import render

    patterns = _strings(family, "costs", ())
    if not patterns:
        raise TemplateError("option 'costs' lists at least one cost pattern")
    shapes = dict(_symbol(text) for text in _strings(family, "symbols", ()))
    functions = _strings(family, "functions", ())
    symmetric = set(_strings(family, "symmetric", ()))
    declared = ExpressionSpec(
        symbols=tuple(SymbolSpec(n, s, symmetric=n in symmetric) for n, s in shapes.items()),
        expected=("0",),
        functions=tuple(
            spec
            for f in functions
            for spec in (FunctionSpec(f), FunctionSpec(f"{f}'", derivative_of=f))
        ),
    )
    pattern = _pick(rng, patterns)
    try:
        tree = compile_spec(declared).parse_one(pattern)
    except ExprError as error:
        raise TemplateError(f"cost pattern {pattern!r}: {error.message}") from None
    used = list(dict.fromkeys(n.name for n in walk(tree) if isinstance(n, Sym)))
    names = _Names(rng, family)
    names.reserve({n for n in used if shapes[n] == (1, 1)})
    dims = sorted({d for n in used for d in shapes[n] if isinstance(d, str)})
    new_dims = dict(zip(dims, names.take("dims", len(dims))))
    renamed: dict[str, str] = {}
    for name in used:
        rows, cols = shapes[name]
        if (rows, cols) == (1, 1):
            renamed[name] = name
        else:
            renamed[name] = names.one("matrices" if cols != 1 else "vectors")
    asked_symmetric = sorted(symmetric & set(_strings(family, "wrt", ())))
    if asked_symmetric:
        raise TemplateError(
            f"'wrt' cannot ask for the symmetric {', '.join(asked_symmetric)}: a gradient over "
            "symmetric matrices has no single written form (for xᵀSy, x yᵀ, y xᵀ and their "
            "mean are all right), so no learner's answer could be judged"
        )
    allowed = _strings(
        family, "wrt", tuple(n for n in used if shapes[n] != (1, 1) and n not in symmetric)
    )
    candidates = [n for n in used if n in allowed]
    if not candidates:
        raise TemplateError(f"cost pattern {pattern!r} uses none of the 'wrt' symbols")
    symbols = {
        renamed[n]: tuple(new_dims.get(d, d) if isinstance(d, str) else d for d in shapes[n])
        for n in used
    }
    return Draft(
        render(_renamed(tree, renamed)),
        renamed[_pick(rng, candidates)],
        symbols,
        {renamed[n] for n in used if n in symmetric},
        functions=list(functions),
        story=str(family.option("story", "the cost")),
    )


def _symbol(text: str) -> tuple[str, tuple]:
    """``"A: m n"`` (or ``"A: m×n"``) → ("A", ("m", "n")); a size may be a number."""
    name, _, rest = text.partition(":")
    parts = [p for p in rest.replace("×", " ").split() if p]
    if not name.strip() or len(parts) != 2:
        raise TemplateError(f"symbol {text!r} is written 'NAME: ROWS COLS', e.g. 'A: m n'")
    return name.strip(), tuple(int(p) if p.isdigit() else p for p in parts)


def _renamed(tree, renamed: dict[str, str]):
    from dataclasses import replace

    from grader.expr.nodes import Sym

    if isinstance(tree, Sym):
        return Sym(0, 0, renamed[tree.name])
    fields = {f: _renamed(getattr(tree, f), renamed) for f in tree.OPERANDS}
    return replace(tree, start=0, end=0, **fields)
