"""Running learner code somewhere else: a fork server process, one fresh child per submission.

The grader sends a child the source, the function name and the inputs of every trial, waits
until the wall-time limit, reads back plain data, and kills the child whatever happened. Each
run holds one of a fixed number of run slots (its uid, its scratch folder and its Landlock
domain, prepared by the server: ``grader.code.confine``). A limit hit becomes an outcome
(``timeout``, ``memory``, ``output``), never an exception in the grader, and nothing that comes
back is trusted beyond its form: unknown errors are unusable, texts are capped. ``run`` may be
called from many threads at once (batch grading).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.verdict import Isolation

from grader.code.protocol import (
    JOB_FORMAT,
    PID_FORMAT,
    PID_SIZE,
    READY_FORMAT,
    READY_SIZE,
    SOURCE_FORMAT,
    single_threaded_blas,
)

READY_WAIT = 60.0
"""Seconds a new server may take to import numpy and prepare its layers."""
DEFAULT_SLOTS = 4
"""Run slots of an interactive sandbox (the TUI, ``check``, ``watch``)."""
TEXT_CAP = 8 * 1024
"""Characters kept of any text a run sends back (its output, an exception's message)."""
REPLY_LIMIT = 64 * 1024 * 1024
"""Bytes a run's reply may have; more is an unusable value, never a grader out of memory."""
ERRORS = frozenset(
    {
        "syntax",
        "exception",
        "missing",
        "unusable",
        "memory",
        "timeout",
        "exited",
        "output",
        "sandbox",
    }
)
LEVEL_ENV = "BACKPROP_TUTOR_SANDBOX"
"""Set to ``process`` to run learner code without the kernel layers (a machine where they break
something; the tests of the process level). Verdicts then say ``"isolation": "process"``."""
PROJECT = [os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))]
"""Folders no run may read whatever else is readable: the project's packages live here."""


@dataclass
class Outcome:
    """What came back from one run of learner code."""

    results: list[Any] | None = None
    """One plain value per trial, when every trial returned (not yet checked against them)."""
    error: str | None = None
    """``syntax``, ``exception``, ``missing``, ``unusable``, ``memory``, ``timeout``,
    ``exited``, ``output`` (printed over the limit), ``sandbox`` (not the learner's fault)."""
    message: str = ""
    trial: int | None = None
    output: str = ""
    elapsed: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def capped(value: Any) -> str:
    """A text from learner code, cut to TEXT_CAP characters (anything else is no text)."""
    if not isinstance(value, str):
        return ""
    if len(value) <= TEXT_CAP:
        return value
    return value[:TEXT_CAP] + f"\n… {len(value) - TEXT_CAP} more characters not shown"


def _reply_outcome(reply: Any) -> Outcome:
    if not isinstance(reply, dict):
        return Outcome(error="unusable", message="the reply was not understood")
    output = capped(reply.get("output"))
    if "error" in reply:
        error = reply["error"] if reply["error"] in ERRORS else "unusable"
        trial = reply.get("trial")
        return Outcome(
            error=error,
            message=capped(reply.get("message")),
            output=output,
            trial=trial if type(trial) is int else None,
        )
    results = reply.get("results")
    if not isinstance(results, list):
        return Outcome(error="unusable", message="the reply has no results", output=output)
    return Outcome(results=results, output=output)


def _ended(pidfd: int, wait: float) -> bool:
    """Whether the process behind ``pidfd`` has ended, waiting up to ``wait`` seconds."""
    poller = select.poll()
    poller.register(pidfd, select.POLLIN)
    return bool(poller.poll(int(wait * 1000)))


class Sandbox:
    def __init__(
        self,
        *,
        memory_mb: int = 1024,
        at_once: int | None = None,
        protected: list[str] | tuple[str, ...] = (),
    ):
        """``at_once``: how many runs may have learner code running at the same time (the run
        slots); more callers wait their turn (batch grading uses more threads than that, so
        that judging one result overlaps the next run). ``protected``: folders (packs, the
        progress store's) that no run may see even where they lie under a readable folder."""
        self.memory_mb = memory_mb
        self.at_once = at_once or DEFAULT_SLOTS
        self.slots = 2 * self.at_once
        """Twice the runs at once: a finished run's slot is reused only once its process has
        ended (its teardown takes about a millisecond), and the next run need not wait."""
        self._turns = threading.BoundedSemaphore(self.at_once)
        self._free = list(range(self.slots))
        self._ending: list[tuple[int, int]] = []
        """Slots whose last process was killed but may not have ended yet, with its pidfd."""
        self._free_lock = threading.Lock()
        self._protected = PROJECT + [os.path.abspath(p) for p in protected]
        self._wanted = "process" if os.environ.get(LEVEL_ENV) == "process" else "kernel"
        self._lock = threading.Lock()
        self._server: subprocess.Popen | None = None
        self._control: socket.socket | None = None
        self._ready: dict[str, Any] | None = None
        self._generation = 0
        self._closed = False
        self._live: dict[int, int | None] = {}
        """pid → pidfd of every child running; ``_live_lock`` only, so that a run ending never
        waits for another run's fork (``_lock``)."""
        self._live_lock = threading.Lock()
        self._scratch: str | None = None
        """The server's folder (its runs' root and slot folders), removed at close."""

    def _start(self) -> None:
        if self._scratch is None:
            self._scratch = tempfile.mkdtemp(prefix="bpt-sandbox-")
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        env = {k: v for k, v in os.environ.items() if not k.startswith("BACKPROP_TUTOR")}
        single_threaded_blas(env)
        self._server = subprocess.Popen(
            [
                sys.executable,
                "-I",
                "-m",
                "grader.code.worker",
                str(child.fileno()),
                self._scratch,
                str(self.memory_mb),
                "60",
                str(self.slots),
                json.dumps(self._protected),
                self._wanted,
            ],
            pass_fds=(child.fileno(),),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        child.close()
        self._control = parent
        self._ready = None
        self._generation += 1

    def start(self) -> None:
        """Start the fork server now (it imports numpy while the caller does other work)."""
        with self._lock:
            if not self._closed and (self._server is None or self._server.poll() is not None):
                self._start()

    def _socket(self) -> socket.socket:
        """The control socket of the running server (``_start`` made it)."""
        assert self._control is not None, "the fork server was started"
        return self._control

    def _await_ready(self) -> dict[str, Any]:
        if self._ready is None:
            self._socket().settimeout(READY_WAIT)
            (size,) = struct.unpack(READY_FORMAT, self._recv(READY_SIZE))
            self._ready = json.loads(self._recv(size))
        return self._ready

    @property
    def isolation(self) -> Isolation:
        """``kernel`` or ``process``: what the server could put in force (grader.code.confine)."""
        ready = self._ready  # read without the lock once known: every verdict asks
        return ready["level"] if ready is not None else self.confinement()["level"]

    def confinement(self) -> dict[str, Any]:
        """The server's own account: ``level``, the ``layers`` in force, what is ``missing``,
        its ``pid``."""
        with self._lock:
            for attempt in range(2):
                if self._server is None or self._server.poll() is not None:
                    self._start()
                try:
                    return dict(self._await_ready())
                except (OSError, ValueError, struct.error):
                    self._stop_server()
                    if attempt:
                        return {
                            "level": "process",
                            "layers": [],
                            "pid": None,
                            "missing": ["the sandbox server did not start"],
                        }
        raise AssertionError("unreachable")

    def _spawn(self, job: bytes, timeout: float) -> tuple[socket.socket, int, int | None]:
        """A connected socket to a freshly forked child that holds the job, its pid and pidfd.

        The function name and the trials go to the fork server, which decodes them before
        forking (once per exercise): the child starts with its inputs in memory instead of
        reading them, and every page it would touch doing that stays shared (a child's cost is
        mostly the pages it copies). A server that does not answer within the run's own time
        limit is replaced, so a stalled server costs no verdict."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with self._lock:
            if self._closed:
                raise RuntimeError("the sandbox is closed")
            for attempt in range(2):
                if self._server is None or self._server.poll() is not None:
                    self._start()
                try:
                    self._await_ready()
                    self._socket().settimeout(max(timeout, 1.0))
                    sent = socket.send_fds(self._socket(), [job], [theirs.fileno()])
                    self._socket().sendall(job[sent:])  # nearly always sent at once
                    pid, pidfd = self._read_pid()
                    break
                except (OSError, ValueError, struct.error):
                    self._stop_server()
                    if attempt:
                        theirs.close()
                        ours.close()
                        raise
            with self._live_lock:
                self._live[pid] = pidfd
        theirs.close()
        return ours, pid, pidfd

    def _recv(self, size: int) -> bytes:
        data = b""
        while len(data) < size:  # one read, nearly always
            chunk = self._socket().recv(size - len(data))
            if not chunk:
                raise OSError("the fork server stopped")
            data += chunk
        return data

    def _read_pid(self) -> tuple[int, int | None]:
        data, fds, _, _ = socket.recv_fds(self._socket(), PID_SIZE, 1)
        if not data:
            raise OSError("the fork server stopped")
        if len(data) < PID_SIZE:
            data += self._recv(PID_SIZE - len(data))
        return struct.unpack(PID_FORMAT, data)[0], (fds[0] if fds else None)

    def run(self, source: str, function: str, trials: bytes, *, timeout: float) -> Outcome:
        """Run ``function`` of ``source`` on each trial; ``trials`` is the list of argument
        lists as ``wire.encode`` makes it (encoded once, sent to every submission)."""
        name = function.encode()
        code = source.encode(errors="surrogatepass")
        with self._turns:
            for attempt in range(2):
                generation = self._generation
                slot = self._take_slot()
                job = struct.pack(JOB_FORMAT, slot, len(name), len(trials)) + name + trials
                outcome = self._run(
                    job, struct.pack(SOURCE_FORMAT, len(code)) + code, timeout, slot
                )
                if (
                    attempt
                    or outcome.error not in ("exited", "sandbox")
                    or not self._server_lost(generation)
                ):
                    return outcome
            return outcome

    def _take_slot(self) -> int:
        """A slot whose previous run has ended (its folder is then emptied by the server)."""
        with self._free_lock:
            for entry in [e for e in self._ending if _ended(e[1], 0)]:
                self._ending.remove(entry)
                os.close(entry[1])
                self._free.append(entry[0])
            if self._free:
                return self._free.pop()
            slot, pidfd = self._ending.pop(0)  # rare: more runs than slots are ending
        _ended(pidfd, 10.0)
        os.close(pidfd)
        return slot

    def _server_lost(self, generation: int) -> bool:
        """The server died or was replaced during a run (which then died with it): that run is
        owed a second try, whatever ended the server."""
        with self._lock:
            return (
                generation != self._generation
                or self._server is None
                or self._server.poll() is not None
            )

    def _run(self, job: bytes, source: bytes, timeout: float, slot: int) -> Outcome:
        from grader.code import wire  # numpy: imported here so that ``start`` can come first

        start = time.perf_counter()
        try:
            sock, pid, pidfd = self._spawn(job, timeout)
        except OSError as error:
            with self._free_lock:
                self._free.append(slot)
            return Outcome(
                error="sandbox",
                elapsed=time.perf_counter() - start,
                message=f"the sandbox could not start a run ({error})",
            )
        try:
            sock.settimeout(timeout)  # a child that stops reading a long source
            sock.sendall(source)
            reply = wire.receive(sock, deadline=time.monotonic() + timeout, limit=REPLY_LIMIT)
        except TimeoutError:
            return Outcome(
                error="timeout",
                elapsed=time.perf_counter() - start,
                message=f"your code did not finish within {timeout:g} s",
            )
        except (EOFError, ConnectionError):
            elapsed = time.perf_counter() - start
            if elapsed >= timeout * 0.95:
                return Outcome(
                    error="timeout",
                    elapsed=elapsed,
                    message=f"your code did not finish within {timeout:g} s",
                )
            return Outcome(
                error="exited",
                elapsed=elapsed,
                message=(
                    "your code ended the process before returning a result "
                    "(sys.exit, os._exit, a crash, or a CPU limit)"
                ),
            )
        except wire.WireError as error:
            return Outcome(
                error="unusable", message=capped(str(error)), elapsed=time.perf_counter() - start
            )
        finally:
            sock.close()
            self._kill(pid, pidfd, slot)
        outcome = _reply_outcome(reply)
        outcome.elapsed = time.perf_counter() - start
        return outcome

    def _kill(self, pid: int, pidfd: int | None, slot: int) -> None:
        """Kill the child; its slot is reused once the pidfd says it has ended, so that the
        slot's next run starts with nothing of it left. The pidfd names exactly this child (a
        pid could have been reused); its process group goes too while it still stands for the
        child."""
        ending = None
        if pidfd is not None:
            try:
                if not _ended(pidfd, 0):
                    try:
                        os.killpg(pid, signal.SIGKILL)  # at the process level, what it started
                    except (ProcessLookupError, PermissionError):
                        pass
                    signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                ending = (slot, pidfd)
            except OSError:  # already ended
                os.close(pidfd)
        with self._free_lock:
            if ending:
                self._ending.append(ending)
            else:
                self._free.append(slot)
        with self._live_lock:
            self._live.pop(pid, None)

    def _stop_server(self) -> None:
        if self._control is not None:
            self._socket().close()
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
            live = list(self._live.items())
        for _pid, pidfd in live:
            if pidfd is not None:
                try:
                    signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                except OSError:
                    pass
        with self._free_lock:
            for _, pidfd in self._ending:
                os.close(pidfd)
            self._ending.clear()
        with self._lock:
            self._stop_server()
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
                self._scratch = None
