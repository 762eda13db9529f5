"""The plain-data transport: what crosses, what is refused, and malformed messages."""

from __future__ import annotations

import socket
import struct
import time

import numpy as np
import pytest

from exercises.callables import Fn
from grader.code import wire


def test_arrays_numbers_lists_and_functions_round_trip():
    value = {
        "trials": [
            [
                np.arange(6.0).reshape(2, 3),
                np.array([1, 2], dtype=np.int32),
                2.5,
                3,
                True,
                None,
                "x",
                (np.eye(2)[:, :1],),
                Fn("tanh-quadratic", {"M": np.ones((2, 3))}),
            ]
        ]
    }
    back = wire.decode(wire.encode(value))
    items = back["trials"][0]
    assert items[0].dtype == np.float64 and items[0].shape == (2, 3)
    assert np.array_equal(items[0], value["trials"][0][0])
    assert items[1].dtype == np.int64 and list(items[1]) == [1, 2]
    assert items[2:7] == [2.5, 3, True, None, "x"]
    assert isinstance(items[7], tuple) and items[7][0].shape == (2, 1)
    assert items[8].name == "tanh-quadratic" and np.array_equal(
        items[8].params["M"], np.ones((2, 3))
    )


def test_decoded_arrays_are_writable_copies():
    array = wire.decode(wire.encode(np.zeros(3)))
    array[0] = 1.0
    assert array[0] == 1.0


@pytest.mark.parametrize(
    "value",
    [object(), np.array(["a"]), np.array([1 + 2j]), {1, 2}, np.array([object()], dtype=object)],
)
def test_values_that_are_not_plain_data_are_refused(value):
    with pytest.raises(wire.WireError):
        wire.encode(value)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x00\x00\x05\x00\x00\x00\x00{}",
        struct.pack("!II", 2, 0) + b"{}x",
        struct.pack("!II", 7, 0) + b'{"t":1}',
        struct.pack("!II", 9, 0) + b'{"t":"q"}',
        struct.pack("!II", 2, 0) + b"[]",
    ],
)
def test_malformed_messages_are_wire_errors(data):
    with pytest.raises(wire.WireError):
        wire.decode(data)


def test_array_pointing_outside_its_data_is_refused():
    header = b'{"t":"a","d":"f8","s":[4],"o":0,"n":32}'
    with pytest.raises(wire.WireError):
        wire.decode(struct.pack("!II", len(header), 8) + header + bytes(8))


def test_oversized_message_is_refused_before_reading_it():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(struct.pack("!Q", wire.MAX_MESSAGE + 1))
        with pytest.raises(wire.WireError):
            wire.receive(ours)


def test_a_message_trickling_past_the_deadline_times_out():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(struct.pack("!Q", 100) + b"\x00")
        with pytest.raises(socket.timeout):
            wire.receive(ours, deadline=time.monotonic() + 0.2)


def test_send_and_receive_over_a_socket():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        wire.send(theirs, {"results": [np.ones((3, 2))]})
        assert wire.receive(ours)["results"][0].shape == (3, 2)
