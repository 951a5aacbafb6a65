"""Process lifetimes: stop signals become an exception that unwinds cleanly, children die with us."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from functools import partial
from types import FrameType

from creator_kit.errors import Interrupted

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


STOP_RETRY_SECONDS = 0.01
"""How soon a stop swallowed by an interpreter callback is raised again."""


def _ignore(signal_number: int, frame: FrameType | None) -> None:
    """A stop signal after the first, while cleanup runs: nothing to do."""


def ignore_stop_signals() -> None:
    """Stop signals from now on do nothing.

    A Python handler that does nothing, not SIG_IGN: a signal that CPython's C handler caught a moment
    before (Ctrl-C reaches a process group as SIGINT, then a parent sends SIGTERM) would otherwise be
    raised as `OSError: Signal 15 ignored due to race condition` in the middle of the cleanup."""
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, _ignore)


def _stop(installer: int, signal_number: int, frame: FrameType | None) -> None:
    """Turn a stop signal into Interrupted once; further signals are ignored while cleanup runs. In a child
    forked before it set its own handlers, leave quietly instead (SystemExit ends a child without a
    traceback)."""
    ignore_stop_signals()
    if os.getpid() != installer:
        raise SystemExit(128 + signal_number)
    raise Interrupted(signal_number)


def _raise_later(stopped: BaseException, signal_number: int, frame: FrameType | None) -> None:
    raise stopped


def _stop_again(unraisable: sys.UnraisableHookArgs) -> None:
    """A stop that landed inside a callback the interpreter runs for itself (a finalizer, the at-fork hooks
    around starting ffmpeg) is swallowed there and printed as "Exception ignored", with a traceback. Raise
    it again a moment later, once the callback has returned, and print nothing."""
    stopped = unraisable.exc_value
    is_stop = isinstance(stopped, Interrupted) or (
        isinstance(stopped, SystemExit) and isinstance(stopped.code, int) and stopped.code > 128
    )
    if stopped is None or not is_stop:
        sys.__unraisablehook__(unraisable)
        return
    signal.signal(signal.SIGALRM, partial(_raise_later, stopped))
    signal.setitimer(signal.ITIMER_REAL, STOP_RETRY_SECONDS)


def install_stop_handlers(stop: Callable[[int, object], None] | None = None) -> None:
    """SIGINT, SIGTERM and SIGHUP raise Interrupted (or call `stop`), so every `finally` removes what it
    started; a stop swallowed by an interpreter callback is raised again."""
    handler = stop or partial(_stop, os.getpid())
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, handler)
    sys.unraisablehook = _stop_again


def death_signal_setter(signal_number: int = signal.SIGKILL) -> Callable[[], None] | None:
    """A function that, run in a child process, makes Linux send it `signal_number` when its parent dies
    (even by SIGKILL); None elsewhere. Computed in the parent: safe to pass as a `preexec_fn`."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    return lambda: prctl(_PR_SET_PDEATHSIG, signal_number)
