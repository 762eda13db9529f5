import numpy as np


def backward(Ws, bs, x, y, f, df):
    def layer(l, a_in):
        """Gradients of layers l.. and dC/d(a_in)."""
        z = Ws[l] @ a_in + bs[l]
        a = f(z)
        if l == len(Ws) - 1:
            dC_da = a - y
            dWs, dbs = [], []
        else:
            dWs, dbs, dC_da = layer(l + 1, a)
        delta = dC_da * df(z)
        return [delta @ a_in.T] + dWs, [delta] + dbs, Ws[l].T @ delta

    dWs, dbs, _ = layer(0, x)
    return dWs, dbs
