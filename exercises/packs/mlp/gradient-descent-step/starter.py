import numpy as np


def gradient_step(Ws, bs, x, y, f, df, eta):
    """One step of gradient descent on one sample.

    Forward: a^0 = x, z^l = W^l a^(l-1) + b^l, a^l = f(z^l) at every layer, output included.
    Cost: C = 1/2 ||a^L - y||^2.

    Ws[l]: (n_{l+1}, n_l), bs[l]: (n_{l+1}, 1), x: (n_0, 1), y: (n_L, 1);
    f and df are element-wise callables; eta is the learning rate (a float).

    Return (new_Ws, new_bs): every weight matrix and bias column after the step
    W <- W - eta dC/dW, b <- b - eta dC/db, shaped like Ws and bs.
    """
    new_Ws = [np.zeros_like(W) for W in Ws]
    new_bs = [np.zeros_like(b) for b in bs]
    return new_Ws, new_bs
