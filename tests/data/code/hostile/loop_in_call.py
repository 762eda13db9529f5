# expect: timeout
def matmul_backward(A, B, G):
    total = 0
    while True:
        total += 1
