# expect: wrong -
import numpy as np


def backward(Ws, bs, x, y, f, df):
    # Hard-coded to three layers, but careful not to crash: shorter networks are padded,
    # deeper ones get zero gradients below the third layer from the top.
    L = len(Ws)
    acts, zs = [x], []
    for W, b in zip(Ws, bs):
        zs.append(W @ acts[-1] + b)
        acts.append(f(zs[-1]))
    dWs = [np.zeros_like(W) for W in Ws]
    dbs = [np.zeros_like(b) for b in bs]
    delta = (acts[-1] - y) * df(zs[-1])
    for l in range(L - 1, max(L - 4, -1), -1):
        dWs[l] = delta @ acts[l].T
        dbs[l] = delta
        if l > 0:
            delta = (Ws[l].T @ delta) * df(zs[l - 1])
    if L == 4:
        dWs[0] = np.zeros_like(Ws[0])
        dbs[0] = np.zeros_like(bs[0])
    return dWs, dbs
