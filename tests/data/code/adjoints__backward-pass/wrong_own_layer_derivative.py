# expect: wrong wrong-layer-derivative
import numpy as np


def adjoint_backward(Ws, x, y, fs, dfs):
    zs, us = [x], []
    for W, f in zip(Ws, fs):
        us.append(W @ zs[-1])
        zs.append(f(us[-1]))
    L = len(Ws)
    lambdas, grads = [None] * L, [None] * L
    lambdas[L - 1] = zs[L] - y
    for i in range(L - 1, 0, -1):
        # lambda_i = W_{i+1}^T (lambda_{i+1} * f_i prime): the derivative of layer i itself
        lambdas[i - 1] = Ws[i].T @ (lambdas[i] * dfs[i - 1](us[i]))
    for i in range(L):
        grads[i] = (lambdas[i] * dfs[i](us[i])) @ zs[i].T
    return lambdas, grads
