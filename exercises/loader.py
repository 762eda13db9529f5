"""Finding packs: built-in, folders given with --packs, and installed distributions.

A broken pack never stops the others from loading: its problems are collected in the
``Catalog`` and reported by whoever shows the catalog (the CLI prints them and carries on).
"""

from __future__ import annotations

import os
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from exercises.model import Exercise, Pack
from exercises.parse_cache import ParseCache, default_cache_path
from exercises.problems import Problem, did_you_mean
from exercises.schema import read_pack

BUILTIN_DIR = Path(__file__).resolve().parent / "packs"
ENTRY_POINT_GROUP = "backprop_tutor.packs"
PACKS_ENV = "BACKPROP_TUTOR_PACKS"


class UnknownExercise(LookupError):
    """An exercise id no loaded pack has; the message carries a did-you-mean."""

    def __init__(self, qualified_id: str, hint: str):
        self.qualified_id = qualified_id
        super().__init__(f"unknown exercise '{qualified_id}'{hint}")


@dataclass
class Catalog:
    """Every pack that loaded, plus the problems of those that did not."""

    packs: list[Pack] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def exercises(self) -> list[Exercise]:
        return [e for p in self.packs for e in p.exercises]

    def pack(self, pack_id: str) -> Pack | None:
        return next((p for p in self.packs if p.id == pack_id), None)

    def find(self, qualified_id: str) -> Exercise | None:
        pack_id, _, exercise_id = qualified_id.partition("/")
        pack = self.pack(pack_id)
        return pack.exercise(exercise_id) if pack else None

    def lookup(self, qualified_id: str) -> Exercise:
        """The exercise, or ``UnknownExercise`` saying which id was meant: how every command,
        batch grading and the API look an id up."""
        exercise = self.find(qualified_id)
        if exercise is None:
            raise UnknownExercise(qualified_id, self.suggest(qualified_id))
        return exercise

    def suggest(self, qualified_id: str) -> str:
        """A did-you-mean hint for an unknown exercise id, by whole id and by bare id."""
        ids = [e.qualified_id for e in self.exercises()]
        hint = did_you_mean(qualified_id, ids)
        if not hint:
            bare = qualified_id.rpartition("/")[2]
            matches = [q for q in ids if q.rpartition("/")[2] == bare]
            if matches:
                hint = f" (did you mean '{matches[0]}'?)"
        return hint


def pack_dirs_from_env() -> list[Path]:
    raw = os.environ.get(PACKS_ENV, "")
    return [Path(p) for p in raw.split(os.pathsep) if p]


def load_catalog(
    extra_dirs: list[Path] | tuple[Path, ...] = (),
    *,
    builtin: bool = True,
    entry_points: bool = True,
    cache_path: Path | None = None,
) -> Catalog:
    """Load built-in packs, then packs from ``extra_dirs``, then installed ones.

    Each folder in ``extra_dirs`` is a pack (it holds ``pack.toml``) or a folder of packs.
    A pack id seen twice keeps the first and reports the second. Parsed files are cached
    in ``cache_path`` (default: the user cache folder).
    """
    cache = ParseCache(cache_path or default_cache_path())
    catalog = Catalog()
    sources: list[tuple[Path, str]] = []
    if builtin:
        sources += [(d, "builtin") for d in _subpacks(BUILTIN_DIR)]
    for extra in extra_dirs:
        extra = Path(extra).expanduser().resolve()
        if (extra / "pack.toml").is_file():
            sources.append((extra, "path"))
        elif extra.is_dir():
            found = _subpacks(extra)
            if not found:
                catalog.problems.append(Problem(extra, "", "no pack.toml here or in its folders"))
            sources += [(d, "path") for d in found]
        else:
            catalog.problems.append(Problem(extra, "", "pack folder does not exist"))
    if entry_points:
        sources += _entry_point_dirs(cache.entry_points(ENTRY_POINT_GROUP), catalog.problems)
    for folder, origin in sources:
        pack = read_pack(folder, origin, catalog.problems, cache)
        if pack is None:
            continue
        existing = catalog.pack(pack.id)
        if existing is not None:
            catalog.problems.append(
                Problem(
                    folder / "pack.toml",
                    "id",
                    f"duplicate pack id '{pack.id}' (already loaded from {existing.folder})",
                )
            )
            continue
        catalog.packs.append(pack)
    catalog.packs.sort(key=_learning_position)
    cache.save()
    return catalog


def _learning_position(pack: Pack) -> tuple:
    """Built-in packs first, then --packs, then installed ones; inside each group by the
    packs' ``order`` (a learner's path), unordered packs last. Ties keep discovery order."""
    group = {"builtin": 0, "path": 1}.get(pack.origin, 2)
    return (group, pack.order is None, pack.order or 0)


def _subpacks(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(d for d in folder.iterdir() if (d / "pack.toml").is_file())


def _entry_point_dirs(
    entry_points: list[tuple[str, str, str]], problems: list[Problem]
) -> list[tuple[Path, str]]:
    """Installed packs: each entry point names a module (its folder is the pack) or a path."""
    found = []
    for name, value, dist in entry_points:
        where = Path(f"<entry point {name} = {value}>")
        try:
            target = pkgutil.resolve_name(value.partition("[")[0].strip())  # as EntryPoint.load
        except Exception as error:  # an installed package may fail any way on import
            problems.append(Problem(where, "", f"cannot be loaded: {error}"))
            continue
        if callable(target) and not isinstance(target, ModuleType):
            target = target()
        if isinstance(target, ModuleType) and target.__file__:
            folder = Path(target.__file__).resolve().parent
        elif isinstance(target, (str, os.PathLike)):
            folder = Path(target).resolve()
        else:
            problems.append(Problem(where, "", "must name a module or a folder path"))
            continue
        if not (folder / "pack.toml").is_file():
            problems.append(Problem(where, "", f"{folder} holds no pack.toml"))
            continue
        found.append((folder, f"entry-point:{dist}"))
    return found
