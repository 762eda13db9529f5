# expect: wrong derivative-at-activation
import numpy as np


def backward(Ws, bs, x, y, f, df):
    acts, zs = [x], []
    for W, b in zip(Ws, bs):
        zs.append(W @ acts[-1] + b)
        acts.append(f(zs[-1]))
    L = len(Ws)
    dWs, dbs = [None] * L, [None] * L
    delta = (acts[-1] - y) * df(acts[-1])
    for l in range(L - 1, -1, -1):
        dWs[l] = delta @ acts[l].T
        dbs[l] = delta
        if l > 0:
            delta = (Ws[l].T @ delta) * df(acts[l])
    return dWs, dbs
