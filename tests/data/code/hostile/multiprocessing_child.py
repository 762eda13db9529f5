# expect: error
import multiprocessing
import os
import time


def linger():
    with open("{TMP}/multiprocessing.pid", "w") as out:
        out.write(str(os.getpid()))
    time.sleep(600)


process = multiprocessing.Process(target=linger)
process.start()


def matmul_backward(A, B, G):
    return G @ B.T, A.T @ G
