def numerical_gradient(C, w, eps=1e-6):
    result = []
    for i in range(len(w)):
        step = [0.0] * len(w)
        step[i] = eps
        plus = C(w + step)
        minus = C(w - step)
        result.append((plus - minus) / (eps + eps))
    return result
