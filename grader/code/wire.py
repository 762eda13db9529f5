"""Plain-data messages between the grader and the process that runs learner code.

Nothing is pickled: a message is a JSON header describing the value (numbers, strings, lists,
registry functions) plus the raw bytes of its arrays. Decoding builds only float64/int64/bool
arrays, Python numbers, strings, lists and ``Fn`` values, so no learner object can cross over
and no code runs while a message is read.
"""

from __future__ import annotations

import json
import socket
import struct
import time
from typing import Any

import numpy as np

from exercises.callables import Fn

MAX_MESSAGE = 256 * 1024 * 1024
DTYPES = {"f8": np.float64, "i8": np.int64, "b1": np.bool_}


class WireError(Exception):
    """A value that cannot be sent, or a message that is not well formed."""


def _encode(value: Any, buffers: list[bytes], offset: list[int]) -> Any:
    if isinstance(value, Fn):
        return {
            "t": "fn",
            "name": value.name,
            "params": {k: _encode(v, buffers, offset) for k, v in value.params.items()},
        }
    if isinstance(value, np.ndarray):
        kind = {"f": "f8", "i": "i8", "u": "i8", "b": "b1"}.get(value.dtype.kind)
        if kind is None:
            raise WireError(f"an array of {value.dtype} cannot be sent")
        data = np.ascontiguousarray(value, dtype=DTYPES[kind]).tobytes()
        node = {"t": "a", "d": kind, "s": list(value.shape), "o": offset[0], "n": len(data)}
        buffers.append(data)
        offset[0] += len(data)
        return node
    if isinstance(value, (bool, np.bool_)):
        return {"t": "b", "v": bool(value)}
    if isinstance(value, (int, np.integer)):
        return {"t": "i", "v": int(value)}
    if isinstance(value, (float, np.floating)):
        return {"t": "f", "v": float(value)}
    if isinstance(value, str):
        return {"t": "s", "v": value}
    if value is None:
        return {"t": "n"}
    if isinstance(value, (list, tuple)):
        return {
            "t": "l" if isinstance(value, list) else "u",
            "v": [_encode(v, buffers, offset) for v in value],
        }
    if isinstance(value, dict):
        return {"t": "d", "v": {str(k): _encode(v, buffers, offset) for k, v in value.items()}}
    raise WireError(f"a value of type {type(value).__name__} cannot be sent")


def encode(value: Any) -> bytes:
    buffers: list[bytes] = []
    header = json.dumps(_encode(value, buffers, [0])).encode()
    return struct.pack("!II", len(header), sum(map(len, buffers))) + header + b"".join(buffers)


def _decode(node: Any, blob: memoryview) -> Any:
    kind = node["t"]
    if kind == "a":
        dtype = DTYPES[node["d"]]
        shape = tuple(int(s) for s in node["s"])
        start, size = int(node["o"]), int(node["n"])
        if start < 0 or start + size > len(blob):
            raise WireError("array data out of range")
        return np.frombuffer(blob[start : start + size], dtype=dtype).reshape(shape)
    if kind in ("f", "i", "b", "s"):
        return node["v"]
    if kind == "n":
        return None
    if kind in ("l", "u"):
        items = [_decode(v, blob) for v in node["v"]]
        return items if kind == "l" else tuple(items)
    if kind == "d":
        return {k: _decode(v, blob) for k, v in node["v"].items()}
    if kind == "fn":
        return Fn(str(node["name"]), {k: _decode(v, blob) for k, v in node["params"].items()})
    raise WireError(f"unknown node {kind!r}")


def decode(data: bytes) -> Any:
    if len(data) < 8:
        raise WireError("message too short")
    head, body = struct.unpack("!II", data[:8])
    if 8 + head + body != len(data):
        raise WireError("message length does not add up")
    try:
        header = json.loads(data[8 : 8 + head])
        # One writable copy of all the arrays' bytes, which they then share as views.
        return _decode(header, memoryview(bytearray(data[8 + head :])))
    except (ValueError, KeyError, TypeError) as error:
        raise WireError(f"malformed message: {error}") from error


def send(sock: socket.socket, value: Any) -> None:
    payload = encode(value)
    sock.sendall(struct.pack("!Q", len(payload)) + payload)


def recv_exact(sock: socket.socket, size: int, deadline: float | None = None) -> bytes:
    """Exactly ``size`` bytes (none when it is 0 or less); EOFError when the other side closes."""
    chunks, got = [], 0
    while got < size:
        if deadline is not None:  # one limit for the whole message, however it trickles in
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the message did not arrive in time")
            sock.settimeout(left)
        chunk = sock.recv(min(size - got, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the connection")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def receive(sock: socket.socket, *, deadline: float | None = None, limit: int = MAX_MESSAGE) -> Any:
    """One message of at most ``limit`` bytes; with a ``deadline`` (``time.monotonic()``
    value), ``socket.timeout`` once it has passed."""
    (size,) = struct.unpack("!Q", recv_exact(sock, 8, deadline))
    if size > limit:
        raise WireError(f"message of {size} bytes is over the limit")
    return decode(recv_exact(sock, size, deadline))
