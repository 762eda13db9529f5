"""What the grader (``sandbox``) and its fork server (``worker``) agree on, written once:
the framing of the control socket and the environment the grader's processes start with.

Standard library only: the worker imports it before numpy, under ``python -I``.
"""

from __future__ import annotations

import struct
from collections.abc import MutableMapping

READY_FORMAT = "!I"
"""The server's first message: the size of a JSON object with its confinement ``level``, the
``layers`` in force, what is ``missing`` and its ``pid`` (in a pid namespace, the process the
grader started only waits for the server proper)."""
READY_SIZE = struct.calcsize(READY_FORMAT)
JOB_FORMAT = "!HII"
"""What starts each job on the fork server's control socket, sent with the child's socket: the
run slot, and the sizes in bytes of the function name (UTF-8) and of the trials (``wire``),
which follow in that order. The learner's source never goes through the server: the child reads
it from its own socket (SOURCE_FORMAT, then the UTF-8 text), so no learner's code is left in the
memory that later children are forked from."""
JOB_SIZE = struct.calcsize(JOB_FORMAT)
SOURCE_FORMAT = "!I"
SOURCE_SIZE = struct.calcsize(SOURCE_FORMAT)
PID_FORMAT = "!I"
"""How the fork server answers each job: the child's pid, sent with a pidfd of the child."""
PID_SIZE = struct.calcsize(PID_FORMAT)

SINGLE_THREADED_BLAS = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""The grader's numpy work is on small arrays (references, comparisons, learner runs): with
more than one BLAS thread per process, idle OpenBLAS threads spin on the cores the other
checks need. numpy reads these when it is first imported."""


def single_threaded_blas(env: MutableMapping[str, str], *, keep_set: bool = False) -> None:
    """Set ``SINGLE_THREADED_BLAS`` in ``env`` (``os.environ`` or a child's environment);
    ``keep_set`` leaves a value the user set explicitly."""
    for name, value in SINGLE_THREADED_BLAS.items():
        if keep_set:
            env.setdefault(name, value)
        else:
            env[name] = value
