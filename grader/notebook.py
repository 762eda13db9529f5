"""Reading a ``.ipynb`` submission: its code cells and the exercises it answers, no kernel.

nbformat tells the format's versions apart and upgrades old notebooks; a current (v4)
notebook is read straight from its JSON, because building nbformat's node objects for every
output of every cell costs more than grading the notebook (measured: ~5 ms against ~0.3 ms
for a 20-cell notebook, for a class of 200 the difference between keeping up with the `.py`
rate and not). Outputs, attachments and Markdown are never looked at; nothing is executed.

The exercises come from ``metadata.backprop_tutor.exercise`` (a string or a list; written by
``start --notebook``) and from ``# exercise: PACK/ID`` lines in any code cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from grader.program import Cell

HEADER = re.compile(r"^\s*#\s*(exercise|learner)\s*:\s*(\S.*?)\s*$", re.IGNORECASE | re.M)
METADATA_KEY = "backprop_tutor"


class NotebookError(ValueError):
    """Not a notebook that can be read (not JSON, not the notebook format)."""


@dataclass(frozen=True)
class Notebook:
    cells: tuple[Cell, ...]
    """The code cells, in order, labelled as a person finds them (position and ``In [n]``)."""
    exercises: tuple[str, ...]
    learner: str | None = None


def read_notebook(text: str) -> Notebook:
    """The code cells and declarations of a notebook's JSON text; raises ``NotebookError``."""
    import nbformat.reader

    try:
        data = nbformat.reader.parse_json(text)
    except nbformat.reader.NotJSONError:
        raise NotebookError("is not a notebook (not JSON)") from None
    if not isinstance(data, dict):
        raise NotebookError("is not a notebook (its JSON is not an object)")
    major, _ = nbformat.reader.get_version(data)
    if major != 4:
        data = _upgraded(text, major)
    cells_data = data.get("cells")
    if not isinstance(cells_data, list):
        raise NotebookError("is not a notebook (it has no list of cells)")
    cells, declared, learner = [], list(_metadata_exercises(data.get("metadata"))), None
    for position, cell in enumerate(cells_data, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = _text(cell.get("source"), position)
        for kind, value in HEADER.findall(source):
            if kind.lower() == "exercise":
                declared.append(value)
            elif learner is None:
                learner = value
        count = cell.get("execution_count")
        label = f"cell {position}" + (f" (In [{count}])" if isinstance(count, int) else "")
        cells.append(Cell(label, source))
    return Notebook(tuple(cells), tuple(dict.fromkeys(declared)), learner)


def _upgraded(text: str, major: Any) -> dict:
    import nbformat

    if major not in (1, 2, 3):
        raise NotebookError(f"is in notebook format version {major!r}, which nbformat cannot read")
    try:
        return nbformat.reads(text, as_version=4)
    except Exception as error:  # nbformat raises many kinds on malformed old notebooks
        raise NotebookError(
            f"is an old (v{major}) notebook that cannot be upgraded: {error}"
        ) from None


def _text(source: Any, position: int) -> str:
    """A cell's source: a string, or (as Jupyter writes it) a list of lines."""
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    raise NotebookError(f"is not a valid notebook: cell {position} has no source text")


def _metadata_exercises(metadata: Any) -> list[str]:
    ours = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    value = ours.get("exercise") if isinstance(ours, dict) else None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
