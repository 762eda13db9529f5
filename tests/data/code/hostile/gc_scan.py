# expect: wrong
import gc
import inspect

import numpy as np


def matmul_backward(A, B, G):
    # Look for any other array of the right shapes lying around in this process.
    candidates = {A.shape: [], B.shape: []}
    for obj in gc.get_objects():
        if isinstance(obj, np.ndarray) and obj.shape in candidates and obj is not A and obj is not B:
            candidates[obj.shape].append(obj)
    for frame in inspect.stack():
        for value in frame.frame.f_locals.values():
            if isinstance(value, np.ndarray) and value.shape in candidates:
                if value is not A and value is not B:
                    candidates[value.shape].append(value)
    pick = lambda shape: candidates[shape][0] if candidates[shape] else np.zeros(shape)
    return pick(A.shape), pick(B.shape)
