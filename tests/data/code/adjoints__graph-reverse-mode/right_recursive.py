from functools import lru_cache

import numpy as np


def graph_adjoints(n, edges, local):
    out = {}
    for (j, i), d in zip(edges.tolist(), local.tolist()):
        out.setdefault(j, []).append((i, d))

    @lru_cache(maxsize=None)
    def adjoint(j):
        if j == n - 1:
            return 1.0
        return sum(adjoint(i) * d for i, d in out.get(j, []))

    return np.array([adjoint(j) for j in range(n)])
