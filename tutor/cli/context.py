"""What every command gets from the group: the ``Session`` (learner, store, packs), stored once
by ``tutor.cli.main.main`` in click's context object."""

from __future__ import annotations

import click

from exercises.loader import UnknownExercise
from exercises.model import Exercise
from tutor.session import Session

_KEY = "session"


def set_session(ctx: click.Context, session: Session) -> None:
    ctx.ensure_object(dict)[_KEY] = session


def session_of(ctx: click.Context) -> Session:
    """The session the group made for this invocation."""
    return ctx.ensure_object(dict)[_KEY]


def exercise_of(ctx: click.Context, qualified_id: str) -> Exercise:
    """The exercise named on the command line, or a usage error with a did-you-mean."""
    try:
        return session_of(ctx).exercise(qualified_id)
    except UnknownExercise as error:
        raise click.BadParameter(str(error), param_hint="EXERCISE") from None
