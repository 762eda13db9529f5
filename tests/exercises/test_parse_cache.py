"""The parse cache: what it keeps between runs, and that it never grows with folders that are
gone."""

from __future__ import annotations

import json
import os
import shutil

from exercises.parse_cache import ParseCache


def _keys(path) -> set[str]:
    return set(json.loads(path.read_text(encoding="utf-8"))["entries"])


def test_a_changed_file_is_parsed_again(tmp_path):
    cache_file, toml = tmp_path / "cache.json", tmp_path / "a.toml"
    toml.write_text("x = 1\n", encoding="utf-8")
    first = ParseCache(cache_file)
    assert first.toml(toml) == {"x": 1}
    first.save()
    toml.write_text("x = 22\n", encoding="utf-8")
    os.utime(toml, ns=(1, 1))  # a new size and time: the cached entry no longer matches
    assert ParseCache(cache_file).toml(toml) == {"x": 22}


def test_entries_of_folders_that_are_gone_are_dropped(tmp_path):
    cache_file = tmp_path / "cache.json"
    kept, gone = tmp_path / "kept", tmp_path / "gone"
    for folder in (kept, gone):
        folder.mkdir()
        (folder / "pack.toml").write_text('id = "p"\n', encoding="utf-8")
        (folder / "reference.py").write_text("def f():\n    pass\n", encoding="utf-8")
    first = ParseCache(cache_file)
    for folder in (kept, gone):
        first.toml(folder / "pack.toml")
        first.functions(folder / "reference.py")
    first.save()
    assert len(_keys(cache_file)) == 4
    shutil.rmtree(gone)
    later = ParseCache(cache_file)  # a later run that loads something new
    fresh = tmp_path / "new.toml"
    fresh.write_text("y = 2\n", encoding="utf-8")
    later.toml(fresh)
    later.save()
    assert _keys(cache_file) == {
        f"toml:{kept / 'pack.toml'}",
        f"ast:{kept / 'reference.py'}",
        f"toml:{fresh}",
    }
