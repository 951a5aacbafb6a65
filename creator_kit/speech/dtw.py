"""Dynamic time warping in bounded memory: a coarse pass on averaged frames finds the way, a fine pass
follows it inside a band.

Rows are the reference's frames, columns the recording's. Each step goes down the diagonal, down, or
across (a pause held on one reference frame while the recording goes on). A row is computed at once with
numpy: the moves across a row are a running minimum (D[j] = min(A[j], D[j-1] + C[j]) is
S[j] + min over k <= j of (A[k] - S[k]), with S the running sum of C). Only the move taken into each cell
is kept (one byte), and only inside the band, so a minute of speech needs a few megabytes.

Products are np.einsum, not `@`: a BLAS product starts threads that, on a busy two-core machine, spin
against each other (a minute of speech took three times as long).
"""

from __future__ import annotations

import math

import numpy as np

MAX_FULL_CELLS = 4_000_000
"""Up to this many cells (about 20 s against 20 s) the fine pass is the whole matrix; past it, a coarse
pass of at most this many cells chooses the band."""
BAND_FRAMES = 60
"""How far (in 10 ms frames) the fine path may stray either side of the coarse one."""
_DIAGONAL, _DOWN, _ACROSS = 0, 1, 2


_CHUNK_ROWS = 128


def _previous(row: np.ndarray, row_start: int, start: int, stop: int) -> np.ndarray:
    """The previous row's cumulated costs at columns [start, stop) (infinite outside its window)."""
    values = np.full(stop - start, np.inf)
    low, high = max(start, row_start), min(stop, row_start + row.size)
    if low < high:
        values[low - start : high - start] = row[low - row_start : high - row_start]
    return values


def _distances(
    reference: np.ndarray, recording: np.ndarray, squares: np.ndarray, first: int, start: int, stop: int
) -> np.ndarray:
    """Euclidean distances of reference rows [first, first + _CHUNK_ROWS) to recording frames [start, stop),
    by one matrix product (|a - b|^2 = |a|^2 + |b|^2 - 2 a.b)."""
    rows = reference[first : first + _CHUNK_ROWS].astype(np.float64)
    products = np.einsum("ik,jk->ij", rows, recording[start:stop].astype(np.float64))
    squared = (rows**2).sum(axis=1)[:, None] + squares[None, start:stop] - 2 * products
    distances: np.ndarray = np.sqrt(np.maximum(squared, 0.0))
    return distances


def _warp(reference: np.ndarray, recording: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> np.ndarray:
    """The cheapest path from (0, 0) to the last cell, through row i's columns [lows[i], highs[i])."""
    moves: list[np.ndarray] = []
    previous, previous_start = np.zeros(0), 0
    squares = (recording.astype(np.float64) ** 2).sum(axis=1)
    block, block_start = np.zeros((0, 0)), 0
    for row in range(reference.shape[0]):
        start, stop = int(lows[row]), int(highs[row])
        if row % _CHUNK_ROWS == 0:
            last = min(row + _CHUNK_ROWS, reference.shape[0]) - 1
            block_start = start
            block = _distances(reference, recording, squares, row, start, int(highs[last]))
        cost = block[row % _CHUNK_ROWS, start - block_start : stop - block_start]
        if row == 0:
            reaching = np.full(stop - start + 1, np.inf)
            if start == 0:
                reaching[1] = 0.0
        else:
            reaching = _previous(previous, previous_start, start - 1, stop)
        diagonal, down = reaching[:-1], reaching[1:]
        arriving = cost + np.minimum(diagonal, down)
        running = np.cumsum(cost)
        held = arriving - running
        best = np.minimum.accumulate(held)
        move = np.where(diagonal <= down, _DIAGONAL, _DOWN).astype(np.int8)
        move[held > best] = _ACROSS
        moves.append(move)
        previous, previous_start = running + best, start
    return _back(moves, lows)


def _back(moves: list[np.ndarray], lows: np.ndarray) -> np.ndarray:
    row, column = len(moves) - 1, int(lows[-1]) + moves[-1].size - 1
    path = [(row, column)]
    while row > 0 or column > 0:
        move = moves[row][column - int(lows[row])] if row > 0 else _ACROSS
        if move == _ACROSS:
            column -= 1
        elif move == _DOWN:
            row -= 1
        else:
            row, column = row - 1, column - 1
        path.append((row, column))
    return np.array(path[::-1], np.int64)


def _averaged(vectors: np.ndarray, factor: int) -> np.ndarray:
    rows = math.ceil(vectors.shape[0] / factor)
    padded = np.concatenate([vectors, np.repeat(vectors[-1:], rows * factor - vectors.shape[0], axis=0)])
    averaged: np.ndarray = padded.reshape(rows, factor, vectors.shape[1]).mean(axis=1)
    return averaged


def warp(reference: np.ndarray, recording: np.ndarray) -> np.ndarray:
    """(steps, 2) pairs (reference frame, recording frame) of the cheapest monotone path between the two
    feature sequences, from both first frames to both last ones."""
    rows, columns = reference.shape[0], recording.shape[0]
    if rows * columns <= MAX_FULL_CELLS:
        return _warp(reference, recording, np.zeros(rows, np.int64), np.full(rows, columns, np.int64))
    factor = math.ceil(math.sqrt(rows * columns / MAX_FULL_CELLS))
    coarse_rows, coarse_columns = math.ceil(rows / factor), math.ceil(columns / factor)
    coarse = _warp(
        _averaged(reference, factor),
        _averaged(recording, factor),
        np.zeros(coarse_rows, np.int64),
        np.full(coarse_rows, coarse_columns, np.int64),
    )
    first = np.full(coarse_rows, coarse_columns, np.int64)
    last = np.zeros(coarse_rows, np.int64)
    np.minimum.at(first, coarse[:, 0], coarse[:, 1])
    np.maximum.at(last, coarse[:, 0], coarse[:, 1])
    band = max(BAND_FRAMES, 2 * factor)
    coarse_row = np.minimum(np.arange(rows) // factor, coarse_rows - 1)
    lows = np.clip(first[coarse_row] * factor - band, 0, columns)
    highs = np.clip((last[coarse_row] + 1) * factor + band, 1, columns)
    highs[-1] = columns
    lows[0] = 0
    return _warp(reference, recording, np.maximum.accumulate(lows), np.maximum.accumulate(highs))
