"""The fork server and the child that runs one learner's code (``python -I -m grader.code.worker``).

The server is started fresh by the grader (never forked from it, so no expected value is in its
memory), imports numpy once, confines itself to namespaces of its own where the machine allows
(``grader.code.confine``), prepares every kernel layer once, and then forks one child per
submission: a check costs a fork, not an interpreter start, and no learner's state survives into
the next. Each child applies the layers of its run slot before it reads the learner's source.
The grader hands each job a socket (passed as a file descriptor); the child reads its inputs
from it and writes back plain data (``grader.code.wire``), which the grader trusts no further
than its shape.
"""

from __future__ import annotations

import _signal
import ctypes
import io
import json
import linecache
import os
import resource
import signal
import socket
import struct
import sys
import traceback
from typing import cast

from grader.code.protocol import (
    JOB_FORMAT,
    JOB_SIZE,
    PID_FORMAT,
    READY_FORMAT,
    SINGLE_THREADED_BLAS,
    SOURCE_FORMAT,
    SOURCE_SIZE,
    single_threaded_blas,
)

single_threaded_blas(os.environ)

import numpy as np  # noqa: E402  (after the thread settings, which numpy reads on import)

import exercises.callables as callables  # noqa: E402
from grader.code import confine, wire  # noqa: E402

OUTPUT_LIMIT = 8 * 1024
"""Printed characters kept for the feedback."""
OUTPUT_CAP = 1024 * 1024
"""Printed characters a run may produce at all: more is a ``resource-limit`` verdict."""
SUBMISSION = "submission.py"
PR_SET_CHILD_SUBREAPER = 36
TRIALS_KEPT = 16
"""Decoded trials the server keeps (a batch sends the same trials for every submission of an
exercise)."""
PROTECTED = tuple(
    os.path.dirname(os.path.abspath(cast(str, m.__file__))) + os.sep
    for m in (sys.modules["exercises"], sys.modules["grader"])
)
FORBIDDEN_EVENTS = {
    "os.system",
    "os.fork",
    "os.forkpty",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "subprocess.Popen",
    "socket.connect",
    "socket.bind",
    "socket.__new__",
    "os.kill",
    "os.killpg",
    "signal.pthread_kill",
    "os.link",
}
PATH_EVENTS = {
    "open",
    "os.rename",
    "os.remove",
    "os.rmdir",
    "os.truncate",
    "os.chmod",
    "os.chown",
    "os.utime",
    "os.mkdir",
    "os.listdir",
    "os.scandir",
    "shutil.copyfile",
    "shutil.rmtree",
}
"""Events whose path arguments are checked against the protected folders (after resolving
symbolic links and ``/proc/self/root``)."""


class _OutputFlood(BaseException):
    """Printing past OUTPUT_CAP: ends the run (a BaseException, so learner code that catches
    Exception does not swallow it)."""

    def __init__(self, size: int) -> None:
        self.size = size


class _Bounded(io.TextIOBase):
    """stdout/stderr of learner code: kept up to a limit, the rest counted and dropped."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.dropped = 0

    def write(self, text: str) -> int:
        text = str(text)
        room = OUTPUT_LIMIT - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(len(text), room)
        self.dropped += max(0, len(text) - max(room, 0))
        if self.size + self.dropped > OUTPUT_CAP:
            raise _OutputFlood(self.size + self.dropped)
        return len(text)

    def text(self) -> str:
        more = f"\n… {self.dropped} more characters not shown" if self.dropped else ""
        return "".join(self.parts) + more


def _protected(value) -> bool:
    """A path inside the grader's or the packs' folders, one of their ancestors (a directory
    file descriptor there would open the rest by relative path), or another process in /proc."""
    if not isinstance(value, (str, bytes, os.PathLike)):
        return False
    path = os.path.realpath(os.fsdecode(value))
    if path.startswith(PROTECTED) or any(
        p.startswith(path.rstrip(os.sep) + os.sep) for p in PROTECTED
    ):
        return True
    parts = path.split(os.sep)
    return (
        len(parts) > 2
        and parts[1] == "proc"
        and parts[2].isdigit()
        and parts[2] != str(os.getpid())
    )


def _audit(event: str, args: tuple) -> None:
    """Refuse what learner code has no business doing: reading the packs and the grader,
    importing them, starting processes, opening sockets, loading native code."""
    if event in FORBIDDEN_EVENTS or event.startswith("ctypes."):
        raise PermissionError(f"{event} is not allowed while grading")
    if event in PATH_EVENTS and any(_protected(a) for a in args[:2]):
        raise PermissionError("touching the grader's files is not allowed")
    elif event == "import" and args:
        top = str(args[0]).split(".")[0]
        if top in (
            "exercises",
            "grader",
            "tutor",
            "ctypes",
            "_ctypes",
            "subprocess",
            "_posixsubprocess",
            "multiprocessing",
        ):
            if top == "subprocess" and "numpy.testing" in sys.modules:  # being imported now
                raise ImportError(
                    "numpy.testing is not available while grading (it imports subprocess, "
                    "which is not allowed); compare arrays with np.allclose instead"
                )
            raise ImportError(f"importing {args[0]} is not allowed while grading")


def _scrub() -> None:
    """Leave learner code no way to the project's own modules: forget them in ``sys.modules``
    (a cached import raises no audit event) and drop the analytic gradients of the test costs,
    which are the expected values of the numerical-gradient exercise. Done once in the server
    before it forks: every child starts scrubbed, and the functions the server already holds
    (``wire``, ``callables.build``) keep working through their own globals."""
    for name in [n for n in sys.modules if n.split(".")[0] in ("exercises", "grader", "tutor")]:
        del sys.modules[name]
    for name in [n for n in vars(callables) if "grad" in n]:
        delattr(callables, name)
    # gradients gone on purpose: no learner run may call one (None is no callable)
    callables.COSTS = {k: (make, None) for k, (make, _) in callables.COSTS.items()}  # type: ignore[misc]


def _learner_traceback(error: BaseException, source: str) -> str:
    # The learner's lines are quoted from here: their file is not on disk in the child.
    linecache.cache[SUBMISSION] = (len(source), None, source.splitlines(True), SUBMISSION)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == SUBMISSION]
    lines = traceback.format_list(frames)
    text = "".join(lines) + "".join(traceback.format_exception_only(type(error), error))
    if len(text) > OUTPUT_LIMIT:  # a message of 100 MB must not cost the time limit
        text = text[:OUTPUT_LIMIT] + f"\n… {len(text) - OUTPUT_LIMIT} more characters not shown"
    return text


def _to_plain(value, depth: int = 0):
    """A learner's return value as plain data; anything else is an unusable value."""
    if depth > 3:
        raise TypeError("the return value is nested too deeply")
    if isinstance(value, (list, tuple)):
        return [_to_plain(v, depth + 1) for v in value]
    if isinstance(value, (bool, np.bool_)):
        raise TypeError("returned a boolean, not numbers")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, (complex, np.complexfloating)):
        raise TypeError("returned a complex number; the answer is real")
    if isinstance(value, np.ndarray) or hasattr(value, "__array__"):
        array = np.asarray(value)
        if array.dtype.kind not in "fiu":
            raise TypeError(f"returned an array of {array.dtype}, not of real numbers")
        return np.array(array, dtype=np.float64, copy=True)
    raise TypeError(f"returned a {type(value).__name__}, not an array or a number")


def _argument(value):
    if isinstance(value, callables.Fn):
        return callables.build(value)
    if isinstance(value, list):
        return [_argument(v) for v in value]
    return value


def _run_job(function_name: str, source: str, trials: list) -> dict:
    output = cast(_Bounded, sys.stdout)  # a fresh one, set in the server; descriptors 1 and 2 are
    # /dev/null from the start (the grader starts the server that way)
    try:
        reply = _run_learner(function_name, source, trials, output)
    except _OutputFlood:
        reply = {}
    printed = output.size + output.dropped
    if printed > OUTPUT_CAP:  # also when learner code caught the _OutputFlood
        return {
            "error": "output",
            "output": output.text(),
            "message": (f"your code printed {_size(printed)}; the limit is {_size(OUTPUT_CAP)}"),
        }
    return reply


def _size(characters: int) -> str:
    for unit, size in (("MB", 1 << 20), ("kB", 1 << 10)):
        if characters >= size:
            return f"{characters / size:.3g} {unit}"
    return f"{characters} characters"


def _run_learner(function_name: str, source: str, trials: list, output: _Bounded) -> dict:
    namespace = {"__name__": "submission", "__builtins__": __builtins__}
    sys.addaudithook(_audit)
    try:
        code = compile(source, SUBMISSION, "exec")
    except SyntaxError as error:
        where = (f" on line {error.lineno}" if error.lineno else "") + (
            f", column {error.offset}" if error.lineno and error.offset else ""
        )
        text = (error.text or "").rstrip("\n")
        return {"error": "syntax", "message": f"syntax error{where}: {error.msg}\n{text}"}
    except ValueError as error:  # characters that cannot be encoded
        return {"error": "syntax", "message": f"your file cannot be read as Python: {error}"}
    try:
        exec(code, namespace)
    except MemoryError:
        raise
    except (Exception, SystemExit) as error:
        return {
            "error": "exception",
            "message": "while loading your file:\n" + _learner_traceback(error, source),
            "output": output.text(),
        }
    function = namespace.get(function_name)
    if not callable(function):
        return {
            "error": "missing",
            "message": f"your file defines no function {function_name}()",
            "output": output.text(),
        }
    results = []
    for i, inputs in enumerate(trials):
        try:
            value = function(*[_argument(v) for v in inputs])
        except MemoryError:
            raise
        except (Exception, SystemExit) as error:
            return {
                "error": "exception",
                "trial": i,
                "output": output.text(),
                "message": _learner_traceback(error, source),
            }
        try:
            results.append(_to_plain(value))
        except MemoryError:
            raise
        except (Exception, SystemExit) as error:
            return {"error": "unusable", "trial": i, "output": output.text(), "message": str(error)}
    return {"results": results, "output": output.text()}


def _child(
    sock: socket.socket,
    work: tuple[str, list] | wire.WireError,
    home: str,
    confinement: confine.Confinement,
    slot: int,
    memory_mb: int,
    cpu_seconds: int,
) -> None:
    """Run one job: ``work`` is the function name and the trials (or why they could not be
    read); the source comes from the grader on ``sock``, after every layer is in force."""
    # Every line here runs in each child, and every object it touches costs a copied page:
    # hence the low-level calls (no enum conversion in ``_signal``, no ``os.environ`` update).
    os.setsid()
    _signal.signal(_signal.SIGCHLD, _signal.SIG_DFL)
    os.chdir(home)  # also the learner's HOME and TMPDIR, which are "." (set once in the server)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    # No new process or thread at all (with an unprivileged uid, the kernel counts them).
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
    fd = sock.fileno()
    try:
        confinement.apply(slot)
        os.closerange(3, fd)  # nothing of the server's but the job's socket stays open
        os.closerange(fd + 1, 1 << 16)
    except OSError as error:
        wire.send(sock, {"error": "sandbox", "message": f"the sandbox could not start: {error}"})
        return
    try:
        if isinstance(work, wire.WireError):
            reply = {"error": "unusable", "message": f"the job could not be read: {work}"}
        else:
            (size,) = struct.unpack(SOURCE_FORMAT, wire.recv_exact(sock, SOURCE_SIZE))
            source = wire.recv_exact(sock, size).decode(errors="surrogatepass")
            reply = _run_job(work[0], source, work[1])
    except MemoryError:
        reply = {
            "error": "memory",
            "message": f"your code used more than the {memory_mb} MiB of memory it may use",
        }
    try:
        wire.send(sock, reply)
    except MemoryError:
        wire.send(sock, {"error": "memory", "message": "your result is too large"})
    except (wire.WireError, OSError) as error:
        wire.send(sock, {"error": "unusable", "message": str(error)})


def _clean(home: str) -> None:
    """Empty a slot's folder before its next run: nothing passes from one run to the next."""
    import shutil

    with os.scandir(home) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


def _self_test(confinement: confine.Confinement) -> str:
    """Fork one child that confines itself as a run would and then tries what a run must not:
    the kernel level is claimed only when every attempt fails. Returns what failed, or ""."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        problems = []
        try:
            confinement.apply(0)
        except OSError as error:
            problems.append(str(error))
        else:
            for what, attempt in (
                ("list /", lambda: os.listdir("/")),
                ("open a socket", lambda: socket.socket().close()),
                ("fork", os.fork),
            ):
                try:
                    if attempt() == 0:
                        os._exit(0)
                    problems.append(f"could {what}")
                except OSError:
                    pass
        os.write(write, "; ".join(problems).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        found = pipe.read().decode()
    os.waitpid(pid, 0)
    return found


def _warm_up() -> None:
    """Take the child's own code paths a few times in the server before forking: CPython
    specialises functions as they run (rewriting their bytecode) and fills its caches, so done
    once here, none of that is redone, and its memory pages copied, in every child."""
    trials = [[np.zeros((2, 3)), 1.0, [np.ones(2)]]]
    for _ in range(16):
        compile("def f(x):\n    return x\n", SUBMISSION, "exec")
        _to_plain([[_argument(v) for v in wire.decode(wire.encode(trials))[0]], 1.0])
        _Bounded().write("x")


def serve(
    server_pid: int,
    control: socket.socket,
    scratch: str,
    memory_mb: int,
    cpu_seconds: int,
    slots: int,
    protected: list[str],
    kernel: bool,
    namespaces: bool,
    why_not: str,
) -> None:
    """Prepare the runs' confinement, tell the grader its level, then wait for jobs (a socket
    each, passed as a file descriptor) and fork a child for each, in the job's run slot."""
    try:
        confine.forbid_new_privileges()  # before the first fork: every child inherits it
    except OSError as error:  # Landlock and seccomp need it: the kernel level is out of reach
        kernel, why_not = False, f"no new privileges ({error})"
    if kernel:
        confinement = confine.prepare(
            scratch, slots, protected, namespaces=namespaces, why_no_namespaces=why_not
        )
    else:
        confinement = confine.unconfined(scratch, slots, why_not)
    if confinement.level == confine.LEVEL_KERNEL:
        problem = _self_test(confinement)
        if problem:
            confinement.level = confine.LEVEL_PROCESS
            confinement.missing.append(f"self-test: {problem}")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    _scrub()
    os.environ.clear()  # once here, not in every child: clearing costs half a millisecond
    os.environ.update({"PATH": "/usr/bin:/bin", "HOME": ".", "TMPDIR": ".", **SINGLE_THREADED_BLAS})
    _warm_up()
    try:
        ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # without a subreaper, escaped grandchildren are reparented to init instead
    ready = json.dumps(
        {
            "level": confinement.level,
            "layers": confinement.layers,
            "missing": confinement.missing,
            "pid": server_pid,
        }
    ).encode()
    control.sendall(struct.pack(READY_FORMAT, len(ready)) + ready)
    decoded_trials: dict[bytes, list] = {}
    while True:
        try:  # one read, nearly always: the slot, the sizes, the function name, the trials
            data, fds, _, _ = socket.recv_fds(control, 1 << 16, 1)
            if not fds:
                return
            slot, *sizes = struct.unpack(JOB_FORMAT, data[:JOB_SIZE])
            data += wire.recv_exact(control, JOB_SIZE + sum(sizes) - len(data))
        except (OSError, EOFError, struct.error):
            return
        function_end = JOB_SIZE + sizes[0]
        trials = data[function_end:]
        try:
            if trials not in decoded_trials:  # every submission of an exercise gets the same
                if len(decoded_trials) >= TRIALS_KEPT:
                    decoded_trials.clear()
                decoded_trials[trials] = wire.decode(trials)
            work: tuple[str, list] | wire.WireError = (
                data[JOB_SIZE:function_end].decode(),
                decoded_trials[trials],
            )
        except (wire.WireError, UnicodeDecodeError) as error:
            work = wire.WireError(str(error))
        sys.stdout = sys.stderr = _Bounded()  # the server prints nothing: the child's output
        sock = socket.socket(fileno=fds[0])
        slot = min(slot, slots - 1)
        _clean(confinement.homes[slot])  # its previous run has ended: the grader waited
        pid = os.fork()
        if pid == 0:
            control.close()
            try:
                _child(
                    sock, work, confinement.homes[slot], confinement, slot, memory_mb, cpu_seconds
                )
            finally:
                os._exit(0)
        try:
            pidfd = [os.pidfd_open(pid)]
        except OSError:  # already ended (and reaped): its reply, if any, is on its socket
            pidfd = []
        socket.send_fds(control, [struct.pack(PID_FORMAT, pid)], pidfd)
        for fd in pidfd:
            os.close(fd)
        sock.close()


def main(argv: list[str]) -> None:
    """Enter namespaces first, while this is the only thread; in a new pid namespace the
    server proper is this process's child, pid 1 there, and this one only waits for it (the
    grader watches this pid)."""
    control = socket.socket(fileno=int(argv[1]))
    if argv[7] == "kernel":
        namespaces, why_not = confine.enter_namespaces()
    else:
        namespaces, why_not = False, "the process level was asked for"
    server_pid = os.getpid()
    if namespaces:
        read, write = os.pipe()  # the server's own pid as the grader sees it (it sees 1)
        server = os.fork()
        if server:
            control.close()
            os.write(write, str(server).encode())
            os.close(write)
            _, status = os.waitpid(server, 0)
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
        os.close(write)
        server_pid = int(os.read(read, 32))
        os.close(read)
    serve(
        server_pid,
        control,
        argv[2],
        int(argv[3]),
        int(argv[4]),
        int(argv[5]),
        json.loads(argv[6]),
        argv[7] == "kernel",
        namespaces,
        why_not,
    )


if __name__ == "__main__":
    main(sys.argv)
