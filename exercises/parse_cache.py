"""A cache of parsed pack files, so listing 100 exercises does not re-parse 100 TOML files.

tomllib is pure Python (about a millisecond per exercise file) and the reference modules are
parsed with ``ast`` to check the functions they define; both results are kept in one JSON file
in the user cache folder, keyed by path, size and modification time. Only parsing is cached:
validation runs on every load, so a pack's problems are always reported.
"""

from __future__ import annotations

import ast
import json
import os
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import platformdirs

CACHE_ENV = "BACKPROP_TUTOR_CACHE"
VERSION = 1


def default_cache_path() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir("backprop-tutor", appauthor=False)) / "packs.json"


class ParseCache:
    def __init__(self, path: Path | None = None):
        self.path = path
        self._entries: dict[str, Any] = {}
        self._used: set[str] = set()
        self._dirty = False
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("version") == VERSION:
                    self._entries = data.get("entries", {})
            except (OSError, ValueError):
                self._entries = {}  # a missing or damaged cache is rebuilt from the files

    def _lookup(self, file: Path, kind: str) -> tuple[str, str, Any]:
        stat = file.stat()
        key = f"{kind}:{file}"
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
        entry = self._entries.get(key)
        self._used.add(key)
        if entry is not None and entry[0] == stamp:
            return key, stamp, entry[1]
        return key, stamp, None

    def _store(self, key: str, stamp: str, value: Any) -> None:
        self._entries[key] = [stamp, value]
        self._dirty = True

    def toml(self, file: Path) -> dict[str, Any]:
        """Parsed TOML; raises like ``tomllib.load`` (and ``FileNotFoundError``)."""
        key, stamp, value = self._lookup(file, "toml")
        if value is not None:
            return value
        with file.open("rb") as handle:
            data = tomllib.load(handle)
        try:
            json.dumps(data)
        except TypeError:
            return data  # dates and times are not JSON: such files are simply not cached
        self._store(key, stamp, data)
        return data

    def functions(self, file: Path) -> list[str]:
        """Names of the top-level functions a module defines; raises ``SyntaxError``."""
        key, stamp, value = self._lookup(file, "ast")
        if value is not None:
            return value
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        self._store(key, stamp, names)
        return names

    def entry_points(self, group: str) -> list[tuple[str, str, str]]:
        """(name, value, distribution) of every installed entry point in ``group``.

        Asking the installed distributions means importing ``importlib.metadata`` (about 50 ms,
        a sixth of the tutor's start-up budget), so the answer is kept until a folder on
        ``sys.path`` changes: installing or removing a distribution changes its folder."""
        stamp = ";".join(f"{p}:{os.stat(p).st_mtime_ns}" for p in sys.path if os.path.isdir(p))
        key = f"entry-points:{group}"
        entry = self._entries.get(key)
        if entry is not None and entry[0] == stamp:
            return [(name, value, dist) for name, value, dist in entry[1]]
        from importlib import metadata

        found = [
            (ep.name, ep.value, ep.dist.name if ep.dist else ep.name)
            for ep in metadata.entry_points(group=group)
        ]
        self._store(key, stamp, found)
        return found

    def save(self) -> None:
        if self.path is None or not self._dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".packs-", suffix=".json")
            entries = {k: v for k, v in self._entries.items() if self._worth_keeping(k, v[0])}
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # dumps, not dump: only the one-shot encoder is the C one (10x faster)
                handle.write(json.dumps({"version": VERSION, "entries": entries}))
            os.replace(tmp, self.path)
            self._dirty = False
        except OSError:
            return  # a read-only cache folder only costs speed, never correctness

    def _worth_keeping(self, key: str, stamp: str) -> bool:
        """Entries of this load, and of files that are still there as they were: the cache
        never grows with pack folders that are gone (temporary ones, `pack validate` of a
        download)."""
        kind, _, path = key.partition(":")
        if key in self._used or kind == "entry-points":
            return True
        try:
            stat = os.stat(path)
        except OSError:
            return False
        return stamp == f"{stat.st_size}:{stat.st_mtime_ns}"
