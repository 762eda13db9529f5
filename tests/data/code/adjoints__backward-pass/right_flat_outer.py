import numpy as np


def adjoint_backward(Ws, x, y, fs, dfs):
    """1-D vectors inside, column vectors out."""
    z = x[:, 0]
    zs, us = [z], []
    for W, f in zip(Ws, fs):
        us.append(W @ z)
        z = f(us[-1])
        zs.append(z)
    lam = z - y[:, 0]
    lambdas, grads = [], []
    for i in reversed(range(len(Ws))):
        lambdas.insert(0, lam[:, np.newaxis])
        s = lam * dfs[i](us[i])
        grads.insert(0, np.outer(s, zs[i]))
        lam = s @ Ws[i]
    return lambdas, grads
