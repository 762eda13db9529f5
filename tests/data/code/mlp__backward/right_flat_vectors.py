import numpy as np


def backward(Ws, bs, x, y, f, df):
    # work with 1-D vectors, reshape only at the end
    a = x.ravel()
    As, Zs = [a], []
    for W, b in zip(Ws, bs):
        z = W @ a + b.ravel()
        a = f(z)
        Zs.append(z)
        As.append(a)
    d = (a - y.ravel()) * df(Zs[-1])
    gW, gb = [], []
    for l in range(len(Ws) - 1, -1, -1):
        gW.insert(0, np.outer(d, As[l]))
        gb.insert(0, d.reshape(-1, 1))
        d = (Ws[l].T @ d) * df(Zs[l - 1]) if l > 0 else None
    return gW, gb
