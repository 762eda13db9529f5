"""`pack new`: a pack that validates and grades out of the box, ready to be edited.

The template (exercises/templates/pack) holds an expression exercise, a code exercise, a family
(an exercise drawn fresh for every learner from a template) and a
pyproject.toml that registers the pack under the ``backprop_tutor.packs`` entry point, so the
same folder works with ``--packs`` while writing and with ``pip install`` when done.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from exercises.schema import ID_PATTERN

TEMPLATE = Path(__file__).resolve().parent / "templates" / "pack"
TEXT_SUFFIXES = {".toml", ".md", ".py"}


class ScaffoldError(Exception):
    pass


def module_name(pack_id: str) -> str:
    return pack_id.replace("-", "_") + "_pack"


def scaffold_pack(pack_id: str, directory: Path, *, author: str = "you") -> Path:
    """Write a new pack project ``directory/pack_id``; returns the pack folder inside it."""
    if not ID_PATTERN.match(pack_id):
        raise ScaffoldError(
            f"'{pack_id}' is not a valid pack id: use lowercase letters, "
            "digits and '-', starting with a letter or digit"
        )
    project = directory / pack_id
    if project.exists():
        raise ScaffoldError(f"{project} exists already: choose another name or --dir")
    module = module_name(pack_id)
    title = pack_id.replace("-", " ").capitalize()
    replacements = {"PACK_ID": pack_id, "PACK_TITLE": title, "MODULE": module, "AUTHOR": author}
    try:
        shutil.copytree(TEMPLATE, project, ignore=shutil.ignore_patterns("__pycache__"))
        (project / "MODULE").rename(project / module)
        for file in project.rglob("*"):
            if file.is_file() and file.suffix in TEXT_SUFFIXES:
                text = file.read_text(encoding="utf-8")
                for key, value in replacements.items():
                    text = text.replace(key, value)
                file.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ScaffoldError(f"cannot write {project}: {error.strerror or error}") from error
    return project / module
