import numpy as np


def rowmajor_backward(X, W1, W2, y, sigma, dsigma):
    X, W1, W2, y = (a.astype(np.float32) for a in (X, W1, W2, y))
    Z = X @ W1
    H = np.asarray(sigma(Z), dtype=np.float32)
    R = 2 * (H @ W2 - y)
    dZ = (R @ W2.T) * np.asarray(dsigma(Z), dtype=np.float32)
    return (X.T @ dZ).astype(np.float64), (H.T @ R).astype(np.float64)
