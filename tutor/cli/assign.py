"""`backprop-tutor assign`: each learner's variant of a family in an assignment, for the
instructor to hand out; `grade --assignment KEY` then grades every learner against theirs."""

from __future__ import annotations

import csv
import io

import click

from grader.family.numbering import assigned_variant
from tutor.cli.context import exercise_of


@click.command("assign")
@click.argument("exercise")
@click.argument("key")
@click.argument("learners", nargs=-1)
@click.option(
    "--roster",
    type=click.File(encoding="utf-8-sig"),
    help="A file of learners: one per line, or a CSV whose first column names them.",
)
@click.option(
    "--column",
    metavar="NAME",
    help="The roster's column that names learners, by its header (default: the first). "
    "For Gradescope: Email.",
)
@click.option("--csv", "as_csv", is_flag=True, help="learner,variant rows (with a header).")
@click.pass_context
def assign_command(
    ctx: click.Context,
    exercise: str,
    key: str,
    learners: tuple[str, ...],
    roster: io.TextIOBase | None,
    column: str | None,
    as_csv: bool,
) -> None:
    """Print the variant of the family EXERCISE that assignment KEY gives each learner.

    KEY is any text you choose and keep to yourself (for instance the assignment's name and
    a secret word): with it nobody can work out another learner's variant. Learners start
    theirs with `backprop-tutor start EXERCISE --variant N`, and `backprop-tutor grade DIR
    --assignment KEY` grades each of them as their own variant.
    """
    ex = exercise_of(ctx, exercise)
    if ex.family is None:
        raise click.BadParameter(f"{ex.qualified_id} is not a family", param_hint="EXERCISE")
    if column and roster is None:
        raise click.UsageError("--column picks a column of --roster FILE")
    names = list(learners) + (_roster(roster, column) if roster is not None else [])
    if not names:
        raise click.UsageError("name the learners, or give --roster FILE")
    rows = [(name, assigned_variant(name, ex.qualified_id, key)) for name in names]
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["learner", "variant"])
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
    else:
        width = max(len(name) for name, _ in rows)
        for name, number in rows:
            click.echo(f"{name:<{width}}  {number}")


def _roster(source: io.TextIOBase, column: str | None) -> list[str]:
    """Learner names from a roster: the named column (found by its header), else the first
    column of each non-empty row, a header row named like 'learner'/'name'/'student' left
    out."""
    rows = [row for row in csv.reader(source) if any(cell.strip() for cell in row)]
    if column is not None:
        header = [cell.strip().lower() for cell in rows[0]] if rows else []
        if column.strip().lower() not in header:
            shown = ", ".join(rows[0]) if rows else "the file is empty"
            raise click.BadParameter(
                f"the roster has no column {column!r} (its header: {shown})",
                param_hint="--column",
            )
        at = header.index(column.strip().lower())
        names = [row[at].strip() for row in rows[1:] if len(row) > at and row[at].strip()]
        return names
    names = [row[0].strip() for row in rows if row and row[0].strip()]
    if names and names[0].lower() in {"learner", "name", "student", "login", "id"}:
        names = names[1:]
    return names
