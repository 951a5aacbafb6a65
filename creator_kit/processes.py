"""Process lifetimes: stop signals become an exception that unwinds cleanly, children die with us."""

from __future__ import annotations

import ctypes
import signal
import sys
from collections.abc import Callable

from creator_kit.errors import Interrupted

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


def _stop(signal_number: int, frame) -> None:
    """Turn a stop signal into Interrupted once; further signals are ignored while cleanup runs."""
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, signal.SIG_IGN)
    raise Interrupted(signal_number)


def install_stop_handlers() -> None:
    """SIGINT, SIGTERM and SIGHUP raise Interrupted, so every `finally` removes what it started."""
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, _stop)


def death_signal_setter(signal_number: int = signal.SIGKILL) -> Callable[[], None] | None:
    """A function that, run in a child process, makes Linux send it `signal_number` when its parent dies
    (even by SIGKILL); None elsewhere. Computed in the parent: safe to pass as a `preexec_fn`."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    return lambda: prctl(_PR_SET_PDEATHSIG, signal_number)
