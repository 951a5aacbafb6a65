"""Words timed to the voice that says them: with a `words` transition, a scene with a voice-over and no
`word_times` of its own has its words highlighted as the voice says them (speech/ aligns the scene's
text to its voice file). An explicit `word_times` still wins."""

from __future__ import annotations

import dataclasses

from creator_kit.inputs.footage import word_offsets
from creator_kit.inputs.script import Script
from creator_kit.speech.run import align_lines
from creator_kit.speech.transcript import Line, is_spoken


def with_voice_word_times(script: Script, transition: str) -> Script:
    """`script` with its voiced scenes' word times from their voices (unchanged without a words transition)."""
    if transition != "words":
        return script
    scenes = []
    for scene in script.scenes:
        if scene.voice is None or scene.word_times is not None or not any(map(is_spoken, scene.text.split())):
            scenes.append(scene)
            continue
        line = Line(" ".join(scene.text.split()), scene.line or 1)
        alignment = align_lines(scene.voice.file, (line,), script.language, script.path)
        cue = alignment.cues[0]
        times = tuple(word_offsets(cue.words, 0.0, scene.voice.duration))
        scenes.append(dataclasses.replace(scene, word_times=times))
    return dataclasses.replace(script, scenes=tuple(scenes))
