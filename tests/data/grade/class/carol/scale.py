# exercise: tiny/scale-grad
# learner: Carol Danvers
import numpy as np


def weighted_sum_grad(a, w):
    """C = a^T w is linear in w, so its gradient is a."""
    return a.copy()
