# expect: wrong shape
def numerical_gradient(C, w, eps=1e-6):
    return (C(w + eps) - C(w - eps)) / (2 * eps)
