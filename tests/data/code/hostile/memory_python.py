# expect: resource-limit
hoard = []
while True:
    hoard.append("x" * 10_000_000)


def matmul_backward(A, B, G):
    return G @ B.T, A.T @ G
