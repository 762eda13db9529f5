"""The command group: global options, lazily loaded command modules, and the small commands
(``tutor``, ``list``, ``show``, ``start``), one function each (DESIGN.md)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import click

from exercises.loader import PACKS_ENV
from tutor.cli.context import exercise_of, session_of, set_session
from tutor.cli.variants import VARIANT_OPTION, variant_of
from tutor.locations import DB_ENV, LEARNER_ENV, default_db_path, default_learner
from tutor.session import Session
from tutor.starter import starter_filename, starter_text
from tutor.terminal import fall_back_to_ascii, unicode_ok, use_colour


class LazyGroup(click.Group):
    """A group whose commands in other modules are imported only when used.

    Start-up time is a budget (the TUI's first frame, a cold ``check``): importing batch
    grading or pack authoring for every command would spend it on code that does not run.
    """

    def __init__(self, *args, lazy_commands: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands or {}

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(self, ctx, args))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy_commands and name not in self.commands:
            module, _, attribute = self.lazy_commands[name].rpartition(".")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)


LAZY_COMMANDS = {
    "assign": "tutor.cli.assign.assign_command",
    "check": "tutor.cli.check.check_command",
    "grade": "tutor.cli.grade.grade_command",
    "gradescope": "tutor.cli.gradescope.gradescope_command",
    "progress": "tutor.cli.progress.progress_command",
    "review": "tutor.cli.progress.review_command",
    "pack": "tutor.cli.pack.pack_group",
    "watch": "tutor.cli.watch.watch_command",
}


GLOBAL_OPTIONS = ("--learner", "--db", "--packs")
"""Options of the group that a learner may also write after the command (``check X --db F``)."""


def _value_options(command: click.Command | None) -> set[str]:
    """The command's own options that take a value (their value is never a global option)."""
    if command is None:
        return set()
    return {
        name
        for param in command.params
        if isinstance(param, click.Option) and not param.is_flag and not param.count
        for name in param.opts
    }


def hoist_global_options(group: click.Group, ctx: click.Context, args: list[str]) -> list[str]:
    """Move ``--learner``, ``--db`` and ``--packs`` written after the command to before it,
    where click looks for them; everything else keeps its place."""
    args = list(args)
    start = 0
    while start < len(args) and args[start].startswith("-") and args[start] != "--":
        takes_value = args[start] in GLOBAL_OPTIONS
        start += 2 if takes_value else 1
    if start >= len(args) or args[start] == "--":
        return args
    command = group.get_command(ctx, args[start])
    own = _value_options(command)
    hoisted: list[str] = []
    rest: list[str] = []
    i = start + 1
    while i < len(args):
        arg = args[i]
        name = arg.partition("=")[0]
        if arg == "--":
            rest.extend(args[i:])
            break
        if name in GLOBAL_OPTIONS and name not in own:
            take = 1 if "=" in arg else 2
            hoisted.extend(args[i : i + take])
            i += take
            continue
        rest.append(arg)
        if arg in own and i + 1 < len(args):
            rest.append(args[i + 1])
            i += 1
        i += 1
    return [*args[:start], *hoisted, args[start], *rest]


def _check_db(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """A store outside the default location must be in a folder that exists: a typo in --db
    would otherwise create folders, and the learner's history, somewhere unexpected."""
    value = Path(value).expanduser()
    if value != default_db_path() and not value.parent.is_dir():
        raise click.BadParameter(
            f"the folder {value.parent} does not exist; create it first, or leave --db out "
            f"to use the default store ({default_db_path()})"
        )
    return value


def _report_problems(session: Session) -> None:
    """Broken packs are reported on stderr; the rest of the catalog still works."""
    for problem in session.catalog.problems:
        click.echo(f"warning: {problem}", err=True)


@click.group(
    cls=LazyGroup,
    lazy_commands=LAZY_COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--learner",
    envvar=LEARNER_ENV,
    default=default_learner,
    show_default="OS user",
    help="Whose progress to read and record.",
)
@click.option(
    "--db",
    "db_path",
    envvar=DB_ENV,
    type=click.Path(dir_okay=False, path_type=Path),
    default=default_db_path,
    show_default="user data dir",
    callback=_check_db,
    help="The progress store (an SQLite file), in a folder that exists.",
)
@click.option(
    "--packs",
    "pack_dirs",
    envvar=PACKS_ENV,
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Extra exercise-pack folder (repeatable).",
)
@click.version_option(package_name="backprop-tutor")
@click.pass_context
def main(ctx: click.Context, learner: str, db_path: Path, pack_dirs: tuple[Path, ...]) -> None:
    """Learn, and grade, the derivation of backpropagation in matrix form.

    Without a command, opens the tutor. --learner, --db and --packs may also follow the
    command.
    """
    fall_back_to_ascii()
    set_session(ctx, Session(learner=learner, db_path=db_path, pack_dirs=pack_dirs))
    if ctx.invoked_subcommand is None:
        ctx.invoke(tutor_command)


@main.command("tutor")
@click.pass_context
def tutor_command(ctx: click.Context) -> None:
    """Open the tutor (the same as running backprop-tutor without a command)."""
    from tutor.app import TutorApp

    TutorApp(session_of(ctx)).run()


def _statuses(session: Session) -> dict[str, str]:
    """The learner's status per exercise; no store yet means all untouched (none is created)."""
    if not session.db_path.exists():
        return {}
    from tutor.progress.store import StoreError

    try:
        return session.store.statuses(session.learner)
    except StoreError as error:
        raise click.UsageError(str(error)) from None


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def list_command(ctx: click.Context, as_json: bool) -> None:
    """Packs and exercises, with your status on each."""
    session = session_of(ctx)
    _report_problems(session)
    statuses = _statuses(session)
    if as_json:
        payload = {
            "packs": [
                {
                    "id": p.id,
                    "title": p.title,
                    "version": p.version,
                    "origin": p.origin,
                    "exercises": [
                        {
                            "id": e.qualified_id,
                            "title": e.title,
                            "kind": e.kind,
                            "difficulty": e.difficulty,
                            "tags": list(e.tags),
                            "source": "; ".join(s.citation() for s in e.sources),
                            "status": statuses.get(e.qualified_id, "untouched"),
                            "family": e.family is not None,
                        }
                        for e in p.exercises
                    ],
                }
                for p in session.catalog.packs
            ]
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for pack in session.catalog.packs:
        click.secho(f"{pack.title}  [{pack.id} {pack.version}]", bold=True)
        for e in pack.exercises:
            status = statuses.get(e.qualified_id, "untouched")
            stars = "★" * e.difficulty
            click.echo(
                f"  {e.qualified_id:<40} {e.listed_kind:<10} {stars:<5} {status:<10} {e.title}"
            )


@main.command("show")
@click.argument("exercise")
@VARIANT_OPTION
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="A family's variant as data: cost, wrt, symbols, functions, cost_numpy.",
)
@click.option(
    "--solution",
    is_flag=True,
    help="Include the variant's answer (for instructors): solution and solution_numpy, or "
    "the worked solution as text.",
)
@click.pass_context
def show_command(
    ctx: click.Context, exercise: str, variant: int | None, as_json: bool, solution: bool
) -> None:
    """Print an exercise's prompt, rendered for the terminal (plain text when piped)."""
    ex = variant_of(ctx, exercise_of(ctx, exercise), variant)
    if as_json:
        if ex.family is None:
            raise click.UsageError(
                f"{ex.qualified_id} is not a family; --json shows a family's variant"
            )
        from grader.family.exposed import as_json as variant_json

        payload = variant_json(ex, solution=solution)
        click.echo(json.dumps(payload, indent=2, ensure_ascii=not unicode_ok()))
        return
    from tutor.cli.show_text import show_exercise

    show_exercise(ex, colour=use_colour())
    if solution:
        from tutor.mathtext import render_markdown_math

        click.echo(render_markdown_math(ex.solution() or "This exercise has no worked solution."))


@main.command("start")
@click.argument("exercise")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default="current folder",
    help="Where to write the starter file.",
)
@click.option(
    "--notebook",
    is_flag=True,
    help="Write a Jupyter notebook (.ipynb) that "
    "checks itself in place, instead of a file for your editor.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@VARIANT_OPTION
@click.pass_context
def start_command(
    ctx: click.Context,
    exercise: str,
    directory: Path,
    notebook: bool,
    force: bool,
    variant: int | None,
) -> None:
    """Write the starter file for an exercise, to edit in your own editor (or Jupyter)."""
    ex = variant_of(ctx, exercise_of(ctx, exercise), variant)
    if notebook:
        from tutor.notebook_starter import notebook_filename, notebook_text

        target, text = directory / notebook_filename(ex), notebook_text(ex)
    else:
        target, text = directory / starter_filename(ex), starter_text(ex)
    if target.exists() and not force:
        raise click.UsageError(f"{target} exists already; edit it, or pass --force to start over")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.UsageError(f"cannot write {target}: {error.strerror or error}") from None
    click.echo(f"Wrote {target}")
    if notebook:
        click.echo(
            "Open it in Jupyter and run its last cell to check your answer, or: "
            f"backprop-tutor check {target}"
        )
    else:
        click.echo(f"Check it with: backprop-tutor check {target}")
