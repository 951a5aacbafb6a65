"""When each word of a `words` scene is highlighted, in frames from the scene's start.

Without `word_times`, a word's share of the scene is its characters (spaces
excluded) over all the text's characters, spread over the scene minus a short
lead-in (the text fades in, nothing highlighted; as long as the default
transition) and a short tail (the eye rests on the end of the sentence):
0.4 s and 0.5 s, at most 10% and 15% of a short scene. The last word stays
lit through the tail, so the scene leaves as it ends. With `word_times`
(seconds from the scene's start, one per word, increasing) the words start
then; the last one stays lit to the scene's end.
"""

from __future__ import annotations

LEAD_IN_SECONDS = 0.4
TAIL_SECONDS = 0.5
_LEAD_IN_SHARE = 0.10
_TAIL_SHARE = 0.15

Window = tuple[int, int]


def _lead_and_tail(frames: int, fps: int) -> tuple[int, int]:
    return (
        min(round(LEAD_IN_SECONDS * fps), int(frames * _LEAD_IN_SHARE)),
        min(round(TAIL_SECONDS * fps), int(frames * _TAIL_SHARE)),
    )


def shared_windows(words: list[str], frames: int, fps: int) -> tuple[Window, ...]:
    """Each word's frames [first, past-last) by its share of the characters between the lead-in and
    the tail; the last word's window then runs on through the tail to the scene's end."""
    lead, tail = _lead_and_tail(frames, fps)
    reading = frames - lead - tail
    sizes = [len(word) for word in words]
    total = sum(sizes) or 1
    bounds, done = [lead], 0
    for size in sizes:
        done += size
        bounds.append(lead + round(reading * done / total))
    bounds[-1] = frames
    return tuple(zip(bounds[:-1], bounds[1:]))


def timed_windows(times: tuple[float, ...], frames: int, fps: int) -> tuple[Window, ...]:
    """Each word's frames from its given start (seconds) to the next word's start, the last to the end."""
    starts = [min(frames - 1, round(seconds * fps)) for seconds in times]
    return tuple(zip(starts, starts[1:] + [frames]))


def word_times_problem(times: tuple[float, ...], words: list[str], seconds: float) -> str | None:
    """Why `times` cannot time `words` in a scene of `seconds`, or None."""
    if len(times) != len(words):
        return (
            f"{len(times)} times for {len(words)} words: give one start per word of the text "
            "(words are separated by spaces)"
        )
    for number, (earlier, later) in enumerate(zip(times, times[1:])):
        if later <= earlier:
            return (
                f"times must increase: word {number + 2} starts at {later:g} s, "
                f"not after word {number + 1} ({earlier:g} s)"
            )
    if times[-1] >= seconds:
        return f"word {len(times)} starts at {times[-1]:g} s, after the scene ends ({seconds:g} s)"
    return None


def word_windows(words: list[str], frames: int, fps: int, times: tuple[float, ...] | None = None) -> tuple[Window, ...]:
    """The frames each word is highlighted in: from `times` when given (already checked), else by share."""
    if not words:
        return ()
    return timed_windows(times, frames, fps) if times else shared_windows(words, frames, fps)


def word_at(windows: tuple[Window, ...], frame: int) -> int | None:
    """The word highlighted `frame` frames into the scene, or None (the lead-in)."""
    return next((number for number, (first, past) in enumerate(windows) if first <= frame < past), None)
