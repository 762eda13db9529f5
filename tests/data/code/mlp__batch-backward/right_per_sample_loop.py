import numpy as np


def one_sample(Ws, bs, x, y, f, df):
    a, acts, zs = x, [x], []
    for W, b in zip(Ws, bs):
        z = W @ a + b
        a = f(z)
        zs.append(z)
        acts.append(a)
    d = (a - y) * df(zs[-1])
    gW, gb = [None] * len(Ws), [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        gW[l] = d @ acts[l].T
        gb[l] = d
        if l:
            d = (Ws[l].T @ d) * df(zs[l - 1])
    return gW, gb


def batch_backward(Ws, bs, X, Y, f, df):
    N = X.shape[1]
    dWs = [np.zeros_like(W) for W in Ws]
    dbs = [np.zeros_like(b) for b in bs]
    for i in range(N):
        gW, gb = one_sample(Ws, bs, X[:, [i]], Y[:, [i]], f, df)
        for l in range(len(Ws)):
            dWs[l] += gW[l] / N
            dbs[l] += gb[l] / N
    return dWs, dbs
