import numpy as np


def batch_backward(Ws, bs, X, Y, f, df):
    N = X.shape[1]
    acts, zs = [X], []
    for W, b in zip(Ws, bs):
        zs.append(np.einsum("ij,jn->in", W, acts[-1]) + b)
        acts.append(f(zs[-1]))
    delta = (acts[-1] - Y) * df(zs[-1]) / N
    L = len(Ws)
    dWs, dbs = [None] * L, [None] * L
    for l in reversed(range(L)):
        dWs[l] = np.einsum("in,jn->ij", delta, acts[l])
        dbs[l] = np.einsum("in->i", delta)[:, None]
        if l:
            delta = np.einsum("ji,jn->in", Ws[l], delta) * df(zs[l - 1])
    return tuple(dWs), tuple(dbs)
