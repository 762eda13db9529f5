import numpy as np


def backward(Ws, bs, x, y, f, df):
    acts = [x]
    zs = []
    for W, b in zip(Ws, bs):
        zs.append(np.einsum("ij,jk->ik", W, acts[-1]) + b)
        acts.append(f(zs[-1]))
    grads_W = []
    grads_b = []
    delta = (acts[-1] - y) * df(zs[-1])
    for l in range(len(Ws) - 1, -1, -1):
        grads_W.append(np.einsum("ik,jk->ij", delta, acts[l]))
        grads_b.append(delta.copy())
        if l > 0:
            delta = np.einsum("ji,jk->ik", Ws[l], delta) * df(zs[l - 1])
    return tuple(grads_W[::-1]), tuple(grads_b[::-1])
