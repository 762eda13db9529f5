# expect: error
import json
import os
import stat
import struct
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__


def matmul_backward(A, B, G):
    # Write "every trial passed, there were none" on the result channel and leave.
    header = json.dumps({"t": "d", "v": {"results": {"t": "l", "v": []},
                                         "output": {"t": "s", "v": ""}}}).encode()
    body = struct.pack("!II", len(header), 0) + header
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack("!Q", len(body)) + body)
        except OSError:
            pass
    os._exit(0)
