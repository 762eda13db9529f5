# expect: wrong scale
import numpy as np


def rowmajor_backward(X, W1, W2, y, sigma, dsigma):
    # A mean squared error over the n rows, where the cost is a plain sum.
    n = X.shape[0]
    Z = X @ W1
    H = sigma(Z)
    G = 2.0 * (H @ W2 - y) / n
    return X.T @ ((G @ W2.T) * dsigma(Z)), H.T @ G
