import numpy as np


def backward(Ws, bs, x, y, f, df):
    a = x
    activations = [x]
    pre = []
    for W, b in zip(Ws, bs):
        z = W @ a + b
        a = f(z)
        pre.append(z)
        activations.append(a)
    L = len(Ws)
    dWs = [None] * L
    dbs = [None] * L
    delta = (activations[-1] - y) * df(pre[-1])
    for l in reversed(range(L)):
        dWs[l] = delta @ activations[l].T
        dbs[l] = delta
        if l:
            delta = df(pre[l - 1]) * (Ws[l].T @ delta)
    return dWs, dbs
