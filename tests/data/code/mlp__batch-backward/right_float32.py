import numpy as np


def batch_backward(Ws, bs, X, Y, f, df):
    N = X.shape[1]
    A = X.astype(np.float32)
    acts, zs = [A], []
    for W, b in zip(Ws, bs):
        Z = W.astype(np.float32) @ A + b.astype(np.float32)
        A = np.asarray(f(Z), dtype=np.float32)
        zs.append(Z)
        acts.append(A)
    D = (acts[-1] - Y.astype(np.float32)) * np.asarray(df(zs[-1]), dtype=np.float32) / N
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for l in reversed(range(len(Ws))):
        dWs[l] = (D @ acts[l].T).astype(np.float64)
        dbs[l] = D.sum(axis=1, keepdims=True).astype(np.float64)
        if l:
            D = (Ws[l].T.astype(np.float32) @ D) * np.asarray(df(zs[l - 1]), dtype=np.float32)
    return dWs, dbs
