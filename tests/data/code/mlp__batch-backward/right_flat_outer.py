import numpy as np


def batch_backward(Ws, bs, X, Y, f, df):
    """Per sample with 1-D vectors and np.outer, averaged at the end."""
    N = X.shape[1]
    L = len(Ws)
    sum_W = [np.zeros(W.shape) for W in Ws]
    sum_b = [np.zeros(W.shape[0]) for W in Ws]
    for n in range(N):
        a = X[:, n]
        acts, zs = [a], []
        for W, b in zip(Ws, bs):
            z = W @ a + b[:, 0]
            a = f(z)
            zs.append(z)
            acts.append(a)
        d = (a - Y[:, n]) * df(zs[-1])
        for l in range(L - 1, -1, -1):
            sum_W[l] += np.outer(d, acts[l])
            sum_b[l] += d
            if l > 0:
                d = Ws[l].T @ d * df(zs[l - 1])
    return [s / N for s in sum_W], [(s / N).reshape(-1, 1) for s in sum_b]
