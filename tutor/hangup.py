"""Notice that the tutor's terminal has gone away.

Closing a tmux window or an SSH session hangs the terminal up; the tutor normally gets SIGHUP
and ends. Started through ``make run``, it does not get the signal, and Textual's input thread
then reads end-of-file in a loop that takes a core's worth of CPU for as long as nobody kills
the process. Polling the terminal once a second costs nothing and ends that.
"""

from __future__ import annotations

import os
import select

GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL


def terminal_gone(fd: int) -> bool:
    """Whether the terminal behind ``fd`` has been hung up (or ``fd`` is closed)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)  # hang-ups and errors are reported whatever is asked
    return any(events & GONE for _, events in poller.poll(0))


def watched_terminal() -> int | None:
    """The descriptor the tutor reads its keys from, when that is a terminal."""
    import sys

    stream = sys.__stdin__
    try:
        fd = stream.fileno() if stream else -1
    except (OSError, ValueError):
        return None
    return fd if fd >= 0 and os.isatty(fd) else None
