"""The render plan: script file -> validated models -> timing -> text laid out for every event.

Everything a render decides before it paints a pixel, shared by `render`,
`preview`, `check` and `batch`; nothing here knows about output files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from creator_kit.errors import InputError, Problem, TextDoesNotFit, UndrawableText
from creator_kit.inputs.script import Aspect, Scene, Script, load_script
from creator_kit.inputs.template import CardKind, Template, load_template
from creator_kit.planning.aspect import ASPECTS, reflowed
from creator_kit.planning.cards import blocks_text, card_texts, fit_card
from creator_kit.planning.live import LIVE_CARD_SECONDS, LivePlan, plan_live
from creator_kit.planning.readability import Readability
from creator_kit.planning.spoken import with_voice_word_times
from creator_kit.planning.timeline import (
    VOICE_PAD_SECONDS,
    Event,
    Segment,
    TimedText,
    Timeline,
    build_footage_timeline,
    build_timeline,
)
from creator_kit.planning.word_timing import Window, word_times_problem, word_windows
from creator_kit.resources.directory import Directory, Resource, load_directory, select
from creator_kit.text.layout import TextBlock, TextLayout, fit_text
from creator_kit.text.shaping import Engine, select_engine
from creator_kit.text.style import TextStyle


@dataclass(frozen=True)
class PlanOptions:
    """What picks the plan of a script: its template, language, shaping engine and resource files."""

    template: str | None = None
    language: str | None = None
    shaper: str | None = None
    resource_files: tuple[Path, ...] = ()
    aspect: Aspect | None = None
    """The video's shape, over the script's `aspect` (planning/aspect.py ASPECTS)."""


@dataclass(frozen=True)
class Prepared:
    """Everything decided before encoding: models, timing and the text laid out per event."""

    script: Script
    template: Template
    timeline: Timeline
    layouts: tuple[TextLayout, ...]
    engine: Engine
    resources: tuple[Resource, ...] = ()
    resource_files: tuple[Path, ...] = ()
    word_windows: tuple[tuple[Window, ...], ...] = ()
    """With a `words` transition: per event, the frames (from its start) each word is highlighted in."""
    styles: tuple[TextStyle, ...] = ()
    """Per event, the style its text is drawn in once made readable over the picture behind it
    (paint/readability.py); empty until then: the template's style of the event's kind."""
    readability: tuple[Readability | None, ...] = ()
    """Per event, the treatment chosen and the contrast measured on the pixels behind the text."""

    cover_event: int = 0
    """The event the cover image shows: the title card, or the scene the script's `cover` names."""
    live: LivePlan | None = None
    """The live session the clip announces: its card after the title, its caption lines and calendar file."""

    def style_at(self, index: int) -> TextStyle:
        """The style event `index` is drawn in."""
        if self.styles:
            return self.styles[index]
        return self.template.style_for(self.timeline.events[index].kind)


def _cards(cards: dict[CardKind, tuple[TextBlock, ...]], template: Template) -> tuple[list[Segment], list[Segment]]:
    """The cards before the scenes (the title, a live session's announcement) and after them (the outro,
    the resources' end card)."""
    durations: dict[CardKind, float] = {
        "intro": template.intro.duration,
        "live": LIVE_CARD_SECONDS,
        "outro": template.outro.duration,
        "resources": template.end_card.duration,
    }
    segments = {kind: Segment(kind, -1, blocks_text(blocks), durations[kind]) for kind, blocks in cards.items()}
    before = [segments[kind] for kind in ("intro", "live") if kind in segments]
    return before, [segments[kind] for kind in ("outro", "resources") if kind in segments]


def _on_clip(scene: Scene) -> TimedText:
    assert scene.start is not None and scene.end is not None  # the loader requires both over footage
    return TimedText(scene.index, scene.text, scene.start, scene.end)


def _scene_seconds(scene: Scene) -> float | None:
    """The scene's own duration, else its voice-over's plus a breath, else None (reading speed decides)."""
    if scene.duration is not None or scene.voice is None:
        return scene.duration
    return scene.voice.duration + VOICE_PAD_SECONDS


def _timeline(script: Script, template: Template, cards: dict[CardKind, tuple[TextBlock, ...]]) -> Timeline:
    """Cards and scenes end to end; over footage, the scenes at their times on the clip."""
    before, after = _cards(cards, template)
    fps = template.canvas.fps
    if script.footage is None:
        scenes = [Segment("scene", s.index, s.text, _scene_seconds(s)) for s in script.scenes]
        return build_timeline(before + scenes + after, fps)
    timed = [_on_clip(scene) for scene in script.scenes]
    return build_footage_timeline(before, timed, script.footage.duration, after, fps)


def _word_time_problems(script: Script, timeline: Timeline) -> list[Problem]:
    """A problem for each scene whose `word_times` do not fit its words and its length."""
    problems = []
    for event in timeline.scenes:
        times = script.scenes[event.index].word_times
        message = word_times_problem(times, event.text.split(), event.end - event.start) if times else None
        if message:
            line = script.document.line_of(("scenes", event.index, "word_times"))
            problems.append(Problem(str(script.path), line, f"scenes[{event.index}].word_times", message))
    return problems


def _word_windows(script: Script, template: Template, timeline: Timeline) -> tuple[tuple[Window, ...], ...]:
    """Each event's word windows with a `words` transition (none for cards); () without one."""
    if template.transition.kind != "words":
        return ()
    return tuple(
        word_windows(event.text.split(), event.frames, event.fps, script.scenes[event.index].word_times)
        if event.kind == "scene"
        else ()
        for event in timeline.events
    )


def _directory(script: Script, options: PlanOptions) -> Directory:
    """The resource directory with --resources and the script's own file applied."""
    own = script.resources.directory if script.resources else None
    return load_directory(options.resource_files + ((own,) if own else ()))


def attached_resources(script: Script, options: PlanOptions) -> tuple[tuple[Resource, ...], tuple[Path, ...]]:
    """The resources the script selects from the directory (with --resources and its own file applied),
    and the directory files they were read from."""
    if script.resources is None:
        return (), ()
    directory = _directory(script, options)
    return tuple(select(directory, script.resources)), directory.files


def cover_event(script: Script, timeline: Timeline) -> int | None:
    """The event the cover shows: the scene `cover` names, else the title card, else the first scene
    (a template without an intro); None when the named scene is not in the video."""
    events = timeline.events
    if script.cover_scene is not None:
        return next((n for n, e in enumerate(events) if e.kind == "scene" and e.index == script.cover_scene), None)
    for kind in ("intro", "scene"):
        found = next((n for n, e in enumerate(events) if e.kind == kind), None)
        if found is not None:
            return found
    return 0


def _scene_style(script: Script, template: Template, event: Event) -> TextStyle:
    """The style an event's text is fitted in: a scene with its own `language` is shaped in it."""
    style = template.style_for(event.kind)
    language = script.scenes[event.index].language if event.kind == "scene" else None
    return dataclasses.replace(style, language=language) if language else style


def _cover_problems(script: Script, cover: int | None) -> list[Problem]:
    if cover is not None or script.cover_scene is None:
        return []
    message = f"there is no scene {script.cover_scene + 1}: the script has {len(script.scenes)} scenes"
    return [Problem(str(script.path), script.document.line_of(("cover", "scene")), "cover.scene", message)]


def prepare(script_path: Path, options: PlanOptions) -> Prepared:
    """Load and validate the script and template, time the scenes and fit every text."""
    engine = select_engine(options.shaper)
    script = load_script(script_path, options.template, options.language)
    template = load_template(script.template_path)
    aspect = options.aspect or script.aspect
    if aspect is not None:
        template = reflowed(template, ASPECTS[aspect])
    template = template.with_text_options(
        language=script.language, **({"digits": script.digits} if script.digits else {})
    )
    script = with_voice_word_times(script, template.transition.kind)
    resources, resource_files = attached_resources(script, options)
    cards = card_texts(script, template, resources)
    live = plan_live(script.live, script.language, _directory(script, options)) if script.live else None
    if live is not None:
        cards["live"] = live.card_blocks()
    timeline = _timeline(script, template, cards)
    cover = cover_event(script, timeline)
    layouts, problems = [], _word_time_problems(script, timeline) + _cover_problems(script, cover)
    for event in timeline.events:
        try:
            if event.kind in cards:
                layouts.append(fit_card(event.kind, cards[event.kind], template, engine))
            else:
                layouts.append(fit_text(event.text, _scene_style(script, template, event), engine))
        except (TextDoesNotFit, UndrawableText) as error:
            if event.kind == "scene":
                scene = script.scenes[event.index]
                problems.append(Problem(str(script.path), scene.line, f"scenes[{event.index}].text", str(error)))
            elif event.kind == "live":
                line = script.document.line_of(("live",))
                problems.append(Problem(str(script.path), line, "live", f"the announcement card: {error}"))
            elif event.kind == "resources":
                problems.append(
                    Problem(
                        str(script.path),
                        script.document.line_of(("resources",)),
                        "resources",
                        f"the end card cannot hold {len(resources)} resources: {error}",
                    )
                )
            else:
                problems.append(Problem(str(template.path), None, f"{event.kind} card", str(error)))
    if problems:
        raise InputError(problems)
    return Prepared(
        script,
        template,
        timeline,
        tuple(layouts),
        engine,
        resources,
        resource_files,
        _word_windows(script, template, timeline),
        cover_event=cover or 0,
        live=live,
    )
