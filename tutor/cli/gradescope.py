"""``backprop-tutor gradescope EXERCISE... --output autograder.zip``: the autograder bundle.

The zip holds what Gradescope's autograder documentation asks for: ``setup.sh`` (run once when
the image is built; installs this tool from the wheel inside the zip, and its dependencies from
wheels inside the zip when ``--wheelhouse`` supplied them, else from PyPI), ``run_autograder``
(``tutor.autograder``), the exercises and time limit in ``autograder.json``, and the instructor's
own packs. This tool's wheel is built from its source tree (``pip wheel``), so the command runs
from a checkout or an editable install.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import click

from exercises.loader import Catalog, UnknownExercise
from exercises.model import Pack
from tutor.cli.context import session_of
from tutor.cli.output_file import output_target

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, in /autograder/source, when it builds the autograder image
# (use an Ubuntu 22.04+ base image with Python 3.11 or newer).
set -euo pipefail
cd "$(dirname "$0")"
apt-get install -y libseccomp2 >/dev/null 2>&1 || true  # the kernel layer of the sandbox
python3 -m pip install --no-index --find-links wheels backprop-tutor \\
  || python3 -m pip install --find-links wheels backprop-tutor  # dependencies from PyPI
"""
RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission; AUTOGRADER_ROOT replaces /autograder (tests).
exec "${BACKPROP_TUTOR_PYTHON:-python3}" -m tutor.autograder "${AUTOGRADER_ROOT:-/autograder}"
"""


@click.command("gradescope")
@click.argument("exercises", nargs=-1, required=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the autograder zip.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=5.0,
    show_default=True,
    help="Seconds each run of the student's code may take.",
)
@click.option(
    "--wheelhouse",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of dependency wheels (numpy, sympy, ...) to install offline.",
)
@click.option(
    "--assignment",
    metavar="KEY",
    help="Grade each family as the variant this key gives the student, named by their "
    "Gradescope email (list them with `backprop-tutor assign EX KEY --roster "
    "roster.csv --column Email`).",
)
@click.pass_context
def gradescope_command(
    ctx: click.Context,
    exercises: tuple[str, ...],
    output: Path,
    timeout: float,
    wheelhouse: Path | None,
    assignment: str | None,
) -> None:
    """Build the Gradescope autograder zip for EXERCISE... (PACK/ID, one test each)."""
    catalog = session_of(ctx).catalog
    found = []
    for qid in exercises:
        try:
            found.append(catalog.lookup(qid))
        except UnknownExercise as error:
            raise click.BadParameter(str(error), param_hint="EXERCISE") from None
    if assignment and not any(e.family is not None for e in found):
        raise click.BadParameter(
            "gives each student a variant of a family, and none of these exercises is one",
            param_hint="--assignment",
        )
    source = Path(__file__).resolve().parents[2]
    if not (source / "pyproject.toml").is_file():
        raise click.UsageError(
            "gradescope: run this from a backprop-tutor source checkout "
            "(or an editable install); its wheel is built from the source"
        )
    with tempfile.TemporaryDirectory(prefix="backprop-gradescope-") as temp:
        wheels = Path(temp) / "wheels"
        built = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "-q",
                "-w",
                str(wheels),
                str(_clean_copy(source, Path(temp) / "source")),
            ],
            capture_output=True,
            text=True,
        )
        if built.returncode != 0:
            raise click.ClickException(f"building the wheel failed:\n{built.stderr[-2000:]}")
        packs = sorted({e.pack for e in found if _pack(catalog, e.pack).origin != "builtin"})
        config = {
            "exercises": list(exercises),
            "timeout": timeout,
            "packs": [f"packs/{p}" for p in packs],
        }
        if assignment:
            config["assignment"] = assignment
        with (
            output_target(output) as target,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle,
        ):
            _add(bundle, "setup.sh", SETUP)
            _add(bundle, "run_autograder", RUN)
            _add(bundle, "autograder.json", json.dumps(config, indent=2) + "\n")
            for wheel in [*wheels.glob("*.whl"), *(wheelhouse.glob("*.whl") if wheelhouse else [])]:
                bundle.write(wheel, f"wheels/{wheel.name}")
            for pack_id in packs:
                folder = _pack(catalog, pack_id).folder
                for path in sorted(folder.rglob("*")):
                    if path.is_file() and "__pycache__" not in path.parts:
                        bundle.write(path, f"packs/{pack_id}/{path.relative_to(folder)}")
    click.echo(f"wrote {output}: upload it as the autograder; {len(found)} test(s)", err=True)


def _add(bundle: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name)
    info.external_attr = 0o100755 << 16  # Gradescope runs both scripts directly
    info.compress_type = zipfile.ZIP_DEFLATED
    bundle.writestr(info, text)


def _pack(catalog: Catalog, pack_id: str) -> Pack:
    """The pack of an exercise found in ``catalog`` (so it is there)."""
    pack = catalog.pack(pack_id)
    assert pack is not None, pack_id
    return pack


WHEEL_SOURCES = ("pyproject.toml", "README.md", "tutor", "grader", "exercises")
"""What the wheel is built from: the packaging files and the three packages."""


def _clean_copy(source: Path, target: Path) -> Path:
    """The sources the wheel is built from, copied away from the checkout: built in place,
    setuptools would reuse the checkout's ``build/`` folder, shipping modules that have been
    moved or deleted since it was filled, and two builds at once would write into each other."""
    ignored = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in WHEEL_SOURCES:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, ignore=ignored)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)
    return target
