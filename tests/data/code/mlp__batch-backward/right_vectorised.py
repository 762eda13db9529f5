import numpy as np


def batch_backward(Ws, bs, X, Y, f, df):
    N = X.shape[1]
    A = [X]
    Z = []
    for W, b in zip(Ws, bs):
        Z.append(W @ A[-1] + b)
        A.append(f(Z[-1]))
    D = (A[-1] - Y) * df(Z[-1])
    dWs, dbs = [], []
    for l in range(len(Ws) - 1, -1, -1):
        dWs.append(D @ A[l].T / N)
        dbs.append(D.mean(axis=1, keepdims=True))
        if l > 0:
            D = (Ws[l].T @ D) * df(Z[l - 1])
    return dWs[::-1], dbs[::-1]
