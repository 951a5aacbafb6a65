"""Scenes -> timed events, every boundary on a frame; durations from reading speed."""

from __future__ import annotations

from dataclasses import dataclass

from creator_kit.inputs.template import EventKind

READING_CHARACTERS_PER_SECOND = 13.0
LEAD_IN_SECONDS = 1.0
MIN_AUTO_SECONDS = 2.0
MAX_AUTO_SECONDS = 7.0
VOICE_PAD_SECONDS = 0.4
"""A scene timed by its voice-over lasts the voice plus this breath."""


@dataclass(frozen=True)
class Event:
    """Something on screen from `start` to `end` seconds: a card or a scene."""

    kind: EventKind  # "intro", "live", "scene", "footage" (the clip with no text), "outro" or "resources"
    index: int  # scene index for scenes, -1 for cards
    text: str
    start_frame: int
    end_frame: int
    fps: int

    @property
    def start(self) -> float:
        return round(self.start_frame / self.fps, 3)

    @property
    def end(self) -> float:
        return round(self.end_frame / self.fps, 3)

    @property
    def frames(self) -> int:
        return self.end_frame - self.start_frame


@dataclass(frozen=True)
class Timeline:
    events: tuple[Event, ...]
    fps: int
    footage: tuple[int, int] | None = None
    """The frames the creator's clip plays in (start, end), when the video has footage."""

    @property
    def frame_count(self) -> int:
        return self.events[-1].end_frame if self.events else 0

    @property
    def duration(self) -> float:
        return round(self.frame_count / self.fps, 3)

    @property
    def scenes(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind == "scene")

    def event_at(self, frame: int) -> int:
        """Index of the event showing at `frame` (the last one past the end)."""
        for number, event in enumerate(self.events):
            if event.start_frame <= frame < event.end_frame:
                return number
        return len(self.events) - 1


def reading_duration(text: str, characters_per_second: float = READING_CHARACTERS_PER_SECOND) -> float:
    """Seconds to read `text` comfortably: a lead-in plus its characters at reading speed."""
    characters = len("".join(text.split()))
    seconds = LEAD_IN_SECONDS + characters / characters_per_second
    return min(MAX_AUTO_SECONDS, max(MIN_AUTO_SECONDS, seconds))


@dataclass(frozen=True)
class Segment:
    """What the timeline is built from: text and its wanted duration (None: from reading speed)."""

    kind: EventKind
    index: int
    text: str
    duration: float | None


def build_timeline(segments: list[Segment], fps: int) -> Timeline:
    """Lay segments end to end, each rounded to whole frames (at least one)."""
    return Timeline(tuple(_sequence(segments, fps, 0)), fps)


def _sequence(segments: list[Segment], fps: int, frame: int) -> list[Event]:
    events = []
    for segment in segments:
        seconds = segment.duration if segment.duration is not None else reading_duration(segment.text)
        frames = max(1, round(seconds * fps))
        events.append(Event(segment.kind, segment.index, segment.text, frame, frame + frames, fps))
        frame += frames
    return events


@dataclass(frozen=True)
class TimedText:
    """A scene over footage: its text between two times on the clip."""

    index: int
    text: str
    start: float
    end: float


def build_footage_timeline(
    before: list[Segment], scenes: list[TimedText], clip_seconds: float, after: list[Segment], fps: int
) -> Timeline:
    """Cards before, the clip with each scene at its time (stretches without text are `footage` events),
    cards after; every boundary on a frame."""
    events = _sequence(before, fps, 0)
    clip_start = events[-1].end_frame if events else 0
    clip_end = clip_start + max(1, round(clip_seconds * fps))
    frame = clip_start
    for scene in scenes:
        start = min(clip_end - 1, max(frame, clip_start + round(scene.start * fps)))
        end = min(clip_end, max(start + 1, clip_start + round(scene.end * fps)))
        if start > frame:
            events.append(Event("footage", -1, "", frame, start, fps))
        events.append(Event("scene", scene.index, scene.text, start, end, fps))
        frame = end
    if frame < clip_end:
        events.append(Event("footage", -1, "", frame, clip_end, fps))
    events += _sequence(after, fps, clip_end)
    return Timeline(tuple(events), fps, (clip_start, clip_end))
