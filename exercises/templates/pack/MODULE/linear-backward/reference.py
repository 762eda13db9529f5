"""Reference backward pass of u = W x, and the mistakes the grader should recognise."""

import numpy as np


def linear_backward(W, x, g):
    return g @ x.T, W.T @ g


def cost(W, x, g):
    """C = gᵀ W x: its gradients are exactly the backward pass of u = W x with adjoint g."""
    return float((g.T @ W @ x)[0, 0])


def mistake_forgot_adjoint(W, x, g):
    ones = np.ones_like(g)
    return ones @ x.T, W.T @ ones


def mistake_summed_adjoint(W, x, g):
    total = float(g.sum())
    return total * np.ones_like(g) @ x.T, total * W.sum(axis=0).reshape(-1, 1)
