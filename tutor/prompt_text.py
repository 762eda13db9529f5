"""An exercise's text as every learner-facing surface shows it (the exercise screen, `show`,
the home screen's detail line): the prompt without its own title, its sources, the symbol bar
and shapes, all in the one notation the prompt renderer (``tutor.mathtext``) produces.
"""

from __future__ import annotations

import re

from exercises.model import Exercise
from tutor.mathtext import latex_to_unicode, render_markdown_math

_BARE_MATH = re.compile(
    r"(?<![\w\\$])[A-Za-zΑ-Ωα-ω∂∇][A-Za-z0-9Α-Ωα-ω]*'*"
    r"(?:[_^](?:\{[^{}\s$]*\}|[A-Za-z0-9+\-]))+(?![\w$])"
)
"""A token written the TeX way without dollars, as source titles do (``δ_j^l``, ``b^l``)."""
_SOURCES_LINE = re.compile(r"^Sources?:.*?(?=\n\n|\Z)", re.MULTILINE | re.DOTALL)
"""The prompt's own citation paragraph: section titles there are written like the toml's."""
_DIM = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def render_text_math(text: str) -> str:
    """Plain text with its math rendered: ``$…$`` and bare tokens such as ``δ_j^l``."""
    return _BARE_MATH.sub(lambda m: latex_to_unicode(m.group(0)), render_markdown_math(text))


def citations(exercise: Exercise) -> list[str]:
    return [render_text_math(s.citation()) for s in exercise.sources]


def prompt_cites_sources(exercise: Exercise) -> bool:
    """Our prompts name their source near the top; other packs' may not."""
    return "source" in exercise.prompt()[:600].lower()


def prompt_markdown(exercise: Exercise) -> str:
    """The prompt, math rendered, without its own ``# title`` (the caller shows the title)."""
    text = render_markdown_math(exercise.prompt())
    first, _, rest = text.lstrip().partition("\n")
    if first.startswith("# "):
        text = rest
    text = _SOURCES_LINE.sub(lambda m: render_text_math(m.group(0)), text, count=1)
    if exercise.code is not None:
        text += f"\n\n**Write** `{exercise.code.signature}`"
    return text


def dimension_text(exercise: Exercise, dim: object) -> str:
    """A dimension as the prompt writes it (``n_next`` → ``n_{l+1}``, rendered)."""
    spec = exercise.expression
    shown = dict(spec.dims if spec else ()).get(str(dim), str(dim))
    return latex_to_unicode(shown)


def in_prompt_notation(exercise: Exercise | None, text: str) -> str:
    """A grader message or shape (``n_next×1``) with each of the exercise's dimension names
    written as the prompt writes it (``n[l+1]×1``); other words are left alone."""
    if exercise is None or exercise.expression is None:
        return text
    dims = {d for s in exercise.expression.symbols for d in s.shape if isinstance(d, str)}
    return _DIM.sub(
        lambda m: dimension_text(exercise, m.group(0)) if m.group(0) in dims else m.group(0), text
    )


def symbol_entries(exercise: Exercise) -> list[str]:
    """Each symbol with its shape, then the functions and quantities, as the prompt shows
    them (``Wˡ⁺¹ (n[l+1]×n[l])``)."""
    spec = exercise.expression
    if spec is None:
        return []
    parts = [
        f"{latex_to_unicode(s.name)} ({'×'.join(dimension_text(exercise, d) for d in s.shape)})"
        for s in spec.symbols
    ]
    parts += [latex_to_unicode(f.name) for f in spec.functions]
    parts += [latex_to_unicode(q.name) for q in spec.quantities]
    return parts
