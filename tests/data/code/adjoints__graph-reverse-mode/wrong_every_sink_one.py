# expect: wrong sinks-seeded
import numpy as np


def graph_adjoints(n, edges, local):
    # "A node nothing depends on is an output, so it starts at 1."
    has_successor = set(int(j) for j in edges[:, 0])
    lam = np.array([0.0 if j in has_successor else 1.0 for j in range(n)])
    for e in sorted(range(len(edges)), key=lambda e: -edges[e][1]):
        j, i = edges[e]
        lam[j] += lam[i] * local[e]
    return lam
