import numpy as np


def graph_adjoints(n, edges, local):
    lam = np.zeros(n, dtype=np.float32)
    lam[-1] = 1
    local = local.astype(np.float32)
    for e in np.argsort(-edges[:, 1]):
        j, i = edges[e]
        lam[j] += lam[i] * local[e]
    return lam.astype(np.float64)
