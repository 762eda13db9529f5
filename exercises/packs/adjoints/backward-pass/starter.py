import numpy as np


def adjoint_backward(Ws, x, y, fs, dfs):
    """Backward pass by the method of adjoints for z_i = f_i(W_i z_{i-1}), z_0 = x.

    Ws[i-1] is W_i with shape (n_i, n_{i-1}); x: (n_0, 1); y: (n_L, 1).
    fs[i-1] and dfs[i-1] are f_i and its derivative f_i' (element-wise callables);
    every layer has its own activation.
    The loss is 1/2 ||z_L - y||^2.

    Return (lambdas, grads): lambdas[i-1] is the adjoint λ_i, shaped like z_i (n_i, 1);
    grads[i-1] is the gradient of the loss with respect to W_i, shaped like W_i.
    """
    lambdas = [np.zeros((W.shape[0], 1)) for W in Ws]
    grads = [np.zeros_like(W) for W in Ws]
    return lambdas, grads
