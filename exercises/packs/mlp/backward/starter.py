import numpy as np


def backward(Ws, bs, x, y, f, df):
    """Backward pass of a fully connected network on one sample.

    Forward: a^0 = x, z^l = W^l a^(l-1) + b^l, a^l = f(z^l) for every layer, output included.
    Cost: C = 1/2 ||a^L - y||^2.

    Ws[l]: (n_{l+1}, n_l), bs[l]: (n_{l+1}, 1), x: (n_0, 1), y: (n_L, 1).
    f and df are element-wise callables: the activation and its derivative.

    Return (dWs, dbs): dWs[l] = dC/dWs[l] shaped like Ws[l], dbs[l] = dC/dbs[l] shaped like bs[l].
    """
    dWs = [np.zeros_like(W) for W in Ws]
    dbs = [np.zeros_like(b) for b in bs]
    return dWs, dbs
