import numpy as np


def batch_backward(Ws, bs, X, Y, f, df):
    N = X.shape[1]

    def go(l, A):
        Z = Ws[l] @ A + bs[l]
        out = f(Z)
        if l + 1 == len(Ws):
            grad_out, dWs, dbs = (out - Y) / N, [], []
        else:
            grad_out, dWs, dbs = go(l + 1, out)
        D = grad_out * df(Z)
        return Ws[l].T @ D, [D @ A.T] + dWs, [np.sum(D, axis=1, keepdims=True)] + dbs

    _, dWs, dbs = go(0, X)
    return dWs, dbs
