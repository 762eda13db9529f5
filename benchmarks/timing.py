"""Timing helpers shared by the benchmark scripts (run as ``python benchmarks/bench_*.py``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def percentiles(samples: list[float], decimals: int = 3) -> str:
    """p50 and p95 of ``samples`` (seconds), shown in milliseconds."""
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(0.95 * len(samples)))]
    return (
        f"p50 {statistics.median(samples) * 1000:7.{decimals}f} ms   "
        f"p95 {p95 * 1000:7.{decimals}f} ms"
    )


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Seconds taken by each of ``repeat`` calls of ``fn``."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out
