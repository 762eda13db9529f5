"""Reference and known mistakes for the backward pass of C = A @ B."""

import numpy as np


def matmul_backward(A, B, G):
    """Adjoints of A and B from the adjoint G of C = A B."""
    return G @ B.T, A.T @ G


def cost(A, B, G):
    """F(C) = <G, C>: a cost whose adjoint at C is exactly G."""
    return float(np.sum(G * (A @ B)))


def mistake_forgot_adjoint(A, B, G):
    """G replaced by ones: the gradient of the plain sum of C's entries."""
    ones = np.ones_like(G)
    return ones @ B.T, A.T @ ones


def mistake_output_for_adjoint(A, B, G):
    """The forward value C = A B used where its adjoint G belongs."""
    C = A @ B
    return C @ B.T, A.T @ C


def mistake_outer_of_sums(A, B, G):
    """Rows and columns summed before multiplying, so the pairing of entries is lost."""
    return np.outer(G.sum(axis=1), B.sum(axis=1)), np.outer(A.sum(axis=0), G.sum(axis=0))


def mistake_times_input(A, B, G):
    """The scalar habit d(x²)/dx: the right gradient multiplied by the input once more."""
    return (G @ B.T) * A, (A.T @ G) * B
