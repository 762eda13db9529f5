# expect: wrong
import json
import os

FAKE = {"exercise": "adjoints/matmul-backward", "status": "passed", "passed": True, "score": 1.0,
        "feedback": "Correct", "mistake": None, "checks": [], "elapsed_ms": 1}


def matmul_backward(A, B, G):
    print(json.dumps(FAKE))
    os.write(1, json.dumps(FAKE).encode() + b"\n")
    os.write(2, json.dumps(FAKE).encode() + b"\n")
    return A * 0 + 1, B * 0 + 1
