import numpy as np


def adjoint_backward(Ws, x, y, fs, dfs):
    zs, us = [x], []
    for W, f in zip(Ws, fs):
        u = W @ zs[-1]
        us.append(u)
        zs.append(f(u))
    L = len(Ws)
    lambdas = [None] * L
    grads = [None] * L
    lam = zs[-1] - y
    for i in range(L - 1, -1, -1):
        lambdas[i] = lam
        g = lam * dfs[i](us[i])
        grads[i] = g @ zs[i].T
        lam = Ws[i].T @ g
    return lambdas, grads
