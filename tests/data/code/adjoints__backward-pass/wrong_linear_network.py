# expect: wrong missing-derivative
import numpy as np


def adjoint_backward(Ws, x, y, fs, dfs):
    zs, us = [x], []
    for W, f in zip(Ws, fs):
        us.append(W @ zs[-1])
        zs.append(f(us[-1]))
    L = len(Ws)
    lambdas, grads = [None] * L, [None] * L
    lam = zs[L] - y
    for i in range(L - 1, -1, -1):
        lambdas[i] = lam
        grads[i] = lam @ zs[i].T
        lam = Ws[i].T @ lam
    return lambdas, grads
