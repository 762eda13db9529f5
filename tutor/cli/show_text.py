"""`show`: an exercise's prompt as a terminal shows Markdown (rich, the library Textual's own
Markdown builds on), and as plain text, without escape codes, when the output is piped.

The text is the one the exercise screen shows (``tutor.prompt_text``), so the two never drift.
"""

from __future__ import annotations

import io
import re
import sys

from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text

from exercises.model import Exercise
from grader.kinds import kind_of
from tutor.mathtext import render_markdown_math
from tutor.prompt_text import citations, prompt_cites_sources, prompt_markdown, symbol_entries


def next_step(exercise: Exercise) -> str:
    """How to answer from the command line: a starter file only where it helps (code)."""
    qid = exercise.qualified_id
    if kind_of(exercise).takes_code:
        return (
            f"Start with: backprop-tutor start {qid}   (writes the starter file)\n"
            f"then check it with: backprop-tutor check FILE"
        )
    if exercise.choice is not None:
        keys = ", ".join(o.key for o in exercise.choice.options)
        return f"Answer with: backprop-tutor check {qid} --answer KEY   (KEY is one of {keys})"
    return f"Answer with: backprop-tutor check {qid} --answer 'YOUR EXPRESSION'"


def exercise_markdown(exercise: Exercise) -> str:
    """The prompt, then what the learner answers with (options, symbols, signature)."""
    parts = [prompt_markdown(exercise).strip()]
    if exercise.choice is not None:
        parts.append(
            "\n".join(
                f"- **({o.key})** {render_markdown_math(o.text)}" for o in exercise.choice.options
            )
        )
    symbols = symbol_entries(exercise)
    if symbols:
        parts.append("**Symbols:** " + ", ".join(symbols))
    return "\n\n".join(parts)


def show_exercise(exercise: Exercise, *, colour: bool) -> None:
    """Print the exercise to stdout: styled on a terminal, plain text otherwise."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        no_color=not colour,
        force_terminal=colour,
        width=Console(file=sys.stdout).width,
        highlight=False,
        emoji=False,
    )
    console.print(Text(exercise.title, style="bold"))
    console.print(
        Text(
            f"{exercise.qualified_id} · {exercise.kind} · difficulty {exercise.difficulty}",
            style="dim",
        )
    )
    if not prompt_cites_sources(exercise):
        for citation in citations(exercise) or ["not given"]:
            console.print(Text.assemble(("Source: ", "bold"), citation))
    console.print()
    console.print(Markdown(exercise_markdown(exercise), code_theme="ansi_dark"))
    console.print()
    console.print(Text(next_step(exercise), style="cyan"))
    text = buffer.getvalue()
    if not colour:  # rich pads every line to the width; plain text has no trailing blanks
        text = re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE)
        text = re.sub(r"\n{3,}", "\n\n", text)
    sys.stdout.write(text)
