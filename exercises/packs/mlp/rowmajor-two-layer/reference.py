"""Reference and known mistakes for the two-layer example of Hardt's notes, rows as samples.

f(W₁, W₂) = ‖σ(X W₁) W₂ − y‖² (squared Frobenius norm, no ½, no mean) with X: (n, d),
W₁: (d, h), W₂: (h, k), y: (n, k). The notes give W₂ the shape d×d against labels in ℝⁿ; here
W₂ is sized so that the product fits y.
"""

import numpy as np

from exercises.callables import NONLINEAR, activation


def rowmajor_backward(X, W1, W2, y, sigma, dsigma):
    """Reverse mode through the four elementary operations of the notes.

    Z = X W₁, H = σ(Z), R = H W₂ − y, f = ‖R‖²; adjoints Λ_R = 2R, Λ_H = Λ_R W₂ᵀ,
    Λ_Z = Λ_H ⊙ σ'(Z); then the matrix-product rule gives ∇W₂ = Hᵀ Λ_R and ∇W₁ = Xᵀ Λ_Z.
    """
    Z = X @ W1
    H = sigma(Z)
    adj_R = 2.0 * (H @ W2 - y)
    adj_Z = (adj_R @ W2.T) * dsigma(Z)
    return X.T @ adj_Z, H.T @ adj_R


def cost(X, W1, W2, y, sigma, dsigma):
    """f = ‖σ(X W₁) W₂ − y‖²."""
    R = sigma(X @ W1) @ W2 - y
    return float(np.sum(R * R))


def make_inputs(rng, dims):
    """A batch of n rows with d features, h hidden units, k outputs, one activation."""
    n, d, h, k = dims["n"], dims["d"], dims["h"], dims["k"]
    sigma, dsigma = activation(str(rng.choice(NONLINEAR)))
    return {
        "X": rng.standard_normal((n, d)),
        "W1": rng.standard_normal((d, h)) * (1.2 / np.sqrt(d)),
        "W2": rng.standard_normal((h, k)) * (1.2 / np.sqrt(h)),
        "y": rng.standard_normal((n, k)),
        "sigma": sigma,
        "dsigma": dsigma,
    }


def mistake_missing_derivative(X, W1, W2, y, sigma, dsigma):
    """The non-linearity passed through backwards as if it were the identity."""
    H = sigma(X @ W1)
    adj_R = 2.0 * (H @ W2 - y)
    return X.T @ (adj_R @ W2.T), H.T @ adj_R


def mistake_derivative_at_activation(X, W1, W2, y, sigma, dsigma):
    """σ' evaluated at H = σ(X W₁) instead of at X W₁."""
    H = sigma(X @ W1)
    adj_R = 2.0 * (H @ W2 - y)
    return X.T @ ((adj_R @ W2.T) * dsigma(H)), H.T @ adj_R


def mistake_pre_activation_input(X, W1, W2, y, sigma, dsigma):
    """∇W₂ built from Z = X W₁ where W₂'s actual input H = σ(Z) belongs."""
    Z = X @ W1
    adj_R = 2.0 * (sigma(Z) @ W2 - y)
    return X.T @ ((adj_R @ W2.T) * dsigma(Z)), Z.T @ adj_R


def mistake_activation_for_derivative(X, W1, W2, y, sigma, dsigma):
    """σ(Z) used where σ'(Z) belongs in the adjoint of Z."""
    Z = X @ W1
    H = sigma(Z)
    adj_R = 2.0 * (H @ W2 - y)
    return X.T @ ((adj_R @ W2.T) * H), H.T @ adj_R
