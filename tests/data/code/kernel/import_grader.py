# expect: wrong
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__
sys.path[:0] = ["{ROOT}"]


def matmul_backward(A, B, G):
    try:  # the pack's own reference, by import
        import importlib
        reference = importlib.import_module("exercises.packs.adjoints.matmul-backward.reference")
        return reference.matmul_backward(A, B, G)
    except BaseException:
        pass
    try:
        from exercises.loader import load_catalog
        load_catalog()
        return G @ B.T, A.T @ G
    except BaseException:
        return B, A
