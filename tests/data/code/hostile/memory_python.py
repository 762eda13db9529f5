# expect: resource-limit
# Zeroed buffers (calloc'd, pages untouched) reach the address-space limit in a few
# milliseconds on any machine; filled ones cost seconds of first-touch page faults on a fresh
# virtual machine and would meet the time limit first there.
hoard = []
while True:
    hoard.append(bytes(10_000_000))


def matmul_backward(A, B, G):
    return G @ B.T, A.T @ G
