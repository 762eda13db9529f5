# exercise: tiny/scale-grad
import time


def weighted_sum_grad(a, w):
    time.sleep(3600)
    return a
