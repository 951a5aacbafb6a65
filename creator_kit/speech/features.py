"""MFCC features with deltas, every 10 ms, written with numpy: what DTW compares frame by frame.

Cepstra 1-12 (not c0: loudness differs between any two recordings) and their deltas, each recording
normalised to zero mean and unit variance per coefficient, so a voice's colour and a room's weigh less.
Frames are placed by time, not by sample count, so a 22.05 kHz synthesis and a 16 kHz recording give
frames of the same 10 ms. Products are np.einsum rather than BLAS `@`, whose threads contend on a busy
machine (dtw.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

HOP_SECONDS = 0.010
WINDOW_SECONDS = 0.025
MEL_BANDS = 26
CEPSTRA = 12
LOW_HZ, HIGH_HZ = 80.0, 7600.0
DELTA_SPAN = 2


@dataclass(frozen=True)
class Features:
    vectors: np.ndarray
    """(frames, 2 * CEPSTRA) float32: cepstra and deltas, normalised."""
    loudness: np.ndarray
    """(frames,) log energy in dB of each frame, for pauses."""

    @property
    def frames(self) -> int:
        return int(self.vectors.shape[0])


def _mel(hz: np.ndarray | float) -> np.ndarray:
    return 2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0)


@lru_cache(maxsize=4)
def _filterbank(rate: int, fft_size: int) -> np.ndarray:
    """Triangular mel filters (MEL_BANDS, fft_size // 2 + 1)."""
    edges_mel = np.linspace(_mel(LOW_HZ), _mel(min(HIGH_HZ, rate / 2)), MEL_BANDS + 2)
    edges = 700.0 * (10 ** (edges_mel / 2595.0) - 1.0)
    bins = np.fft.rfftfreq(fft_size, 1.0 / rate)
    bank = np.zeros((MEL_BANDS, bins.size), np.float32)
    for band in range(MEL_BANDS):
        low, middle, high = edges[band : band + 3]
        rising = (bins - low) / (middle - low)
        falling = (high - bins) / (high - middle)
        bank[band] = np.clip(np.minimum(rising, falling), 0.0, None)
    return bank


@lru_cache(maxsize=1)
def _dct() -> np.ndarray:
    """DCT-II rows 1..CEPSTRA over the mel bands (orthonormal scale)."""
    bands = np.arange(MEL_BANDS)
    rows = np.arange(1, CEPSTRA + 1)[:, None]
    dct: np.ndarray = np.sqrt(2.0 / MEL_BANDS) * np.cos(np.pi * rows * (2 * bands + 1) / (2 * MEL_BANDS))
    return dct.astype(np.float32)


def frame_count(samples: int, rate: int) -> int:
    return max(1, int(samples / rate / HOP_SECONDS))


def _deltas(values: np.ndarray) -> np.ndarray:
    padded = np.pad(values, ((DELTA_SPAN, DELTA_SPAN), (0, 0)), mode="edge")
    total = np.zeros_like(values)
    for step in range(1, DELTA_SPAN + 1):
        total += step * (
            padded[DELTA_SPAN + step : DELTA_SPAN + step + len(values)]
            - padded[DELTA_SPAN - step : DELTA_SPAN - step + len(values)]
        )
    return total / (2 * sum(step * step for step in range(1, DELTA_SPAN + 1)))


def features(samples: np.ndarray, rate: int, chunk_frames: int = 2000) -> Features:
    """The MFCC + delta vectors and loudness of `samples` (mono float) at `rate`, in chunks of frames so a
    long recording never holds all its spectra at once."""
    window = int(round(WINDOW_SECONDS * rate))
    fft_size = 1 << (window - 1).bit_length()
    count = frame_count(samples.size, rate)
    padded = np.concatenate([samples.astype(np.float32), np.zeros(window, np.float32)])
    starts = np.round(np.arange(count) * HOP_SECONDS * rate).astype(np.int64)
    taper = np.hamming(window).astype(np.float32)
    bank, dct = _filterbank(rate, fft_size), _dct()
    cepstra = np.empty((count, CEPSTRA), np.float32)
    loudness = np.empty(count, np.float32)
    offsets = np.arange(window)
    for first in range(0, count, chunk_frames):
        chunk = padded[starts[first : first + chunk_frames, None] + offsets]
        chunk = chunk - chunk.mean(axis=1, keepdims=True)
        power = np.abs(np.fft.rfft(chunk * taper, fft_size)) ** 2
        energy = np.einsum("fk,bk->fb", power, bank)
        logs = np.log(energy + 1e-10)
        cepstra[first : first + chunk_frames] = np.einsum("fb,cb->fc", logs, dct)
        loudness[first : first + chunk_frames] = 10 * np.log10(power.sum(axis=1) / fft_size + 1e-12)
    vectors = np.hstack([cepstra, _deltas(cepstra)])
    vectors -= vectors.mean(axis=0)
    vectors /= vectors.std(axis=0) + 1e-6
    return Features(vectors.astype(np.float32), loudness)
