# expect: error
import json
import os
import stat
import struct
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__


def matmul_backward(A, B, G):
    # A reply with the right number of results, as integer arrays of the right shapes: the
    # grader must refuse anything an honest run cannot send.
    blob = b"".join(bytes(8 * s[0] * s[1]) for s in (A.shape, B.shape))
    arrays = [{"t": "a", "d": "i8", "s": list(A.shape), "o": 0, "n": 8 * A.size},
              {"t": "a", "d": "i8", "s": list(B.shape), "o": 8 * A.size, "n": 8 * B.size}]
    one = {"t": "l", "v": arrays}
    header = json.dumps({"t": "d", "v": {"results": {"t": "l", "v": [one] * 64}}}).encode()
    body = struct.pack("!II", len(header), len(blob)) + header + blob
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack("!Q", len(body)) + body)
        except OSError:
            pass
    os._exit(0)
