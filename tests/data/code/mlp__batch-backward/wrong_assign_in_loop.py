# expect: wrong last-sample-only
import numpy as np


def batch_backward(Ws, bs, X, Y, f, df):
    N = X.shape[1]
    L = len(Ws)
    for i in range(N):
        acts, zs = [X[:, i:i + 1]], []
        for W, b in zip(Ws, bs):
            zs.append(W @ acts[-1] + b)
            acts.append(f(zs[-1]))
        d = (acts[-1] - Y[:, i:i + 1]) * df(zs[-1])
        dWs, dbs = [None] * L, [None] * L
        for l in range(L - 1, -1, -1):
            dWs[l] = d @ acts[l].T / N
            dbs[l] = d / N
            if l > 0:
                d = (Ws[l].T @ d) * df(zs[l - 1])
    return dWs, dbs
