# expect: wrong forward-order
import numpy as np


def graph_adjoints(n, edges, local):
    lam = np.zeros(n)
    lam[n - 1] = 1.0
    for j in range(n - 1):
        lam[j] = sum(lam[i] * d for (k, i), d in zip(edges, local) if k == j)
    return lam
