# expect: error


def matmul_backward(A, B, G):
    raise ValueError("the answer is " + "very " * 4_000_000 + "long")
