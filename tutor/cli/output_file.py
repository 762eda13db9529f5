"""Writing a report or bundle the user asked for: whole or not at all, with their umask.

A file is written through a temporary file beside the destination and renamed over it once
complete, so a reader (an upload job, a TA's editor) never sees half a report. ``mkstemp``
makes that file private (0600) whatever the umask, which is right while it is being written but
not for the result: the finished file gets the mode any other program would have given it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click


def current_umask() -> int:
    mask = os.umask(0o022)  # the only way to read it; set straight back
    os.umask(mask)
    return mask


@contextmanager
def output_target(output: Path) -> Iterator[Path]:
    """A temporary path beside ``output``, made up front so an unwritable destination is a
    usage error before any work; renamed over ``output`` (mode 0666 minus the umask) only
    when the block finishes without an exception."""
    try:
        fd, temp = tempfile.mkstemp(
            dir=output.parent if str(output.parent) else ".",
            prefix=f".{output.name}.",
            suffix=".tmp",
        )
    except OSError as error:
        raise click.UsageError(f"cannot write {output}: {error.strerror or error}") from None
    os.close(fd)
    temp_path = Path(temp)
    try:
        yield temp_path
        os.chmod(temp_path, 0o666 & ~current_umask())
        os.replace(temp_path, output)
    finally:
        temp_path.unlink(missing_ok=True)
