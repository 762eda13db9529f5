"""`pack list`, `pack new`, `pack validate`: the instructor's commands for exercise packs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from exercises.problems import Problem
from tutor.cli.context import session_of

_LEFTOVER_LATEX = re.compile(r"\\[A-Za-z]+|\$")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


@click.group("pack")
def pack_group() -> None:
    """List, scaffold and validate exercise packs."""


@pack_group.command("list")
@click.pass_context
def pack_list_command(ctx: click.Context) -> None:
    """Every pack found, where it comes from, and the problems of broken ones."""
    session = session_of(ctx)
    for pack in session.catalog.packs:
        click.echo(
            f"{pack.id:<20} {pack.version:<8} {len(pack.exercises):>3} exercises  "
            f"{pack.origin:<24} {pack.folder}"
        )
    for problem in session.catalog.problems:
        click.echo(f"broken: {problem}")


@pack_group.command("new")
@click.argument("name")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default="current folder",
    help="Where to create the pack project.",
)
@click.option("--author", default="you", help="Name written into pack.toml.")
def pack_new_command(name: str, directory: Path, author: str) -> None:
    """Create a pack project NAME with a code exercise, an expression exercise and a family.

    The project validates and grades as it is; its pyproject.toml registers the pack so that
    `pip install` makes it appear in every `backprop-tutor`.
    """
    from exercises.scaffold import ScaffoldError, scaffold_pack

    try:
        folder = scaffold_pack(name, directory, author=author)
    except ScaffoldError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"Created {folder.parent}")
    click.echo(f"  try it:     backprop-tutor --packs {folder} list")
    click.echo(f"  check it:   backprop-tutor pack validate {folder}")
    click.echo(f"  install it: pip install {folder.parent}")


def prompt_problems(exercise) -> list[Problem]:
    """LaTeX the terminal rendering could not turn into Unicode (code spans may show LaTeX
    on purpose: how to type an answer)."""
    from tutor.mathtext import render_markdown_math

    rendered = _CODE.sub("", render_markdown_math(exercise.prompt()))
    leftover = sorted(set(_LEFTOVER_LATEX.findall(rendered)))
    if not leftover:
        return []
    return [
        Problem(
            exercise.prompt_path,
            "prompt",
            f"math that does not render in the terminal: {', '.join(leftover)}",
        )
    ]


@pack_group.command("validate")
@click.argument(
    "folders",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option("--json", "as_json", is_flag=True, help="A machine-readable report, for CI.")
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of the random trials used by the checks.",
)
@click.option(
    "--variants",
    type=click.IntRange(1, 10_000),
    default=50,
    show_default=True,
    help="Variants of each family to deploy and check.",
)
def pack_validate_command(
    folders: tuple[Path, ...], as_json: bool, seed: int, variants: int
) -> None:
    """Check packs deeply: format, references against finite differences, starters that fail,
    mistakes diagnosed as themselves, expected answers and wrong answers, prompts.

    Exit code 2 when any problem is found.
    """
    from grader.pack_check import validate_pack

    reports = []
    for folder in folders:
        report = validate_pack(folder, seed=seed, variants=variants)
        if report.pack is not None:
            for exercise in report.pack.exercises:
                report.problems += prompt_problems(exercise)
        reports.append(report)
    if as_json:
        click.echo(
            json.dumps(
                {"ok": all(r.ok for r in reports), "packs": [r.as_dict() for r in reports]},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for report in reports:
            name = report.pack.id if report.pack else str(report.folder)
            if report.ok:
                unchecked = f", {len(report.warnings)} warning(s)" if report.warnings else ""
                click.secho(
                    f"✓ {name}: {len(report.checked)} exercises, no problems{unchecked}", fg="green"
                )
                _families(report.families)
                _warn(report.warnings)
                continue
            click.secho(f"✗ {name}: {len(report.problems)} problem(s)", fg="red", err=True)
            _families(report.families)
            for problem in report.problems:
                click.echo(f"  {problem}", err=True)
            _warn(report.warnings)
    if not all(r.ok for r in reports):
        raise SystemExit(2)


def _families(deployed: dict[str, str]) -> None:
    for qid, summary in deployed.items():
        click.echo(f"  family {qid}: {summary}")


def _warn(warnings: list[Problem]) -> None:
    for warning in warnings:
        click.secho(f"  warning: {warning}", fg="yellow", err=True)
