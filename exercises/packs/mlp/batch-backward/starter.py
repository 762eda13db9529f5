import numpy as np


def batch_backward(Ws, bs, X, Y, f, df):
    """Backward pass of a fully connected network over a batch of N samples.

    The columns of X (n_0, N) are the samples and the columns of Y (n_L, N) their targets.
    Forward, for every sample x: a^0 = x, z^l = W^l a^(l-1) + b^l, a^l = f(z^l) at every
    layer, output included. Cost: C = (1/N) * sum over samples of 1/2 ||a^L - y||^2.

    Ws[l]: (n_{l+1}, n_l), bs[l]: (n_{l+1}, 1); f and df are element-wise callables.

    Return (dWs, dbs): dWs[l] = dC/dWs[l] shaped like Ws[l], dbs[l] = dC/dbs[l] shaped like
    bs[l], i.e. (n_{l+1}, 1).
    """
    dWs = [np.zeros_like(W) for W in Ws]
    dbs = [np.zeros_like(b) for b in bs]
    return dWs, dbs
