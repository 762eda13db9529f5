"""Reference and known mistakes for reverse mode on a general computation graph.

Nodes are numbered 0 … n−1 in a topological order; node n−1 is the output. Row e of ``edges`` is
(j, i): z_j is an argument of f_i (so j < i), and ``local[e]`` is ∂f_i/∂z_j at the forward
values. The result is λ of shape (n,): λ_{n−1} = 1 and λ_j = Σ_{i ∈ β(j)} λ_i ∂f_i/∂z_j.

The adjoints are derivatives of the output with respect to intermediate nodes, none of which is
an input of the learner's function, so no ``cost`` is declared. ``random_graph`` builds the test
graphs from real node operations and returns, besides the arguments, a function that reruns the
forward pass with one node's value overridden; the test suite checks the reference against
central differences of that function.
"""

import numpy as np

_UNARY = {
    "tanh": (np.tanh, lambda s: 1.0 - np.tanh(s) ** 2),
    "sin": (np.sin, np.cos),
    "softplus": (lambda s: np.logaddexp(0.0, s), lambda s: 1.0 / (1.0 + np.exp(-s))),
}


def graph_adjoints(n, edges, local):
    """Edges taken in decreasing order of their head i: when node i sends its share back, every
    edge out of i (to nodes after i) has already been added into λ_i."""
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    lam = np.zeros(n)
    lam[n - 1] = 1.0
    for e in np.argsort(-edges[:, 1], kind="stable"):
        j, i = edges[e]
        lam[j] += lam[i] * local[e]
    return lam


def random_graph(rng, n, d):
    """A graph with d input nodes and n − d computed ones, and its forward pass.

    Each computed node is either φ(Σ_j c_j z_j) over one to three of the five nodes before it
    (φ ∈ tanh, sin, softplus) or the product of two of them. The output sums over every node
    that nothing else uses, and two more, except node n − 2: that one is a dead end (computed,
    used by nothing), so it and any node that only feeds it have adjoint 0, and seeding every
    node without successors with 1 is caught. Returns (inputs, forward) where ``forward
    (override)`` recomputes every node, replacing node k's value by v when ``override = (k, v)``,
    and returns all n values.
    """
    specs = []
    used = set()
    for i in range(d, n - 1):
        window = np.arange(max(0, i - 5), i)
        if rng.random() < 0.3:
            parents = [int(p) for p in rng.choice(window, size=2, replace=False)]
            specs.append(("mul", parents, None, None))
        else:
            k = int(rng.integers(1, min(3, window.size) + 1))
            parents = [int(p) for p in rng.choice(window, size=k, replace=False)]
            specs.append(("sum", parents, rng.standard_normal(k), str(rng.choice(sorted(_UNARY)))))
        used.update(parents)
    dead = n - 2 if n - 2 >= d else None
    unused = [j for j in range(n - 1) if j not in used and j != dead]
    extra = [int(j) for j in rng.choice(n - 2, size=min(2, n - 2), replace=False)
             if j not in unused]
    last = sorted(unused + extra) or [0]
    specs.append(("sum", last, rng.standard_normal(len(last)), str(rng.choice(sorted(_UNARY)))))
    x = rng.standard_normal(d)

    def forward(override=None):
        z = np.zeros(n)
        z[:d] = x
        if override is not None and override[0] < d:
            z[override[0]] = override[1]
        for i, (kind, parents, c, phi) in zip(range(d, n), specs):
            if kind == "mul":
                z[i] = np.prod(z[parents])
            else:
                z[i] = _UNARY[phi][0](c @ z[parents])
            if override is not None and override[0] == i:
                z[i] = override[1]
        return z

    z = forward()
    rows, values = [], []
    for i, (kind, parents, c, phi) in zip(range(d, n), specs):
        for slot, j in enumerate(parents):
            rows.append((j, i))
            if kind == "mul":
                values.append(float(np.prod(np.delete(z[parents], slot))))
            else:
                values.append(float(_UNARY[phi][1](c @ z[parents]) * c[slot]))
    order = rng.permutation(len(rows))
    edges = np.array(rows, dtype=np.int64)[order]
    local = np.array(values)[order]
    return {"n": int(n), "edges": edges, "local": local}, forward


def make_inputs(rng, dims):
    """A random graph with n nodes, d of them inputs; edges listed in shuffled order."""
    inputs, _ = random_graph(rng, dims["n"], dims["d"])
    return inputs


def _by_node(n, edges, local):
    """Outgoing (child, derivative) pairs of every node, for the node-by-node mistakes."""
    out = [[] for _ in range(n)]
    for (j, i), value in zip(np.asarray(edges).reshape(-1, 2), local):
        out[int(j)].append((int(i), float(value)))
    return out


def mistake_forward_order(n, edges, local):
    """The recursion run from node 0 upwards, reading successors' λ before they are final."""
    children = _by_node(n, edges, local)
    lam = np.zeros(n)
    lam[n - 1] = 1.0
    for j in range(n - 1):
        lam[j] = sum(lam[i] * value for i, value in children[j])
    return lam


def mistake_last_child_only(n, edges, local):
    """λ_j assigned from each successor in turn instead of summed over all of them."""
    children = _by_node(n, edges, local)
    lam = np.zeros(n)
    lam[n - 1] = 1.0
    for j in range(n - 2, -1, -1):
        for i, value in children[j]:
            lam[j] = lam[i] * value
    return lam


def mistake_parents_not_children(n, edges, local):
    """The sum taken over the node's arguments α(j) instead of its successors β(j)."""
    parents = [[] for _ in range(n)]
    for (j, i), value in zip(np.asarray(edges).reshape(-1, 2), local):
        parents[int(i)].append((int(j), float(value)))
    lam = np.zeros(n)
    lam[n - 1] = 1.0
    for j in range(n - 2, -1, -1):
        lam[j] = sum(lam[p] * value for p, value in parents[j])
    return lam


def mistake_missing_local_derivative(n, edges, local):
    """The local derivatives left out: λ_j counts the paths from node j to the output."""
    return graph_adjoints(n, edges, np.ones_like(np.asarray(local, dtype=float)))


def mistake_sinks_seeded(n, edges, local):
    """Every node without successors seeded with λ = 1, as if each were the output."""
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    lam = np.zeros(n)
    lam[[j for j in range(n) if j not in set(edges[:, 0].tolist())]] = 1.0
    for e in np.argsort(-edges[:, 1], kind="stable"):
        j, i = edges[e]
        lam[j] += lam[i] * local[e]
    return lam


def mistake_ones_initialised(n, edges, local):
    """Every λ started at 1 instead of only λ_{n−1}, so each node adds a spurious 1."""
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    lam = np.ones(n)
    for e in np.argsort(-edges[:, 1], kind="stable"):
        j, i = edges[e]
        lam[j] += lam[i] * local[e]
    return lam
