"""Where each word of a laid-out text is drawn: the spans a word highlight is kept inside.

A highlighted word is the line's own glyphs painted in another colour and kept
only inside the word's span (draw.py), never the word shaped on its own, so
Arabic letters keep the forms they join with. The span comes from the shaped
line: within each run, the advance of the run's logical text up to the word's
start and up to its end, measured with the run's font and engine. Words are
separated by spaces, across which Arabic never joins, so those prefixes shape
as they do inside the run. A right-to-left run is drawn from its right edge,
so there the prefixes are measured from the right. A word whose characters
lie in several runs (a number with a sign, a bidi-mixed token) has a piece in
each. Runs hold logical text with either engine (`drawable` makes the
fallback's visual string), so the same arithmetic serves both.
"""

from __future__ import annotations

from dataclasses import dataclass

from creator_kit.text.layout import Line, Measurer, TextLayout
from creator_kit.text.shaping import Run, logical_runs, visual_order


@dataclass(frozen=True)
class WordSpan:
    """Part of a word on one line: from `left` to `right`, measured from the line's left edge."""

    line: int
    left: float
    right: float


def _run_positions(line: Line, layout: TextLayout) -> list[list[int]]:
    """For each run of the line (drawing order), the position in `line.text` of each of its characters.

    The runs are itemized again in logical order (deterministic, so in the same runs) and each is
    found in the line's text as the subsequence it is (bidi controls are not part of any run)."""
    logical = logical_runs(line.text, layout.rtl, layout.fonts)
    positions: dict[int, list[int]] = {}
    cursor = 0
    for number, (run, _) in enumerate(logical):
        if run is None:
            continue
        found = []
        for char in run.text:
            cursor = line.text.index(char, cursor)
            found.append(cursor)
            cursor += 1
        positions[number] = found
    numbered = [((number, run) if run is not None else None, level) for number, (run, level) in enumerate(logical)]
    in_drawing_order = visual_order(numbered)
    if tuple(run for _, run in in_drawing_order) != tuple(placed.run for placed in line.runs):
        raise ValueError(f"the runs of line {line.text!r} did not itemize as laid out")
    return [positions[number] for number, _ in in_drawing_order]


def _line_spans(line: Line, number: int, layout: TextLayout) -> list[list[WordSpan]]:
    """The spans of each word of one line, in the order the words are written."""
    measurer = Measurer(layout.fonts, line.size, layout.engine)
    words, cursor = [], 0
    for token in line.text.split():
        start = line.text.index(token, cursor)
        cursor = start + len(token)
        words.append((start, cursor))
    spans: list[list[WordSpan]] = [[] for _ in words]
    for placed, positions in zip(line.runs, _run_positions(line, layout)):
        run = placed.run
        for word, (start, end) in enumerate(words):
            inside = [index for index, position in enumerate(positions) if start <= position < end]
            if not inside:
                continue
            before = measurer.run_width(Run(run.text[: inside[0]], run.font, run.rtl))
            through = measurer.run_width(Run(run.text[: inside[-1] + 1], run.font, run.rtl))
            if run.rtl:
                left, right = placed.width - through, placed.width - before
            else:
                left, right = before, through
            spans[word].append(WordSpan(number, placed.x + left, placed.x + right))
    return spans


def layout_word_spans(layout: TextLayout) -> list[list[WordSpan]]:
    """The spans of every word the lines hold, in reading order (line by line, as written)."""
    return [spans for number, line in enumerate(layout.lines) for spans in _line_spans(line, number, layout)]


def word_spans(layout: TextLayout, words: list[str]) -> list[tuple[WordSpan, ...]]:
    """The spans of each of `words` (the text's words as written, `text.split()`) in `layout`.

    A word the layout had to break over lines (only at the minimum size) is the pieces it was
    broken into, found by their lengths (digits drawn as Arabic-Indic keep the length)."""
    pieces = iter(zip((token for line in layout.lines for token in line.text.split()), layout_word_spans(layout)))
    result = []
    for word in words:
        spans: list[WordSpan] = []
        length = 0
        while length < len(word):
            token, token_spans = next(pieces, ("", []))
            if not token:
                break
            length += len(token)
            spans += token_spans
        result.append(tuple(spans))
    return result
