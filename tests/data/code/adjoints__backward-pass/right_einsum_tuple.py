import numpy as np


def adjoint_backward(Ws, x, y, fs, dfs):
    z = [x]
    u = []
    for k in range(len(Ws)):
        u.append(np.einsum("ij,jk->ik", Ws[k], z[k]))
        z.append(fs[k](u[k]))
    lam = {len(Ws): z[-1] - y}
    grad = {}
    for k in range(len(Ws), 0, -1):
        s = lam[k] * dfs[k - 1](u[k - 1])
        grad[k] = np.einsum("ik,jk->ij", s, z[k - 1])
        lam[k - 1] = np.einsum("ji,jk->ik", Ws[k - 1], s)
    return (tuple(lam[k] for k in range(1, len(Ws) + 1)),
            tuple(grad[k] for k in range(1, len(Ws) + 1)))
