"""The tutor ends when its terminal goes away, even when it never gets SIGHUP (as under
``make run`` in a tmux window that is closed)."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

from tutor.hangup import terminal_gone

CLI = Path(sys.executable).parent / "backprop-tutor"


def test_a_terminal_is_gone_once_its_other_end_is_closed():
    master, slave = os.openpty()
    try:
        assert not terminal_gone(slave)
        os.close(master)
        assert terminal_gone(slave)
    finally:
        os.close(slave)


def test_the_tutor_ends_when_its_terminal_is_hung_up(tmp_path):
    pid, master = pty.fork()
    if pid == 0:  # the child: a tutor that ignores SIGHUP, so only noticing the hang-up ends it
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        os.environ.update(TERM="xterm-256color", COLUMNS="100", LINES="30")
        os.execv(
            str(CLI), [str(CLI), "--db", str(tmp_path / "progress.sqlite3"), "--learner", "ada"]
        )
    try:
        shown, deadline = b"", time.monotonic() + 60
        while b"solved" not in shown and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                try:
                    shown += os.read(master, 65536)
                except OSError:
                    break
        assert b"solved" in shown, "the tutor never drew its home screen"
    finally:
        os.close(master)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError("the tutor kept running after its terminal went away")
