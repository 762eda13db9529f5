import numpy as np


def backward(Ws, bs, x, y, f, df):
    # Everything in single precision, as on a GPU; only the results go back to float64.
    Ws32 = [W.astype(np.float32) for W in Ws]
    bs32 = [b.astype(np.float32) for b in bs]
    a = x.astype(np.float32)
    acts, zs = [a], []
    for W, b in zip(Ws32, bs32):
        z = W @ a + b
        a = f(z).astype(np.float32)
        zs.append(z)
        acts.append(a)
    delta = (acts[-1] - y.astype(np.float32)) * df(zs[-1]).astype(np.float32)
    dWs, dbs = [], []
    for l in range(len(Ws32) - 1, -1, -1):
        dWs.insert(0, (delta @ acts[l].T).astype(np.float64))
        dbs.insert(0, delta.astype(np.float64))
        if l > 0:
            delta = (Ws32[l].T @ delta) * df(zs[l - 1]).astype(np.float32)
    return dWs, dbs
