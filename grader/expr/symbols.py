"""Spelling tables: every way a learner may write a declared symbol, function or quantity.

Exercise authors write one canonical name (``W^{l+1}``, ``σ_1'``, ``w01``, ``λ``) plus optional
extra spellings; the contract promises more (Greek by glyph, name or LaTeX command, indices as
``σ1``/``σ_1``/``σ₁``/``sigma_1``, layer indices as ``^{l+1}``/``_{l+1}``…). The variants are
generated here from the canonical name so that no exercise has to list them. A variant that two
different names would both produce is dropped (an author's explicit spelling always wins), and
the lexer matches spellings longest first, so ``yxᵀ`` reads as ``y xᵀ``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from exercises.model import Dim, ExpressionSpec
from grader.expr.nodes import BUILTIN_FUNCTIONS

GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ϵ": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "ϕ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
    "Γ": "Gamma",
    "Δ": "Delta",
    "Θ": "Theta",
    "Λ": "Lambda",
    "Ξ": "Xi",
    "Π": "Pi",
    "Σ": "Sigma",
    "Φ": "Phi",
    "Ψ": "Psi",
    "Ω": "Omega",
}
GREEK_BY_NAME = {name: glyph for glyph, name in GREEK.items() if glyph not in "ϵϕ"}

SUBSCRIPTS = dict(
    zip("0123456789+-=()aehijklmnoprstuvxβγρφχ", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ")
)
# Every superscript letter Unicode has (flatlatex renders ``W^k`` as ``Wᵏ``, ``a^L`` as ``aᴸ``),
# so whatever a prompt shows can be typed back.
SUPERSCRIPTS = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
    )
)


def builtin_spellings(name: str) -> list[str]:
    """How a built-in function may be written: ``diag``, ``\\diag``, ``Diag``,
    ``\\operatorname{diag}``, ``\\mathrm{diag}``, ``\\text{diag}``."""
    return [
        name,
        "\\" + name,
        name.capitalize(),
        f"\\operatorname{{{name}}}",
        f"\\mathrm{{{name}}}",
        f"\\text{{{name}}}",
    ]


BUILTINS = {spelling: name for name in BUILTIN_FUNCTIONS for spelling in builtin_spellings(name)}

NAME_PATTERN = re.compile(
    r"^(?P<base>\\?[^\W\d_]+?|[^\W\d_])"  # a letter (or a Greek name / LaTeX command)
    r"(?:(?P<digits>\d+)|(?P<mark>[_^])(?:\{(?P<braced>[^{}]+)\}|\((?P<paren>[^()]+)\)|(?P<bare>\w)))?"
    r"(?P<prime>'*)$"
)


@dataclass(frozen=True)
class Entry:
    """What a spelling stands for: ``kind`` is symbol, function, quantity or builtin."""

    kind: str
    name: str


@dataclass(frozen=True)
class Vocabulary:
    """The names one exercise declares, with every accepted spelling."""

    entries: dict[str, Entry]
    """Spelling -> entry."""
    by_first: dict[str, tuple[str, ...]]
    """First character -> spellings starting with it, longest first."""
    shapes: dict[str, tuple[Dim, Dim]]
    derivative_of: dict[str, str | None]
    """Function name -> the function it is the derivative of (None for a base function)."""
    definitions: dict[str, str]
    """Quantity name -> its definition in the expression language."""

    def match(self, text: str, pos: int) -> tuple[str, Entry] | None:
        """The longest spelling found at ``pos``."""
        for spelling in self.by_first.get(text[pos], ()):
            if text.startswith(spelling, pos):
                return spelling, self.entries[spelling]
        return None

    def names(self, kind: str) -> list[str]:
        if kind == "symbol":
            return list(self.shapes)
        if kind == "function":
            return list(self.derivative_of)
        return list(self.definitions)


def _base_variants(base: str) -> list[str]:
    bare = base.lstrip("\\")
    glyph = base if base in GREEK else GREEK_BY_NAME.get(bare)
    if glyph is None:
        return [base]
    name = GREEK[glyph]
    return [glyph, name, "\\" + name]


def _index_variants(index: str, mark: str) -> list[str]:
    """Ways to attach ``index`` (``1``, ``l``, ``l+1``, ``01``) to a base letter."""
    out: list[str] = []
    simple = len(index) == 1 or index.isdigit()
    marks = ["_"] if index.isdigit() else ["_", "^"]  # x^2 stays a power, never x_2
    for m in marks:
        out += [f"{m}{{{index}}}", f"{m}({index})"]
        if simple:
            out.append(f"{m}{index}")
    if index.isdigit():
        out.append(index)
    if all(c in SUBSCRIPTS for c in index):
        out.append("".join(SUBSCRIPTS[c] for c in index))
    if mark == "^" and all(c in SUPERSCRIPTS for c in index):  # W^1 declared: W¹ is W^1
        out.append("".join(SUPERSCRIPTS[c] for c in index))
    return out


def variants(canonical: str) -> list[str]:
    """Generated spellings of a canonical name (the name itself first)."""
    m = NAME_PATTERN.match(canonical)
    if m is None:
        return [canonical]
    bases = _base_variants(m["base"])
    index = m["digits"] or m["braced"] or m["paren"] or m["bare"]
    suffixes = [""] if index is None else _index_variants(index, m["mark"] or "_")
    prime = m["prime"]
    out = [canonical]
    for b in bases:
        for s in suffixes:
            out.append(b + s + prime)
            if prime and s:
                out.append(b + prime + s)  # σ'_1 as well as σ_1'
    out += [v.replace("''", "″") for v in out if "''" in v]  # f″ as prompts show f''
    return list(dict.fromkeys(out))


def _add(table: dict[str, Entry], clashes: set[str], spelling: str, entry: Entry) -> None:
    old = table.get(spelling)
    if old is not None and old != entry:
        clashes.add(spelling)
    table[spelling] = entry


@lru_cache(maxsize=256)
def vocabulary(spec: ExpressionSpec) -> Vocabulary:
    """Build (once per exercise) the spelling table of ``spec``."""
    declared: list[tuple[str, Entry, tuple[str, ...]]] = []
    for s in spec.symbols:
        declared.append((s.name, Entry("symbol", s.name), s.spellings))
    for f in spec.functions:
        declared.append((f.name, Entry("function", f.name), f.spellings))
    for q in spec.quantities:
        declared.append((q.name, Entry("quantity", q.name), q.spellings))

    generated: dict[str, Entry] = {}
    clashes: set[str] = set()
    for name, entry, _ in declared:
        for v in variants(name):
            _add(generated, clashes, v, entry)
    entries = {k: v for k, v in generated.items() if k not in clashes}
    for spelling, name in BUILTINS.items():
        entries.setdefault(spelling, Entry("builtin", name))
    for name, entry, explicit in declared:  # canonical and explicit spellings always win
        for spelling in (name, *explicit):
            entries[spelling] = entry
    by_first: dict[str, list[str]] = {}
    for spelling in sorted(entries, key=len, reverse=True):
        by_first.setdefault(spelling[0], []).append(spelling)
    return Vocabulary(
        entries=entries,
        by_first={k: tuple(v) for k, v in by_first.items()},
        shapes={s.name: (s.shape[0], s.shape[1]) for s in spec.symbols},
        derivative_of={f.name: f.derivative_of for f in spec.functions},
        definitions={q.name: q.definition for q in spec.quantities},
    )
