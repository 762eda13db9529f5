"""Reference and one known mistake for the backward pass of C = A @ B (tutor tests)."""

import numpy as np


def matmul_backward(A, B, G):
    return G @ B.T, A.T @ G


def cost(A, B, G):
    return float(np.sum(G * (A @ B)))


def mistake_forgot_adjoint(A, B, G):
    ones = np.ones_like(G)
    return ones @ B.T, A.T @ ones
