# expect: error
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__


def matmul_backward(A, B, G):
    # Empty the runner's own list of trials: this one returns, the others never run.
    frame = sys._getframe(1)
    while frame is not None:
        trials = frame.f_locals.get("trials")
        if isinstance(trials, list):
            trials.clear()
        frame = frame.f_back
    return G @ B.T, A.T @ G
