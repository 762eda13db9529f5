"""Running learner code somewhere else: a fork server process, one fresh child per submission.

The grader sends a child the source, the function name and the inputs of every trial, waits
until the wall-time limit, reads back plain data, and kills the child's whole process group
whatever happened. A limit hit becomes an outcome (``timeout``, ``memory``), never an exception
in the grader. ``run`` may be called from many threads at once (batch grading).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any


PID_FORMAT = "!I"
"""How the fork server answers each job: the child's pid."""
PID_SIZE = struct.calcsize(PID_FORMAT)
JOB_FORMAT = "!II"
"""What starts each job on the fork server's control socket, sent with the child's socket: the
sizes in bytes of the function name (UTF-8) and of the trials (``wire``), which follow in that
order. The learner's source never goes through the server: the child reads it from its own
socket (SOURCE_FORMAT, then the UTF-8 text), so no learner's code is left in the memory that
later children are forked from."""
SOURCE_FORMAT = "!I"


@dataclass
class Outcome:
    """What came back from one run of learner code."""

    results: list[Any] | None = None
    """One plain value per trial, when every trial returned."""
    error: str | None = None
    """``syntax``, ``exception``, ``missing``, ``unusable``, ``memory``, ``timeout``, ``exited``."""
    message: str = ""
    trial: int | None = None
    output: str = ""
    elapsed: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


class Sandbox:
    def __init__(self, *, memory_mb: int = 1024, at_once: int | None = None):
        """``at_once``: how many runs may have learner code running at the same time; more
        callers wait their turn (batch grading uses more threads than that, so that judging
        one result overlaps the next run)."""
        self.memory_mb = memory_mb
        self._turns = threading.BoundedSemaphore(at_once) if at_once else nullcontext()
        self._lock = threading.Lock()
        self._server: subprocess.Popen | None = None
        self._control: socket.socket | None = None
        self._closed = False
        self._live: set[int] = set()
        self._live_lock = threading.Lock()
        """Only for ``_live``: a run ending must not wait for another run's fork (``_lock``)."""
        self._scratch: str | None = None
        """Where each child gets its working folder (named by its pid), removed at close."""

    def _start(self) -> None:
        if self._scratch is None:
            self._scratch = tempfile.mkdtemp(prefix="bpt-sandbox-")
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        env = {k: v for k, v in os.environ.items() if not k.startswith("BACKPROP_TUTOR")}
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        self._server = subprocess.Popen(
            [sys.executable, "-I", "-m", "grader.worker", str(child.fileno()),
             self._scratch, str(self.memory_mb), "60"],
            pass_fds=(child.fileno(),), env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        child.close()
        self._control = parent

    def start(self) -> None:
        """Start the fork server now (it imports numpy while the caller does other work)."""
        with self._lock:
            if not self._closed and (self._server is None or self._server.poll() is not None):
                self._start()

    def _spawn(self, job: list[bytes]) -> tuple[socket.socket, int]:
        """A connected socket to a freshly forked child that holds the job, and its pid.

        The function name and the trials go to the fork server, which decodes them before
        forking (once per exercise): the child starts with its inputs in memory instead of
        reading them, and every page it would touch doing that stays shared (a child's cost is
        mostly the pages it copies)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        message = struct.pack(JOB_FORMAT, *map(len, job)) + b"".join(job)
        with self._lock:
            if self._closed:
                raise RuntimeError("the sandbox is closed")
            for attempt in range(2):
                if self._server is None or self._server.poll() is not None:
                    self._start()
                try:
                    sent = socket.send_fds(self._control, [message], [theirs.fileno()])
                    self._control.sendall(message[sent:])  # nearly always sent at once
                    pid = self._read_pid()
                    break
                except (OSError, ValueError):
                    self._stop_server()
                    if attempt:
                        raise
            with self._live_lock:
                self._live.add(pid)
        theirs.close()
        return ours, pid

    def _read_pid(self) -> int:
        data = b""
        while len(data) < PID_SIZE:  # one read, nearly always
            chunk = self._control.recv(PID_SIZE - len(data))
            if not chunk:
                raise OSError("the fork server stopped")
            data += chunk
        return struct.unpack(PID_FORMAT, data)[0]

    def run(self, source: str, function: str, trials: bytes, *, timeout: float) -> Outcome:
        """Run ``function`` of ``source`` on each trial; ``trials`` is the list of argument
        lists as ``wire.encode`` makes it (encoded once, sent to every submission)."""
        job = [function.encode(), trials]
        code = source.encode(errors="surrogatepass")
        with self._turns:
            return self._run(job, struct.pack(SOURCE_FORMAT, len(code)) + code, timeout)

    def _run(self, job: list[bytes], source: bytes, timeout: float) -> Outcome:
        from grader import wire  # numpy: imported here so that ``start`` can come first

        start = time.perf_counter()
        sock, pid = self._spawn(job)
        try:
            sock.settimeout(timeout)  # a child that stops reading a long source
            sock.sendall(source)
            reply = wire.receive(sock, deadline=time.monotonic() + timeout)
        except socket.timeout:
            return Outcome(error="timeout", elapsed=time.perf_counter() - start,
                           message=f"your code did not finish within {timeout:g} s")
        except (EOFError, ConnectionError):
            elapsed = time.perf_counter() - start
            if elapsed >= timeout * 0.95:
                return Outcome(error="timeout", elapsed=elapsed,
                               message=f"your code did not finish within {timeout:g} s")
            return Outcome(error="exited", elapsed=elapsed, message=(
                "your code ended the process before returning a result "
                "(sys.exit, os._exit, a crash, or a CPU limit)"))
        except wire.WireError as error:
            return Outcome(error="unusable", message=str(error),
                           elapsed=time.perf_counter() - start)
        finally:
            sock.close()
            self._kill(pid)
        outcome = Outcome(elapsed=time.perf_counter() - start, output=reply.get("output", ""))
        if "error" in reply:
            outcome.error = reply["error"]
            outcome.message = reply.get("message", "")
            outcome.trial = reply.get("trial")
        else:
            outcome.results = reply["results"]
        return outcome

    def _kill(self, pid: int) -> None:
        """Kill the child's process group (it and anything it started die with it) and remove
        its working folder."""
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass  # already gone and reaped by the fork server
        if self._scratch is not None:
            home = os.path.join(self._scratch, str(pid))
            try:
                os.rmdir(home)  # usually empty: one system call
            except OSError:
                shutil.rmtree(home, ignore_errors=True)
        with self._live_lock:
            self._live.discard(pid)

    def _stop_server(self) -> None:
        if self._control is not None:
            self._control.close()
            self._control = None
        if self._server is not None:
            try:
                os.killpg(self._server.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._server.wait()
            self._server = None

    def close(self) -> None:
        """Stop the server and every child still running (their threads then return)."""
        with self._lock, self._live_lock:
            self._closed = True
            live = list(self._live)
        for pid in live:
            self._kill(pid)
        with self._lock:
            self._stop_server()
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
                self._scratch = None
