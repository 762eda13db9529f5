import numpy as np


def adjoint_backward(Ws, x, y, fs, dfs):
    """With explicit Jacobians: dz_i/dz_{i-1} = diag(f_i'(u_i)) W_i."""
    zs, us = [x], []
    for W, f in zip(Ws, fs):
        us.append(W @ zs[-1])
        zs.append(f(us[-1]))
    L = len(Ws)
    lambdas = [None] * L
    lambdas[L - 1] = zs[L] - y
    for i in range(L - 1, 0, -1):
        J = np.diag(dfs[i](us[i])[:, 0]) @ Ws[i]
        lambdas[i - 1] = J.T @ lambdas[i]
    grads = [np.diag(dfs[i](us[i])[:, 0]) @ lambdas[i] @ zs[i].T for i in range(L)]
    return lambdas, grads
