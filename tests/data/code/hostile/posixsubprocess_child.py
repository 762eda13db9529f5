# expect: error
import _posixsubprocess
import os

read_end, write_end = os.pipe()
_posixsubprocess.fork_exec(
    ["/bin/sh", "-c", "echo $$ > {TMP}/posix.pid; exec sleep 600"], [b"/bin/sh"], True, (),
    None, None, -1, -1, -1, -1, -1, -1, read_end, write_end, False, False, None, None, None, -1,
    None, False)


def matmul_backward(A, B, G):
    return G @ B.T, A.T @ G
