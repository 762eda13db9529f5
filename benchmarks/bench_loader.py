"""How long listing takes: loading 100+ exercises from TOML (budget: well under 100 ms).

Copies the built-in exercises until there are at least 100, then times
`load_catalog` (in-process, warm interpreter) and a cold `backprop-tutor list --json` process.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from exercises.loader import load_catalog


def make_packs(root: Path, wanted: int = 100) -> int:
    """Copies of the built-in exercises, in packs of the built-in packs' shape."""
    catalog = load_catalog([], entry_points=False)
    exercises = catalog.exercises()
    copies = -(-wanted // len(exercises))
    for pack in catalog.packs:
        target = root / pack.id
        target.mkdir()
        ids = []
        for exercise in pack.exercises:
            for k in range(copies):
                shutil.copytree(exercise.folder, target / f"{exercise.id}-{k}")
                ids.append(f"{exercise.id}-{k}")
        listed = ", ".join(f'"{i}"' for i in ids)
        (target / "pack.toml").write_text(
            f'id = "{pack.id}-copy"\ntitle = "{pack.title}"\nversion = "1.0.0"\n'
            f"exercises = [{listed}]\n"
        )
    return len(load_catalog([root], builtin=False, entry_points=False).exercises())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        count = make_packs(root)
        times = []
        for _ in range(20):
            start = time.perf_counter()
            load_catalog([root], builtin=False, entry_points=False)
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"load_catalog, {count} exercises: p50 {statistics.median(times):.1f} ms, "
            f"max {max(times):.1f} ms"
        )
        cli = [sys.executable, "-m", "tutor", "--packs", str(root), "list", "--json"]
        cold = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(cli, check=True, capture_output=True, env=os.environ.copy())
            cold.append((time.perf_counter() - start) * 1000)
        print(
            f"cold `list --json`, {count} + built-in exercises: "
            f"p50 {statistics.median(cold):.0f} ms"
        )


if __name__ == "__main__":
    main()
