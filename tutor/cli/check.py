"""`backprop-tutor check`: grade one answer (a starter file, a notebook, or --answer TEXT),
print the verdict, and record the attempt for the learner."""

from __future__ import annotations

import json
from pathlib import Path

import click

from grader.kinds import kind_of
from tutor.cli.context import exercise_of, session_of
from tutor.cli.variants import VARIANT_OPTION, variant_of
from tutor.session import Session
from tutor.terminal import unicode_ok, use_colour


@click.command("check")
@click.argument("exercise", required=False)
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--answer", help="An expression (or option key) typed on the command line.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.option("--seed", type=int, help="Seed for the random trials (reproducible checks).")
@VARIANT_OPTION
@click.pass_context
def check_command(
    ctx: click.Context,
    exercise: str | None,
    file: Path | None,
    answer: str | None,
    as_json: bool,
    seed: int | None,
    variant: int | None,
) -> None:
    """Check your answer: a starter FILE you edited (.py, a notebook, or a text answer), or
    --answer TEXT. A notebook is checked for EXERCISE, or for every exercise it names.

    EXERCISE may be left out when FILE starts with its `# exercise: PACK/ID` header.
    Exit code 0 when it passes, 1 when it does not.
    """
    from grader.engine import Engine
    from grader.submission import SubmissionError, answer_for, parse_submission, read_submission

    if file is None and exercise is not None and answer is None and _is_file(ctx, exercise):
        file, exercise = Path(exercise), None  # `check FILE`: the file names its exercises
    if (file is None) == (answer is None):
        raise click.UsageError("give either a FILE or --answer TEXT")
    if file is None:
        if exercise is None:
            raise click.UsageError("name the exercise: backprop-tutor check PACK/ID --answer TEXT")
        ex = variant_of(ctx, exercise_of(ctx, exercise), variant)
        assert answer is not None  # one of FILE and --answer, and FILE is not given
        pairs = [(ex, answer_for(parse_submission(answer, is_code=kind_of(ex).takes_code), ex))]
    else:
        try:
            submission = read_submission(file)
        except SubmissionError as error:
            raise click.UsageError(str(error)) from None
        named = submission.exercises
        if exercise and named and exercise not in named:
            click.echo(
                f"warning: {file} says it answers {', '.join(named)}; checking it "
                f"against {exercise} as asked",
                err=True,
            )
        ids = (exercise,) if exercise else named
        if not ids:
            raise click.UsageError(
                f"{file} has no '# exercise: PACK/ID' header line; add one, or name the "
                f"exercise: backprop-tutor check PACK/ID {file}"
            )
        pairs = []
        for named_exercise in (exercise_of(ctx, i) for i in ids):
            found = answer_for(submission, named_exercise)
            # --variant, else the file's (a header, a notebook's variant=), else the current
            number = variant if variant is not None else found.variant
            chosen = number if named_exercise.family else None
            pairs.append((variant_of(ctx, named_exercise, chosen), found))
        for _ex, found in pairs:
            if found.wrong_kind:
                raise click.UsageError(found.problem or "")
    session = session_of(ctx)
    with Engine() as engine:
        verdicts = [
            found.verdict(engine, ex, seed=seed).with_context(
                submission=str(file) if file else None, learner=session.learner
            )
            for ex, found in pairs
        ]
    # shown even when the store then refuses
    _print_verdicts(verdicts, [ex for ex, _ in pairs], as_json, seed)
    for (ex, found), verdict in zip(pairs, verdicts):
        _record(session, ex, verdict, found.text)
    ctx.exit(0 if all(v.passed for v in verdicts) else 1)


def _print_verdicts(verdicts: list, exercises: list, as_json: bool, seed: int | None) -> None:
    """One verdict as the contract's object; a notebook's several as grade's report
    (``{"results": [...], "summary": {...}}``, docs/grading.md). As text, the grader's
    messages name dimensions as each exercise's prompt does."""
    from tutor.cli.verdict_text import format_verdict

    if as_json and len(verdicts) == 1:
        click.echo(json.dumps(verdicts[0].to_json(), indent=2, ensure_ascii=not unicode_ok()))
    elif as_json:
        from grader.report import to_json
        from grader.summary import summarize

        elapsed = sum(v.elapsed_ms for v in verdicts) / 1000
        click.echo(to_json(verdicts, summarize(verdicts, elapsed, seed=seed)))
    else:
        rule = "\n" + ("─" if unicode_ok() else "-") * 60 + "\n"
        click.echo(
            rule.join(
                format_verdict(v, colour=use_colour(), exercise=ex)
                for v, ex in zip(verdicts, exercises)
            )
        )


def _is_file(ctx: click.Context, argument: str) -> bool:
    """Whether the one argument of ``check`` is the FILE (the exercise then comes from its
    header): an existing file that is not also the id of an exercise."""
    return Path(argument).is_file() and session_of(ctx).catalog.find(argument) is None


def _record(session: Session, exercise, verdict, answer: str) -> None:
    """Every check is an attempt in the learner's history. A read-only store still gives the
    verdict and its exit code, with a warning; a store that is not ours (or damaged) is exit 2
    (a --db pointing at the wrong file is a usage error)."""
    from tutor.progress.store import ReadOnlyStore, StoreError

    try:
        session.store.record_verdict(session.learner, exercise, verdict, answer)
    except ReadOnlyStore as error:
        click.echo(f"warning: this attempt was not recorded: {error}", err=True)
    except StoreError as error:
        click.echo(f"error: the attempt was not recorded: {error}", err=True)
        raise SystemExit(2) from None
