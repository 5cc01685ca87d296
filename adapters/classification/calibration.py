"""Temperature scaling: one number that turns decision scores into honest probabilities.

The temperature is chosen to minimise the negative log-likelihood of the true
labels on held-out (cross-validated) scores, by golden-section search on log T.
"""

from __future__ import annotations

import math

import numpy as np


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _nll(scores: np.ndarray, truth: np.ndarray, temperature: float) -> float:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(z).sum(axis=1))
    return float(np.mean(log_norm - z[np.arange(len(truth)), truth]))


def fit_temperature(
    scores: np.ndarray, truth: np.ndarray, low: float = 1e-3, high: float = 1e2
) -> float:
    a, b = math.log(low), math.log(high)
    ratio = (math.sqrt(5) - 1) / 2
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = _nll(scores, truth, math.exp(c)), _nll(scores, truth, math.exp(d))
    for _ in range(60):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = _nll(scores, truth, math.exp(c))
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = _nll(scores, truth, math.exp(d))
    return math.exp((a + b) / 2)
