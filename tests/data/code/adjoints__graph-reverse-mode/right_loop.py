import numpy as np


def graph_adjoints(n, edges, local):
    successors = [[] for _ in range(n)]
    for (j, i), d in zip(edges, local):
        successors[j].append((i, d))
    lam = np.zeros(n)
    lam[n - 1] = 1.0
    for j in range(n - 2, -1, -1):
        lam[j] = sum(lam[i] * d for i, d in successors[j])
    return lam
