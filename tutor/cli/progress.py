"""`progress` and `review`: a learner's record, or a whole class's from a shared store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import click

from tutor.cli.context import session_of
from tutor.progress.store import ProgressStore, StoreError
from tutor.variants import mastery_rows

COLUMNS = (
    "learner",
    "exercise",
    "status",
    "attempts",
    "best_score",
    "solved",
    "first_solved",
    "last_attempt",
    "hints_used",
    "due",
)


def _open(ctx: click.Context) -> ProgressStore | None:
    session = session_of(ctx)
    if not session.db_path.exists():
        return None
    try:
        return session.store
    except StoreError as error:
        raise click.UsageError(str(error)) from None


def _rows(stats, now: dt.datetime) -> list[dict]:
    def iso(value):
        return value.isoformat(timespec="seconds") if value else ""

    return [
        {
            "learner": s.learner,
            "exercise": s.exercise,
            "status": s.status(now),
            "attempts": s.attempts,
            "best_score": round(s.best_score, 4),
            "solved": s.solved,
            "first_solved": iso(s.first_solved),
            "last_attempt": iso(s.last_attempt),
            "hints_used": s.hints_used,
            "due": iso(s.due),
        }
        for s in stats
    ]


@click.command("progress")
@click.option(
    "--all",
    "everyone",
    is_flag=True,
    help="Every learner in the store (an instructor's view of a shared store).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.pass_context
def progress_command(ctx: click.Context, everyone: bool, fmt: str) -> None:
    """Your attempts, best scores and solved exercises (or everyone's with --all)."""
    session = session_of(ctx)
    store = _open(ctx)
    now = dt.datetime.now(dt.UTC)
    try:
        stats = store.exercise_stats(None if everyone else session.learner) if store else []
        summary = (
            {}
            if everyone
            else {
                "streak": store.streak(session.learner) if store else 0,
                "frequent_mistakes": [
                    {"mistake": m, "count": n, "exercise": e}
                    for m, n, e in (store.frequent_mistakes(session.learner) if store else [])
                ],
                "families": mastery_rows(session, store) if store else [],
            }
        )
    except StoreError as error:
        raise click.UsageError(str(error)) from None
    rows = _rows(stats, now)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"learner": None if everyone else session.learner, "exercises": rows, **summary},
                indent=2,
                ensure_ascii=False,
            )
        )
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
    else:
        _table(rows, session, everyone, summary)


def _table(rows: list[dict], session, everyone: bool, summary: dict) -> None:
    if not rows:
        who = "anyone" if everyone else session.learner
        click.echo(f"No attempts recorded for {who} yet. Try: backprop-tutor list")
        return
    solved = {r["exercise"] for r in rows if r["solved"]} if not everyone else set()
    if not everyone:
        for pack in session.catalog.packs:
            done = sum(e.qualified_id in solved for e in pack.exercises)
            click.echo(f"{pack.title:<32} {done}/{len(pack.exercises)} solved")
        click.echo(f"Streak: {summary['streak']} day(s)")
        for m in summary["frequent_mistakes"][:3]:
            click.echo(f"Frequent mistake: {m['mistake']} ×{m['count']} (last in {m['exercise']})")
        for f in summary["families"]:
            state = (
                "mastered"
                if f["mastered"]
                else f"{f['in_a_row']}/{f['mastery']} variants in a row for mastery"
            )
            click.echo(f"Family {f['exercise']}: {state}")
        click.echo()
    width = max(len("learner"), *(len(r["learner"]) for r in rows))
    head = (
        f"{'learner':<{width}} " if everyone else ""
    ) + f"{'exercise':<40} {'status':<10} {'tries':>5} {'best':>5} {'hints':>5}"
    click.secho(head, bold=True)
    for r in rows:
        who = f"{r['learner']:<{width}} " if everyone else ""
        click.echo(
            f"{who}{r['exercise']:<40} {r['status']:<10} {r['attempts']:>5} "
            f"{r['best_score']:>5.2f} {r['hints_used']:>5}"
        )


@click.command("review")
@click.pass_context
def review_command(ctx: click.Context) -> None:
    """Exercises you solved before that are due for review today."""
    session = session_of(ctx)
    store = _open(ctx)
    try:
        due = store.due_reviews(session.learner) if store else []
        upcoming = store.next_review(session.learner) if store and not due else None
    except StoreError as error:
        raise click.UsageError(str(error)) from None
    if not due:
        click.echo("Nothing is due for review. Solve something new: backprop-tutor list")
        if upcoming:
            when = upcoming[1].astimezone().strftime("%Y-%m-%d %H:%M")
            click.echo(f"Next review: {upcoming[0]} on {when}")
        return
    click.echo(f"Due for review ({len(due)}):")
    for qid in due:
        exercise = session.catalog.find(qid)
        title = exercise.title if exercise else ""
        if exercise is not None and exercise.family is not None:
            title += " (a fresh variant: show it with backprop-tutor show " + qid + ")"
        click.echo(f"  {qid:<40} {title}")
    click.echo(f"Start with: backprop-tutor show {due[0]}")
