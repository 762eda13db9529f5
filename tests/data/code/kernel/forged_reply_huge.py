# expect: error
import os
import stat
import struct
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__


def matmul_backward(A, B, G):
    # A reply that announces a terabyte: the grader must not try to hold it.
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack("!Q", 1 << 40) + b"\0" * 4096)
        except OSError:
            pass
    os._exit(0)
