# expect: error -
import numpy as np


def backward(Ws, bs, x, y, f, df):
    # Written for the three-layer picture in the notes: every layer spelt out by hand.
    W1, W2, W3 = Ws[0], Ws[1], Ws[2]
    b1, b2, b3 = bs[0], bs[1], bs[2]
    z1 = W1 @ x + b1
    a1 = f(z1)
    z2 = W2 @ a1 + b2
    a2 = f(z2)
    z3 = W3 @ a2 + b3
    a3 = f(z3)
    d3 = (a3 - y) * df(z3)
    d2 = (W3.T @ d3) * df(z2)
    d1 = (W2.T @ d2) * df(z1)
    return [d1 @ x.T, d2 @ a1.T, d3 @ a2.T], [d1, d2, d3]
