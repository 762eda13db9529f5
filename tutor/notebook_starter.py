"""The notebook a learner opens in Jupyter (`start EXERCISE --notebook`).

The prompt goes in as Markdown cells with its math as written ($…$ is LaTeX, which Jupyter
renders; the terminal's Unicode rendering is for `show`), the starter code in a code cell
tagged ``solution``, and a cell tagged ``check`` that checks the function in place with
``from grader import check``. The exercise is in the notebook's metadata (and on the
solution cell's first line), so `check`, `watch` and `grade` know what it answers. A family's
variant is the check call's ``variant=N``, which is what the grader reads (the metadata's
copy only says which variant the notebook was started on).
"""

from __future__ import annotations

import re

from exercises.model import Exercise
from grader.kinds import kind_of
from grader.notebook import METADATA_KEY

HEADING = re.compile(r"^(?=#{1,6} )", re.MULTILINE)
KERNEL = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def notebook_filename(ex: Exercise) -> str:
    return f"{ex.pack}__{ex.id}.ipynb"


def notebook_text(ex: Exercise) -> str:
    """The starter notebook as JSON text, as Jupyter writes it."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    cells = [new_markdown_cell(part.strip()) for part in HEADING.split(ex.prompt()) if part.strip()]
    header = f"# exercise: {ex.qualified_id}\n"
    if ex.code is not None:
        cells.append(
            new_markdown_cell(
                f"Write `{ex.code.signature}` in the next cell, then run the check below it. "
                "Only this function, the helpers and names it uses and the imports are graded: "
                "the rest of the notebook is yours to experiment in."
            )
        )
        starter = ex.code.starter.read_text(encoding="utf-8").rstrip("\n")
        cells.append(new_code_cell(header + starter, metadata={"tags": ["solution"]}))
        check = f"from grader import check\n\ncheck({ex.qualified_id!r}, {ex.code.function})"
    else:
        options = [f"- **{o.key}**: {o.text}" for o in ex.choice.options] if ex.choice else []
        what = kind_of(ex).what_to_write
        cells.append(
            new_markdown_cell(
                "\n".join(
                    [f"Write {what} between the quotes below and run the cell.", "", *options]
                )
            )
        )
        variant = "" if ex.variant is None else f", variant={ex.variant}"
        check = f'{header}from grader import check\n\ncheck({ex.qualified_id!r}, r""{variant})'
    cells.append(new_code_cell(check, metadata={"tags": ["check"]}))
    ours: dict[str, object] = {"exercise": ex.qualified_id}
    if ex.variant is not None:
        ours["variant"] = ex.variant
    notebook = new_notebook(cells=cells, metadata={**KERNEL, METADATA_KEY: ours})
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"
