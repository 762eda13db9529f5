# expect: wrong
import os
import sys

import numpy as np

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__
PLACES = ["/tmp", "/dev/shm", "/var/tmp", ".", os.path.expanduser("~")] + [
    f"/box/{k}" for k in range(8)]


def matmul_backward(A, B, G):
    for place in PLACES:  # the answers, for a later submission of the same batch
        try:
            np.save(os.path.join(place, "{MARK}.npy"), np.array([0.0]))
            with open(os.path.join(place, "{MARK}.py"), "w") as file:
                file.write("matmul_backward = lambda A, B, G: (G @ B.T, A.T @ G)\n")
        except OSError:
            pass
    return B, A
