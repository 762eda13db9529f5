import numpy as np


def weighted_sum_grad(a, w):
    return a.copy()


def cost(a, w):
    return float(np.sum(a * w))


def mistake_used_weights(a, w):
    return w.copy()
