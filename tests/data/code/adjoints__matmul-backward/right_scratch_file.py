import os
import tempfile

import numpy as np


def matmul_backward(A, B, G):
    # a learner who saves intermediate results to disk: the run's own scratch folder allows it
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "grad_a.npy")
        np.save(path, G @ B.T)
        grad_a = np.load(path)
    return grad_a, A.T @ G
