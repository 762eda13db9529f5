import numpy as np


def adjoint_backward(Ws, x, y, fs, dfs):
    Ws = [W.astype(np.float32) for W in Ws]
    zs, us = [x.astype(np.float32)], []
    for W, f in zip(Ws, fs):
        us.append(W @ zs[-1])
        zs.append(np.asarray(f(us[-1]), dtype=np.float32))
    L = len(Ws)
    lambdas, grads = [None] * L, [None] * L
    lam = zs[-1] - y.astype(np.float32)
    for i in reversed(range(L)):
        lambdas[i] = lam.astype(np.float64)
        g = lam * np.asarray(dfs[i](us[i]), dtype=np.float32)
        grads[i] = (g @ zs[i].T).astype(np.float64)
        lam = Ws[i].T @ g
    return lambdas, grads
