"""Finding an exercise's answer inside a piece of text (a hint, a feedback string, the notation
guide), used by the leak tests.

Two checks. Textually, the text must not contain an expected answer or the correct option's
text, compared with spaces removed. Numerically, every fragment of the text that parses as an
expression of the exercise (the pieces between punctuation, each side of an "=", every run of up
to a few words) is graded by the exercise's own checker, in the notation the learner would
type and in the math rendering a learner sees; a fragment that passes is the answer given
away. The grader's numeric equivalence catches rewritten forms (`diag(σ'(Ax)) y xᵀ` for
`(y ⊙ σ'(Ax)) xᵀ`) that a textual check would miss.
"""

from __future__ import annotations

import re
from functools import cache

from exercises.model import Exercise
from grader.expr.check import check_expression

_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
_SPLIT = re.compile(
    r"[,;:!?]\s|\.\s|\.$|=|≡|→|⟹|\bso\b|\bis\b|\bthen\b|\bgives\b|\bwith\b|"
    r"\band\b|\bor\b|\bof\b|\bas\b|\bby\b|\bwhere\b|\bhere\b|\|"
)
_WORDS = 7


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("^T", "ᵀ").replace("^\\top", "ᵀ"))


def fragments(text: str) -> set[str]:
    """Candidate expressions in ``text``: math spans, clause pieces and short runs of words."""
    pieces = {m.group(1) or m.group(2) for m in _MATH.finditer(text)}
    pieces |= {p.strip(" ()`*\"'") for p in _SPLIT.split(text.replace("$", " "))}
    found = set()
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found.add(piece)
        for side in re.split(r"=|\\iff|\\implies|\\quad|\\Rightarrow|⟹", piece):
            words = side.split()
            for start in range(len(words)):
                for stop in range(start + 1, min(len(words), start + _WORDS) + 1):
                    found.add(" ".join(words[start:stop]))
    return {f.strip(" .,;:`") for f in found if f.strip(" .,;:`")}


@cache
def _passes(exercise: Exercise, fragment: str) -> bool:
    try:
        return check_expression(exercise, fragment, seed=0).status == "passed"
    except Exception:  # a fragment of prose may upset the parser in any way; it is no answer
        return False


def _lone_symbol(exercise: Exercise, fragment: str) -> bool:
    names = {n for s in exercise.expression.symbols for n in (s.name, *s.spellings)}
    return _squash(fragment) in {_squash(n) for n in names}


def leaked_answers(exercise: Exercise, text: str, *, symbols_named: bool = False) -> list[str]:
    """The pieces of ``text`` that give away ``exercise``'s answer (empty when none do).

    With ``symbols_named`` a text may name a lone symbol even when that symbol is an answer
    (``mlp/bias-gradient``'s is δˡ): a glossary has to define its symbols.
    """
    leaks = []
    if exercise.expression is not None:
        squashed = _squash(text)
        leaks += [
            e
            for e in exercise.expression.expected
            if _squash(e) in squashed and not (symbols_named and _lone_symbol(exercise, e))
        ]
        leaks += sorted(
            f
            for f in fragments(text)
            if _passes(exercise, f) and not (symbols_named and _lone_symbol(exercise, f))
        )
    if exercise.choice is not None:
        spec = exercise.choice
        correct = next(o for o in spec.options if o.key == spec.correct)
        if _squash(correct.text) in _squash(text):
            leaks.append(correct.text)
    return leaks
