# expect: error
import glob
import os

import numpy as np

for root in ("{ROOT}", os.path.dirname("{ROOT}")):
    for path in glob.glob(os.path.join(root, "**/matmul-backward/reference.py"), recursive=True):
        namespace = {}
        exec(open(path).read(), namespace)
        matmul_backward = namespace["matmul_backward"]
        break
