import numpy as np


def numerical_gradient(C, w, eps=1e-6):
    E = np.eye(len(w))
    return np.array([(C(w + eps * e) - C(w - eps * e)) / (2 * eps) for e in E])
