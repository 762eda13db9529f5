import numpy as np


def adjoint_backward(Ws, x, y, fs, dfs):
    def down(i, z_prev):
        """Adjoints and gradients of layers i+1 .. L, and lambda_i (i counts from 0)."""
        u = Ws[i] @ z_prev
        z = fs[i](u)
        if i == len(Ws) - 1:
            lam, lambdas, grads = z - y, [], []
        else:
            lam, lambdas, grads = down(i + 1, z)
        s = lam * dfs[i](u)
        return Ws[i].T @ s, [lam] + lambdas, [s @ z_prev.T] + grads

    _, lambdas, grads = down(0, x)
    return lambdas, grads
