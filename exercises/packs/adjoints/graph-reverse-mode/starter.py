import numpy as np


def graph_adjoints(n, edges, local):
    """Reverse mode on a computation graph.

    n: number of nodes, numbered 0 .. n-1 in a topological order; node n-1 is the output.
    edges: int array (E, 2); row e = (j, i) means z_j is an argument of f_i (always j < i).
    local: float array (E,); local[e] is the partial derivative of f_i with respect to z_j,
        evaluated at the forward values. Rows come in no particular order.

    Return a float array (n,) of adjoints: lam[n-1] = 1 and, for every other node j,
    lam[j] = sum over the edges (j, i) of lam[i] * local[e].
    """
    lam = np.zeros(n)
    return lam
