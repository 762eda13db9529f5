"""The tutor in a real pseudo-terminal: time to first screen (budget 0.8 s) and RSS (200 MB).

Each run starts `backprop-tutor` in a 120×40 pty with a fresh progress store and times how long
it takes, from spawning the process, until the home screen's exercise table is drawn. One more
run then studies for a moment (waits for the sympy warm-up, opens an expression exercise, types
a wrong answer, checks it) and reads the process's resident memory (VmRSS and peak VmHWM).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

BUDGET_FIRST_SCREEN_S = 0.8
BUDGET_RSS_MB = 200
RUNS = 5
READY = b"Exercise"
"""The exercise table's column heading: on screen only once the home screen is drawn."""


def spawn(db: Path) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", COLUMNS="120", LINES="40")
        binary = Path(sys.executable).with_name("backprop-tutor")
        os.execv(str(binary), [str(binary), "--db", str(db), "--learner", "bench"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    return pid, fd


def read_until(fd: int, marker: bytes, timeout: float) -> bool:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            seen = (seen + chunk)[-200_000:]
            if marker in seen:
                return True
    return False


def drain(fd: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def stop(pid: int, fd: int) -> None:
    os.write(fd, b"\x11")  # ctrl+q
    drain(fd, 1.0)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)


def memory_mb(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def first_screen(db: Path) -> float:
    start = time.perf_counter()
    pid, fd = spawn(db)
    ok = read_until(fd, READY, 10)
    elapsed = time.perf_counter() - start
    stop(pid, fd)
    if not ok:
        raise SystemExit("the home screen never appeared")
    return elapsed


def studied_memory(db: Path) -> dict[str, float]:
    pid, fd = spawn(db)
    read_until(fd, READY, 10)
    drain(fd, 3.0)  # the sympy warm-up finishes in the background
    for keys in (b"/", b"bilinear", b"\r", b"\r"):
        os.write(fd, keys)
        drain(fd, 0.5)
    os.write(fd, b"x y^T")
    drain(fd, 0.5)
    os.write(fd, b"\x13")  # ctrl+s: check
    drain(fd, 3.0)
    memory = memory_mb(pid)
    stop(pid, fd)
    return memory


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        times = [first_screen(Path(tmp) / f"run{i}.sqlite3") for i in range(RUNS)]
        memory = studied_memory(Path(tmp) / "study.sqlite3")
    median = statistics.median(times)
    print(
        f"first screen: median {median:.3f} s, min {min(times):.3f} s, max {max(times):.3f} s "
        f"over {RUNS} runs (budget {BUDGET_FIRST_SCREEN_S} s)"
    )
    print(
        f"memory after warm-up and one expression check: RSS {memory['VmRSS']:.0f} MB, "
        f"peak {memory['VmHWM']:.0f} MB (budget {BUDGET_RSS_MB} MB)"
    )
    within = median <= BUDGET_FIRST_SCREEN_S and memory["VmHWM"] <= BUDGET_RSS_MB
    print("within budget" if within else "OVER BUDGET")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
