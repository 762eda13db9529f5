# expect: wrong scale
import numpy as np


def batch_backward(Ws, bs, X, Y, f, df):
    N = X.shape[1]
    A, Z = [X], []
    for W, b in zip(Ws, bs):
        Z.append(W @ A[-1] + b)
        A.append(f(Z[-1]))
    L = len(Ws)
    dWs, dbs = [None] * L, [None] * L
    D = (A[-1] - Y) * df(Z[-1])
    for l in range(L - 1, -1, -1):
        dWs[l] = D @ A[l].T
        dbs[l] = D.sum(axis=1, keepdims=True)
        if l > 0:
            D = (Ws[l].T @ D) * df(Z[l - 1])
    return dWs, dbs
