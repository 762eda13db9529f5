"""`--variant` and the `# variant: N` header: which variant of a family a command works on."""

from __future__ import annotations

import click

from exercises.model import Exercise
from tutor.cli.context import session_of

VARIANT_OPTION = click.option(
    "--variant",
    type=click.IntRange(min=0),
    help="A family's variant number (default: your current variant).",
)


def variant_of(ctx: click.Context, exercise: Exercise, number: int | str | None) -> Exercise:
    """A family as the variant asked for (``--variant``, a ``# variant:`` header), else as the
    learner's current one; a fixed exercise as it is (``--variant`` is then a usage error)."""
    if exercise.family is None:
        if number is not None:
            raise click.BadParameter(
                f"{exercise.qualified_id} is not a family: it has no variants",
                param_hint="--variant",
            )
        return exercise
    from grader.family.variant import VariantError, as_variant

    if number is None:
        from tutor.progress.store import StoreError
        from tutor.variants import current_progress

        try:
            number = current_progress(session_of(ctx), exercise).variant
        except StoreError as error:
            raise click.UsageError(str(error)) from None
    elif isinstance(number, str):
        try:
            number = int(number.strip())
        except ValueError:
            raise click.UsageError(
                f"the '# variant:' header must be a number, not {number!r}"
            ) from None
    try:
        return as_variant(exercise, number)
    except VariantError as error:
        raise click.BadParameter(str(error), param_hint="--variant") from None
