"""The fork server and the child that runs one learner's code (``python -I -m grader.worker``).

The server is started fresh by the grader (never forked from it, so no expected value is in its
memory), imports numpy once, and then forks one child per submission: a check costs a fork,
not an interpreter start, and no learner's state survives into the next. The grader hands each
job a socket (passed as a file descriptor); the child reads its inputs from it and writes back
plain data (``grader.wire``).
"""

from __future__ import annotations

import ctypes
import io
import linecache
import os
import _signal
import resource
import signal
import socket
import struct
import sys
import traceback

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import numpy as np  # noqa: E402  (after the thread settings, which numpy reads on import)

import exercises.callables as callables  # noqa: E402
from grader import wire  # noqa: E402

OUTPUT_LIMIT = 8 * 1024
SUBMISSION = "submission.py"
PR_SET_CHILD_SUBREAPER = 36
JOB_FORMAT = "!II"  # grader.sandbox.JOB_FORMAT
JOB_SIZE = struct.calcsize(JOB_FORMAT)
SOURCE_FORMAT = "!I"  # grader.sandbox.SOURCE_FORMAT
SOURCE_SIZE = struct.calcsize(SOURCE_FORMAT)
TRIALS_KEPT = 16
"""Decoded trials the server keeps (a batch sends the same trials for every submission of an
exercise)."""
PROTECTED = tuple(
    os.path.dirname(os.path.abspath(m.__file__)) + os.sep
    for m in (sys.modules["exercises"], sys.modules["grader"])
)
FORBIDDEN_EVENTS = {
    "os.system", "os.fork", "os.forkpty", "os.exec", "os.posix_spawn", "os.spawn",
    "subprocess.Popen", "socket.connect", "socket.bind", "socket.__new__", "os.kill",
    "os.killpg", "signal.pthread_kill", "os.link",
}
PATH_EVENTS = {
    "open", "os.rename", "os.remove", "os.rmdir", "os.truncate", "os.chmod", "os.chown",
    "os.utime", "os.mkdir", "os.listdir", "os.scandir", "shutil.copyfile", "shutil.rmtree",
}
"""Events whose path arguments are checked against the protected folders (after resolving
symbolic links and ``/proc/self/root``)."""


class _Bounded(io.TextIOBase):
    """stdout/stderr of learner code: kept up to a limit, the rest counted and dropped."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.dropped = 0

    def write(self, text: str) -> int:
        room = OUTPUT_LIMIT - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(len(text), room)
        self.dropped += max(0, len(text) - max(room, 0))
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
    if path.startswith(PROTECTED) or any(p.startswith(path.rstrip(os.sep) + os.sep)
                                         for p in PROTECTED):
        return True
    parts = path.split(os.sep)
    return (len(parts) > 2 and parts[1] == "proc" and parts[2].isdigit()
            and parts[2] != str(os.getpid()))


def _audit(event: str, args: tuple) -> None:
    """Refuse what learner code has no business doing: reading the packs and the grader,
    importing them, starting processes, opening sockets, loading native code."""
    if event in FORBIDDEN_EVENTS or event.startswith("ctypes."):
        raise PermissionError(f"{event} is not allowed while grading")
    if event in PATH_EVENTS and any(_protected(a) for a in args[:2]):
        raise PermissionError("touching the grader's files is not allowed")
    elif event == "import" and args:
        top = str(args[0]).split(".")[0]
        if top in ("exercises", "grader", "tutor", "ctypes", "_ctypes", "subprocess",
                   "_posixsubprocess", "multiprocessing"):
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
    callables.COSTS = {k: (make, None) for k, (make, _) in callables.COSTS.items()}


def _learner_traceback(error: BaseException, source: str) -> str:
    # The learner's lines are quoted from here: their file is not on disk in the child.
    linecache.cache[SUBMISSION] = (len(source), None, source.splitlines(True), SUBMISSION)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == SUBMISSION]
    lines = traceback.format_list(frames)
    return "".join(lines) + "".join(traceback.format_exception_only(type(error), error))


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
    if isinstance(value, np.ndarray) or hasattr(value, "__array__"):
        array = np.array(value, dtype=np.float64, copy=True)
        if array.dtype != np.float64:
            raise TypeError("returned an array that is not numeric")
        return array
    raise TypeError(f"returned a {type(value).__name__}, not an array or a number")


def _argument(value):
    if isinstance(value, callables.Fn):
        return callables.build(value)
    if isinstance(value, list):
        return [_argument(v) for v in value]
    return value


def _run_job(function_name: str, source: str, trials: list) -> dict:
    output = sys.stdout  # a fresh _Bounded, set in the server; file descriptors 1 and 2 are
    # /dev/null from the start (the grader starts the server that way)
    namespace = {"__name__": "submission", "__builtins__": __builtins__}
    sys.addaudithook(_audit)
    try:
        code = compile(source, SUBMISSION, "exec")
    except SyntaxError as error:
        where = (f" on line {error.lineno}" if error.lineno else "") + (
            f", column {error.offset}" if error.lineno and error.offset else "")
        text = (error.text or "").rstrip("\n")
        return {"error": "syntax", "message": f"syntax error{where}: {error.msg}\n{text}"}
    except ValueError as error:  # characters that cannot be encoded
        return {"error": "syntax", "message": f"your file cannot be read as Python: {error}"}
    try:
        exec(code, namespace)
    except MemoryError:
        raise
    except (Exception, SystemExit) as error:
        return {"error": "exception", "message": "while loading your file:\n"
                + _learner_traceback(error, source), "output": output.text()}
    function = namespace.get(function_name)
    if not callable(function):
        return {"error": "missing", "message": f"your file defines no function "
                f"{function_name}()", "output": output.text()}
    results = []
    for i, inputs in enumerate(trials):
        try:
            value = function(*[_argument(v) for v in inputs])
        except MemoryError:
            raise
        except (Exception, SystemExit) as error:
            return {"error": "exception", "trial": i, "output": output.text(),
                    "message": _learner_traceback(error, source)}
        try:
            results.append(_to_plain(value))
        except (Exception, SystemExit) as error:
            return {"error": "unusable", "trial": i, "output": output.text(),
                    "message": str(error)}
    return {"results": results, "output": output.text()}


def _child(sock: socket.socket, work: tuple[str, list] | wire.WireError, scratch: str,
           memory_mb: int, cpu_seconds: int) -> None:
    """Run one job: ``work`` is the function name and the trials (or why they could not be
    read); the source comes from the grader on ``sock``."""
    # Every line here runs in each child, and every object it touches costs a copied page:
    # hence the low-level calls (no enum conversion in ``_signal``, no ``os.environ`` update).
    os.setsid()
    _signal.signal(_signal.SIGCHLD, _signal.SIG_DFL)
    home = f"{scratch}/{os.getpid()}"  # the grader removes it after the run
    try:
        os.mkdir(home, 0o700)
    except FileExistsError:  # left by an earlier child with this pid; removed at close
        home = f"{home}-{os.urandom(6).hex()}"
        os.mkdir(home, 0o700)
    os.chdir(home)  # also the learner's HOME, which is "." (set once in the server)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # No new process or thread at all: the kernel's guarantee behind the audit hook's refusals
    # (root is exempt from this limit; the hook and the process-group kill remain).
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
    try:
        if isinstance(work, wire.WireError):
            reply = {"error": "unusable", "message": f"the job could not be read: {work}"}
        else:
            (size,) = struct.unpack(SOURCE_FORMAT, wire.recv_exact(sock, SOURCE_SIZE))
            source = wire.recv_exact(sock, size).decode(errors="surrogatepass")
            reply = _run_job(work[0], source, work[1])
    except MemoryError:
        reply = {"error": "memory", "message": f"your code used more than the {memory_mb} MiB "
                 "of memory it may use"}
    try:
        wire.send(sock, reply)
    except MemoryError:
        wire.send(sock, {"error": "memory", "message": "your result is too large"})
    except (wire.WireError, OSError) as error:
        wire.send(sock, {"error": "unusable", "message": str(error)})


def _warm_up() -> None:
    """Take the child's own code paths a few times in the server before forking: CPython
    specialises functions as they run (rewriting their bytecode) and fills its caches, so done
    once here, none of that is redone, and its memory pages copied, in every child."""
    trials = [[np.zeros((2, 3)), 1.0, [np.ones(2)]]]
    for _ in range(16):
        compile("def f(x):\n    return x\n", SUBMISSION, "exec")
        _to_plain([[_argument(v) for v in wire.decode(wire.encode(trials))[0]], 1.0])
        _Bounded().write("x")


def serve(control: socket.socket, scratch: str, memory_mb: int, cpu_seconds: int) -> None:
    """Wait for jobs (a socket each, passed as a file descriptor) and fork a child for each,
    with its working folder under ``scratch``."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    _scrub()
    os.environ.clear()  # once here, not in every child: clearing costs half a millisecond
    os.environ.update({"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1", "HOME": "."})
    _warm_up()
    try:
        ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # without a subreaper, escaped grandchildren are reparented to init instead
    decoded_trials: dict[bytes, list] = {}
    while True:
        try:  # one read, nearly always: the sizes, the function name, the trials
            data, fds, _, _ = socket.recv_fds(control, 1 << 16, 1)
            if not fds:
                return
            sizes = struct.unpack(JOB_FORMAT, data[:JOB_SIZE])
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
            work: tuple[str, list] | wire.WireError = (data[JOB_SIZE:function_end].decode(),
                                                       decoded_trials[trials])
        except (wire.WireError, UnicodeDecodeError) as error:
            work = wire.WireError(str(error))
        sys.stdout = sys.stderr = _Bounded()  # the server prints nothing: the child's output
        sock = socket.socket(fileno=fds[0])
        pid = os.fork()
        if pid == 0:
            control.close()
            try:
                _child(sock, work, scratch, memory_mb, cpu_seconds)
            finally:
                os._exit(0)
        control.send(struct.pack("!I", pid))  # grader.sandbox.PID_FORMAT
        sock.close()


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
