import numpy as np


def backward(Ws, bs, x, y, f, df):
    L = len(Ws)
    a = {0: x}
    z = {}
    for l in range(1, L + 1):
        z[l] = Ws[l - 1] @ a[l - 1] + bs[l - 1]
        a[l] = f(z[l])
    delta = {L: (a[L] - y) * df(z[L])}
    for l in range(L - 1, 0, -1):
        delta[l] = (Ws[l].T @ delta[l + 1]) * df(z[l])
    dWs = []
    dbs = []
    for l in range(1, L + 1):
        dW = np.zeros_like(Ws[l - 1])
        for i in range(dW.shape[0]):
            for j in range(dW.shape[1]):
                dW[i, j] = delta[l][i, 0] * a[l - 1][j, 0]
        dWs.append(dW)
        dbs.append(delta[l])
    return dWs, dbs
