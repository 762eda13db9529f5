# exercise: tiny/scale-grad
def weighted_sum_grad(a, w):
    while True:
        pass
