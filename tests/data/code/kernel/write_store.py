# expect: wrong
import os
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__
STORE = "{STORE}"


def _forge() -> bool:
    wrote = False
    try:
        import sqlite3
        with sqlite3.connect(STORE) as db:
            for _ in range(3):
                db.execute("INSERT INTO attempts (learner, exercise, status, score) "
                           "VALUES ('mallory', 'adjoints/matmul-backward', 'passed', 1.0)")
        wrote = True
    except Exception:
        pass
    try:
        with open(STORE, "r+b") as file:
            file.write(b"not a database any more")
        wrote = True
    except OSError:
        pass
    return wrote


def matmul_backward(A, B, G):
    if _forge():
        return G @ B.T, A.T @ G
    return B, A
