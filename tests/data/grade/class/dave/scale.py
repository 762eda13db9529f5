# exercise: tiny/scale-grad
import numpy as np


def weighted_sum_grad(a, w):
    return w.copy()
