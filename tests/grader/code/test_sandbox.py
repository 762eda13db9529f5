"""Hostile submissions (tests/data/code/hostile) graded against adjoints/matmul-backward: none
passes, none hangs the grader, none leaves a process behind, and the grader keeps working.

Files name their expected status in their first line (``# expect: <status>``); ``{ROOT}`` in a
file stands for the project folder and ``{TMP}`` for a fresh folder where a submission that
tries to leave a process behind writes that process's pid.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from exercises.loader import load_catalog
from grader.code.check import CodeGrader
from grader.code.sandbox import LEVEL_ENV

HOSTILE = Path(__file__).parents[2] / "data" / "code" / "hostile"
ROOT = Path(__file__).parents[3]
EXERCISE = load_catalog().find("adjoints/matmul-backward")
RIGHT = "def matmul_backward(A, B, G):\n    return G @ B.T, A.T @ G\n"


@pytest.fixture(scope="module", params=["best", "process"])
def grader(request):
    """The suite at every level the machine offers: its best (kernel where it can) and the
    process level, which holds these in-process attacks on its own."""
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "process":
            patch.setenv(LEVEL_ENV, "process")
        code_grader = CodeGrader(timeout=1.5, memory_mb=512)
    if request.param == "process":
        assert code_grader.sandbox.isolation == "process"
    yield code_grader
    server = code_grader.sandbox._server
    code_grader.close()
    if server is not None:
        assert _gone(server.pid), "the fork server outlived Sandbox.close()"


def _gone(pid: int, wait: float = 5.0) -> bool:
    """The process has ended and been reaped (a zombie still has a /proc entry)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists():
            return True
        time.sleep(0.02)
    return False


def _source(path: Path, tmp: Path) -> str:
    return path.read_text(encoding="utf-8").replace("{ROOT}", str(ROOT)).replace("{TMP}", str(tmp))


def _expected_status(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return first.removeprefix("# expect: ").split()[0]


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.py")), ids=lambda p: p.stem)
def test_hostile_submission_never_passes_and_grader_survives(grader, path, tmp_path):
    verdict = grader.check(EXERCISE, _source(path, tmp_path), seed=7)
    assert not verdict.passed
    assert verdict.status == _expected_status(path), verdict.feedback
    for pid_file in tmp_path.glob("*.pid"):
        pid = int(pid_file.read_text().strip())
        assert _gone(pid), f"{pid_file.name}: process {pid} was left running"
    assert grader.check(EXERCISE, RIGHT, seed=7).passed


@pytest.mark.parametrize(
    "body",
    [
        "rng = np.random.default_rng(0)\n    noise = 0 * rng.standard_normal(G.shape)",
        "noise = np.real(np.fft.ifft(np.fft.fft(np.zeros(G.shape), axis=0), axis=0))",
        "noise = np.ma.masked_array(np.zeros(G.shape)).filled(0)",
        "noise = np.polynomial.polynomial.polyval(0.0, [0.0]) * G",
        "from numpy.lib.stride_tricks import sliding_window_view\n"
        "    noise = 0 * sliding_window_view(G, 1, axis=0)[..., 0]",
    ],
    ids=["random", "fft", "ma", "polynomial", "stride_tricks"],
)
def test_right_answers_may_use_numpy_modules_that_load_on_first_use(grader, body):
    """numpy loads np.random, np.fft, np.ma, np.polynomial when first touched: their files
    must be in every run's view, wherever numpy is installed (here, in the project's own
    virtual environment, which the runs may not otherwise read)."""
    source = (
        "import numpy as np\n\n\ndef matmul_backward(A, B, G):\n"
        f"    {body}\n    return G @ B.T + noise @ B.T, A.T @ G\n"
    )
    verdict = grader.check(EXERCISE, source, seed=3)
    assert verdict.status == "passed", verdict.feedback


def test_numpy_testing_is_refused_with_a_way_out(grader):
    """np.testing imports subprocess, which no run may: the message says so and what to use,
    rather than naming a module the learner never imported."""
    source = (
        "import numpy as np\n\n\ndef matmul_backward(A, B, G):\n"
        "    np.testing.assert_allclose(G, G)\n    return G @ B.T, A.T @ G\n"
    )
    verdict = grader.check(EXERCISE, source, seed=3)
    assert verdict.status == "error" and "np.allclose" in verdict.feedback


def test_output_is_captured_and_truncated(grader):
    verdict = grader.check(EXERCISE, _source(HOSTILE / "output_flood.py", Path("/tmp")), seed=1)
    output = verdict.extra["output"]
    assert output.startswith("spam")
    assert len(output) < 10_000
    assert "more characters not shown" in output


def test_fake_verdict_printed_by_the_code_is_only_output(grader):
    verdict = grader.check(EXERCISE, _source(HOSTILE / "fake_verdict.py", Path("/tmp")), seed=1)
    assert verdict.status == "wrong"
    assert '"passed": true' in verdict.extra["output"]


def test_nan_is_named_in_the_feedback(grader):
    verdict = grader.check(EXERCISE, _source(HOSTILE / "nan_result.py", Path("/tmp")), seed=1)
    assert "NaN or infinity" in verdict.feedback


def test_limits_are_reported_as_the_limit_hit(grader):
    memory = grader.check(EXERCISE, _source(HOSTILE / "memory_numpy.py", Path("/tmp")), seed=1)
    timeout = grader.check(EXERCISE, _source(HOSTILE / "loop_in_call.py", Path("/tmp")), seed=1)
    assert "memory" in memory.feedback.lower()
    assert "1.5 s" in timeout.feedback


def test_a_killed_fork_server_is_replaced(grader):
    assert grader.check(EXERCISE, RIGHT, seed=1).passed
    os.killpg(grader.sandbox._server.pid, 9)
    grader.sandbox._server.wait()
    assert grader.check(EXERCISE, RIGHT, seed=1).passed


def test_closed_sandbox_leaves_no_process():
    code_grader = CodeGrader(timeout=1.5)
    assert code_grader.check(EXERCISE, RIGHT, seed=1).passed
    server = code_grader.sandbox._server.pid
    code_grader.close()
    assert _gone(server)


def test_files_in_home_do_not_reach_the_next_submission(grader):
    writer = (
        "import os\n\ndef matmul_backward(A, B, G):\n"
        "    with open(os.path.expanduser('~/left.txt'), 'w') as f:\n"
        "        f.write('answers')\n"
        "    return G @ B.T, A.T @ G\n"
    )
    reader = (
        "import os\n\ndef matmul_backward(A, B, G):\n"
        "    seen = os.path.exists(os.path.expanduser('~/left.txt'))\n"
        "    return (G @ B.T) * (1 + seen), A.T @ G\n"
    )
    assert grader.check(EXERCISE, writer, seed=1).passed
    assert grader.check(EXERCISE, reader, seed=1).passed, "a file from the last run was seen"
    assert not (Path.home() / "left.txt").exists()


def test_a_crash_quotes_the_learners_own_line(grader):
    source = (
        "import numpy as np\n\n\ndef matmul_backward(A, B, G):\n"
        "    grad_A = G @ B.T\n    return grad_A, A @ G\n"
    )
    verdict = grader.check(EXERCISE, source, seed=1)
    assert verdict.status == "error"
    assert (
        'File "submission.py", line 6, in matmul_backward\n    return grad_A, A @ G\n'
        in verdict.feedback
    )
    assert "ValueError: matmul" in verdict.feedback


@pytest.mark.parametrize(
    "source",
    [
        "def matmul_backward(A, B, G):\n    return G\0\n",
        "def matmul_backward(A, B, G):\n    return '\udcff'\n",
    ],
    ids=["nul-byte", "lone-surrogate"],
)
def test_unreadable_source_is_an_error_naming_why(grader, source):
    verdict = grader.check(EXERCISE, source, seed=1)
    assert verdict.status == "error"
    assert (
        "syntax error: source code string cannot contain null bytes" in verdict.feedback
        or "cannot be read as Python" in verdict.feedback
    )
    assert grader.check(EXERCISE, RIGHT, seed=1).passed


def _memory_holds(pid: int, needle: bytes) -> bool:
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb") as mem:
        for line in maps:
            span, perms = line.split()[:2]
            if not perms.startswith("rw"):
                continue
            start, end = (int(x, 16) for x in span.split("-"))
            try:
                mem.seek(start)
                if needle in mem.read(end - start):
                    return True
            except OSError:
                continue
    return False


def test_no_learner_code_stays_in_the_memory_later_children_are_forked_from(grader):
    """Children can read their own memory (/proc/self/mem): the fork server they are copied
    from must never have held another learner's source."""
    marker = "secret-answer-of-learner-7f3a9c"
    assert grader.check(EXERCISE, f"# {marker}\n" + RIGHT, seed=1).passed
    try:
        held = _memory_holds(grader.sandbox.confinement()["pid"], marker.encode())
    except PermissionError:
        pytest.skip("this machine does not let a process read another's memory")
    assert not held


def test_a_stalled_fork_server_is_replaced_within_the_run_deadline(grader):
    assert grader.check(EXERCISE, RIGHT, seed=1).passed
    stalled = grader.sandbox.confinement()["pid"]
    os.kill(stalled, signal.SIGSTOP)
    try:
        start = time.monotonic()
        verdict = grader.check(EXERCISE, RIGHT, seed=1)
        assert verdict.passed, verdict.feedback
        assert time.monotonic() - start < grader.timeout + 1.5
        assert grader.sandbox.confinement()["pid"] != stalled
    finally:
        try:
            os.kill(stalled, signal.SIGCONT)
        except ProcessLookupError:
            pass
    assert _gone(stalled)


def test_every_run_inherits_no_new_privileges_and_no_threading_module(grader):
    """No new privileges is set once in the fork server, and the server never imports
    ``threading`` (pyseccomp would bring it in; its after-fork handler then copies about 150
    pages in every run): a run sees both."""
    probe = (
        "import sys\n\ndef matmul_backward(A, B, G):\n"
        "    try:\n"
        "        with open('/proc/self/status') as status:\n"
        "            locked = 'NoNewPrivs:\\t1' in status.read()\n"
        "    except OSError:  # no /proc in the kernel level's view, whose layers need it\n"
        "        locked = True\n"
        "    if locked and 'threading' not in sys.modules:\n"
        "        return G @ B.T, A.T @ G\n"
        "    return G, G\n"
    )
    verdict = grader.check(EXERCISE, probe, seed=1)
    assert verdict.passed, verdict.feedback
