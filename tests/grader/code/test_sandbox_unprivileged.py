"""Both hostile suites again, graded by an unprivileged user (``nobody``): where the grader is not
root, the kernel level rests on an unprivileged user namespace, Landlock and seccomp alone, and
every run shares the grader's uid, so nothing but those layers keeps it from the grader.

The interpreter may live where ``nobody`` cannot reach it (pyenv under /root here); in a mount
namespace of this test only, the folder that hides it is covered with an empty tmpfs through
which the interpreter alone is mounted again, as on a machine whose Python is world-readable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[3]
NOBODY = 65534
SUITES = ["tests/grader/code/test_sandbox_kernel.py", "tests/grader/code/test_sandbox.py"]


def _hidden(path: Path) -> tuple[Path, Path] | None:
    """The first folder on the way to ``path`` that others cannot enter, and its child there."""
    parts = path.resolve().parts
    for depth in range(1, len(parts)):
        folder = Path(*parts[:depth])
        if not os.stat(folder).st_mode & 0o001:
            return folder, Path(*parts[: depth + 1])
    return None


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can run the suite as nobody")
@pytest.mark.skipif(
    not (shutil.which("unshare") and shutil.which("setpriv")),
    reason="needs util-linux's unshare and setpriv",
)
def test_the_hostile_suites_hold_for_an_unprivileged_grader(tmp_path):
    hidden = {h for p in (Path(sys.base_prefix), Path(sys.prefix), ROOT) if (h := _hidden(p))}
    if any(ROOT.resolve().is_relative_to(folder) for folder, _ in hidden):
        pytest.skip("the project itself is out of nobody's reach")
    steps = ["set -e", "mount --make-rprivate /"]
    for n, (folder, child) in enumerate(sorted(hidden)):
        keep = tmp_path / f"keep{n}"
        keep.mkdir()
        steps += [
            f"mount --rbind '{child}' '{keep}'",
            f"mount -t tmpfs -o mode=755 tmpfs '{folder}'",
            f"mkdir -p '{child}'",
            f"mount --move '{keep}' '{child}'",
        ]
    home = Path(tempfile.mkdtemp(prefix="bpt-nobody-"))  # pytest's own folders are root's
    os.chown(home, NOBODY, NOBODY)
    steps.append(
        f"exec setpriv --reuid={NOBODY} --regid={NOBODY} --clear-groups -- "
        f"'{sys.executable}' -m pytest -q -p no:cacheprovider -x " + " ".join(SUITES)
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
    }
    try:
        run = subprocess.run(
            ["unshare", "--mount", "sh", "-c", "\n".join(steps)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout.splitlines()[-1], run.stdout[
        -2000:
    ]
