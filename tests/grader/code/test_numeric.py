"""The numeric comparison every code verdict rests on: right answers within tolerance pass,
anything else (a slip beyond tolerance, NaN, inf, a wrong shape or nesting) does not."""

from __future__ import annotations

import numpy as np
import pytest

from grader.code.numeric import close

RTOL, ATOL = 1e-7, 1e-9
EXPECTED = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -4.0]])


def test_equal_and_rounding_level_differences_pass():
    assert close(EXPECTED.copy(), EXPECTED, RTOL, ATOL)
    assert close(EXPECTED * (1 + 1e-12), EXPECTED, RTOL, ATOL)
    assert close(2.0, 2.0 + 1e-12, RTOL, ATOL)


def test_tolerance_scales_with_the_largest_expected_value():
    nudged = EXPECTED.copy()
    nudged[0, 0] += 0.5 * RTOL * 4.0  # within rtol of max |expected| (4.0)
    assert close(nudged, EXPECTED, RTOL, ATOL)
    nudged[0, 0] += 4 * RTOL * 4.0
    assert not close(nudged, EXPECTED, RTOL, ATOL)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_and_inf_never_pass(bad):
    got = EXPECTED.copy()
    got[1, 2] = bad
    assert not close(got, EXPECTED, RTOL, ATOL)
    assert not close(got, EXPECTED, 1e300, 1e300)  # however loose the tolerance


def test_shape_and_nesting_must_match():
    assert not close(EXPECTED.T, EXPECTED, RTOL, ATOL)
    assert not close(EXPECTED[0], EXPECTED, RTOL, ATOL)
    assert not close([EXPECTED], EXPECTED, RTOL, ATOL)
    assert close([EXPECTED, 2.0], [EXPECTED, 2.0], RTOL, ATOL)
    assert not close([EXPECTED], [EXPECTED, 2.0], RTOL, ATOL)
    assert not close(EXPECTED, [EXPECTED], RTOL, ATOL)


def test_empty_arrays_of_the_right_shape_pass():
    assert close(np.zeros((0, 3)), np.zeros((0, 3)), RTOL, ATOL)
    assert not close(np.zeros((0, 2)), np.zeros((0, 3)), RTOL, ATOL)
