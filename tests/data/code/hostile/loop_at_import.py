# expect: timeout
while True:
    pass


def matmul_backward(A, B, G):
    return G @ B.T, A.T @ G
