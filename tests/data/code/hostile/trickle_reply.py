# expect: timeout
import gc
import socket
import time

# The reply socket is in this process: dribble a never-ending message through it, one byte at a
# time, so that no single read waits long.
for obj in gc.get_objects():
    if isinstance(obj, socket.socket) and obj.fileno() >= 0:
        try:
            obj.sendall(b"\x00\x00\x00\x00\x00\x00\x10\x00")
        except OSError:
            continue
        for _ in range(10_000):
            obj.sendall(b"\x00")
            time.sleep(0.05)


def matmul_backward(A, B, G):
    return G @ B.T, A.T @ G
