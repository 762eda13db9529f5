"""Identical submissions after normalising layout, comments and names: found when copied and
disguised, not when the code differs."""

from __future__ import annotations

from grader.similarity import Answer, identical_groups, normalise

ORIGINAL = '''import numpy as np

def matmul_backward(A, B, dC):
    """Gradients of C = A @ B."""
    dA = dC @ B.T  # chain rule
    dB = A.T @ dC
    return dA, dB
'''
DISGUISED = """import numpy as np
# my own work
def matmul_backward(left, right, upstream):

    grad_left  =  upstream @ right.T
    grad_right = left.T @ upstream
    return grad_left, grad_right
"""
DIFFERENT = ORIGINAL.replace("dC @ B.T", "B.T @ dC")


def test_copies_with_new_names_comments_and_spacing_are_the_same():
    assert normalise(ORIGINAL, is_code=True) == normalise(DISGUISED, is_code=True)


def test_different_code_and_attribute_names_stay_different():
    assert normalise(ORIGINAL, is_code=True) != normalise(DIFFERENT, is_code=True)
    assert normalise("x.T @ y", is_code=True) != normalise("x.H @ y", is_code=True)


def test_code_that_does_not_tokenise_is_still_compared_without_crashing():
    assert normalise("def f(:\n  '''", is_code=True)


def test_groups_need_two_learners_and_stay_within_an_exercise():
    ex = "adjoints/matmul-backward"
    answers = [
        Answer(ex, "alice", "a.py", ORIGINAL, True),
        Answer(ex, "bob", "b.py", DISGUISED, True),
        Answer(ex, "bob", "b2.py", ORIGINAL, True),
        Answer(ex, "carol", "c.py", DIFFERENT, True),
        Answer("other/ex", "dave", "d.py", ORIGINAL, True),
        Answer("tiny/outer", "erin", "e.txt", "x y^T", False),
        Answer("tiny/outer", "fred", "f.txt", "x  y^T", False),
    ]
    groups = [g.to_json() for g in identical_groups(answers)]
    assert groups == [
        {"exercise": ex, "learners": ["alice", "bob"], "submissions": ["a.py", "b.py", "b2.py"]},
        {"exercise": "tiny/outer", "learners": ["erin", "fred"], "submissions": ["e.txt", "f.txt"]},
    ]
