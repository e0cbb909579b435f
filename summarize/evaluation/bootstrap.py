"""Percentile bootstrap confidence intervals over themes (Efron & Tibshirani, 1993).

The unit resampled is the theme: a macro average over themes varies with which
themes happen to be in the drops, and that is the uncertainty worth showing. The
same seeded resamples serve every system and metric (a paired bootstrap), so
intervals are comparable and the ratio of two systems is resampled jointly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

DEFAULT_SAMPLES = 1000
DEFAULT_CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class Interval:
    """An observed statistic with its bootstrap interval; NaN when undefined."""

    mean: float
    low: float
    high: float

    def as_dict(self, digits: int = 6) -> dict[str, float | None]:
        """``{"mean", "low", "high"}`` rounded; NaN becomes None (JSON null)."""
        return {k: (None if math.isnan(v) else round(v, digits)) for k, v in self._items()}

    def _items(self) -> tuple[tuple[str, float], ...]:
        return (("mean", self.mean), ("low", self.low), ("high", self.high))


class Bootstrap:
    """Seeded resamples of ``n`` items, shared by every statistic computed from them.

    Args:
        n: Number of items (themes) resampled with replacement.
        samples: Number of bootstrap resamples.
        confidence: Two-sided coverage of the interval, in (0, 1).
        seed: Seed of the numpy generator; the same seed gives the same intervals.
    Raises:
        ValueError: when ``n`` or ``samples`` is below 1 or ``confidence`` is outside (0, 1).
    """

    def __init__(
        self, n: int, samples: int = DEFAULT_SAMPLES, confidence: float = DEFAULT_CONFIDENCE, seed: int = 13
    ) -> None:
        import numpy as np

        if n < 1:
            raise ValueError(f"Invalid number of items to resample: {n} (need at least one scored theme)")
        if samples < 1:
            raise ValueError(f"Invalid number of bootstrap samples: {samples} (must be at least 1)")
        if not 0.0 < confidence < 1.0:
            raise ValueError(f"Invalid confidence: {confidence} (must be between 0 and 1)")
        self.n = n
        self.samples = samples
        self.confidence = confidence
        self.seed = seed
        self._np = np
        self._draws = np.random.default_rng(seed).integers(0, n, size=(samples, n))

    def _check(self, values: Sequence[float]) -> Any:
        array = self._np.asarray(values, dtype=float)
        if array.shape != (self.n,):
            raise ValueError(f"Invalid number of values: {len(values)} (expected {self.n})")
        return array

    def _interval(self, observed: float, resampled: Any) -> Interval:
        np = self._np
        resampled = resampled[np.isfinite(resampled)]
        if math.isnan(observed) or resampled.size == 0:
            return Interval(math.nan, math.nan, math.nan)
        tail = (1.0 - self.confidence) / 2 * 100
        low, high = np.percentile(resampled, [tail, 100 - tail])
        return Interval(float(observed), float(low), float(high))

    def mean(self, values: Sequence[float]) -> Interval:
        """The mean of ``values`` with its percentile interval.

        Args:
            values: One value per item, in a fixed item order.
        Returns:
            The observed mean and the interval of the resampled means.
        Raises:
            ValueError: when there are not exactly ``n`` values.
        """
        array = self._check(values)
        return self._interval(float(array.mean()), array[self._draws].mean(axis=1))

    def ratio(self, numerator: Sequence[float], denominator: Sequence[float]) -> Interval:
        """mean(numerator) / mean(denominator), resampled jointly (paired).

        Resamples whose denominator mean is 0 are left out; when the observed
        denominator mean is 0 the ratio is undefined (NaN).

        Args:
            numerator: One value per item (e.g. the system's per-theme ROUGE-2).
            denominator: One value per item, same order (e.g. the oracle's).
        Returns:
            The observed ratio and its percentile interval.
        Raises:
            ValueError: when either has not exactly ``n`` values.
        """
        np = self._np
        num, den = self._check(numerator), self._check(denominator)
        observed = float(num.mean() / den.mean()) if den.mean() > 0 else math.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            resampled = num[self._draws].mean(axis=1) / den[self._draws].mean(axis=1)
        return self._interval(observed, resampled)
