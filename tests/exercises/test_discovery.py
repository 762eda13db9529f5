"""Packs are found by all three routes: built in, --packs / BACKPROP_TUTOR_PACKS, entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from exercises.loader import BUILTIN_DIR, load_catalog

REPO = Path(__file__).resolve().parents[2]
ANCHORS = [
    "matrix-calculus/linear-yax",
    "adjoints/matmul-backward",
]


def run_cli(*args: str, env_extra: dict | None = None, cwd: Path | None = None):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or REPO,
        timeout=60,
    )


def test_builtin_packs_load_with_their_anchor_exercises():
    catalog = load_catalog([], entry_points=False)
    ids = {e.qualified_id for e in catalog.exercises()}
    assert {"matrix-calculus", "adjoints"} <= {p.id for p in catalog.packs}
    assert set(ANCHORS) <= ids
    assert all(p.origin == "builtin" for p in catalog.packs)


def test_listing_a_hundred_exercises_is_fast(tmp_path, data_dir):
    """Not a timed test of the budget (see benchmarks/), only a guard against eager loading."""
    for i in range(34):
        target = tmp_path / f"copy{i}"
        target.mkdir()
        text = (data_dir / "packs/tiny/pack.toml").read_text().replace('"tiny"', f'"tiny{i}"')
        (target / "pack.toml").write_text(text)
        for sub in (data_dir / "packs/tiny").iterdir():
            if sub.is_dir():
                os.symlink(sub, target / sub.name)
    start = time.process_time()  # CPU, not wall time: a busy machine must not fail it
    catalog = load_catalog([tmp_path], builtin=False, entry_points=False)
    used = time.process_time() - start
    assert len(catalog.exercises()) == 102 and catalog.problems == []
    assert used < 1.0


def test_packs_option_adds_a_pack_to_list(data_dir):
    result = run_cli("--packs", str(data_dir / "packs/tiny"), "list", "--json")
    assert result.returncode == 0, result.stderr
    packs = {p["id"]: p for p in json.loads(result.stdout)["packs"]}
    assert packs["tiny"]["origin"] == "path"
    assert [e["id"] for e in packs["tiny"]["exercises"]] == [
        "tiny/scale-grad",
        "tiny/outer",
        "tiny/pick",
    ]


def test_packs_environment_variable_takes_several_folders(data_dir, tmp_path):
    other = tmp_path / "other"
    (other / "pick").mkdir(parents=True)
    (other / "pack.toml").write_text(
        (data_dir / "packs/tiny/pack.toml")
        .read_text()
        .replace('"tiny"', '"other"')
        .replace('["scale-grad", "outer", "pick"]', '["pick"]')
    )
    for name in ("exercise.toml", "prompt.md"):
        (other / "pick" / name).write_text((data_dir / "packs/tiny/pick" / name).read_text())
    value = os.pathsep.join([str(data_dir / "packs/tiny"), str(other)])
    result = run_cli("list", "--json", env_extra={"BACKPROP_TUTOR_PACKS": value})
    assert result.returncode == 0, result.stderr
    ids = [p["id"] for p in json.loads(result.stdout)["packs"]]
    assert "tiny" in ids and "other" in ids


@pytest.fixture(scope="module")
def installed_site(tmp_path_factory) -> Path:
    """The fixture distribution installed with pip, as an instructor's pack would be."""
    site = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--target",
            str(site),
            str(REPO / "tests/data/dists/extra-pack"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        cwd=tmp_path_factory.mktemp("build"),
    )
    return site


def test_installed_distribution_is_found_through_its_entry_point(installed_site, tmp_path):
    result = run_cli("list", "--json", env_extra={"PYTHONPATH": str(installed_site)})
    assert result.returncode == 0, result.stderr
    packs = {p["id"]: p for p in json.loads(result.stdout)["packs"]}
    assert packs["extra"]["origin"] == "entry-point:backprop-tutor-extra-pack"
    assert packs["extra"]["exercises"][0]["id"] == "extra/why-reverse"
    shown = run_cli("show", "extra/why-reverse", env_extra={"PYTHONPATH": str(installed_site)})
    assert "When is reverse mode cheaper" in shown.stdout


def test_wheel_ships_every_builtin_pack_file(tmp_path):
    """A non-editable install must carry the packs' TOML, Markdown and Python files."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        cwd=tmp_path,
    )
    wheel = next(tmp_path.glob("backprop_tutor-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        str(p.relative_to(REPO))
        for p in BUILTIN_DIR.rglob("*")
        if p.is_file() and p.suffix in {".toml", ".md", ".py"} and "__pycache__" not in p.parts
    }
    assert expected and expected <= names, sorted(expected - names)[:10]
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = run_cli("list", "--json", env_extra={"PYTHONPATH": str(site)}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ids = {e["id"] for p in json.loads(result.stdout)["packs"] for e in p["exercises"]}
    assert set(ANCHORS) <= ids
    probe = subprocess.run(
        [sys.executable, "-c", "import exercises.loader as l; print(l.BUILTIN_DIR)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
    )
    assert probe.stdout.strip().startswith(str(site))


def test_a_pack_installed_after_the_first_run_is_found(tmp_path):
    """Entry points are remembered between runs (start-up speed) only until a folder on the
    path changes, as installing a distribution does."""
    site = tmp_path / "site"
    site.mkdir()
    env = {"PYTHONPATH": str(site), "BACKPROP_TUTOR_CACHE": str(tmp_path / "cache.json")}
    before = run_cli("list", "--json", env_extra=env)
    assert "extra" not in {p["id"] for p in json.loads(before.stdout)["packs"]}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--target",
            str(site),
            str(REPO / "tests/data/dists/extra-pack"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        cwd=tmp_path,
    )
    after = run_cli("list", "--json", env_extra=env)
    assert "extra" in {p["id"] for p in json.loads(after.stdout)["packs"]}
