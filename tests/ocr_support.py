"""Reading rendered frames back with tesseract and scoring the words found, in order."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageOps

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_SPELLING = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_SPLIT = re.compile(r"[\s_\-/]+")


def normalize(word: str) -> str:
    """Compare words as a reader would: no harakat or tatweel, one alef, no punctuation, any case."""
    word = unicodedata.normalize("NFKC", word)
    word = _MARKS.sub("", word).translate(_SPELLING).translate(_DIGITS).lower()
    return "".join(c for c in word if unicodedata.category(c)[0] in "LN")


def words(text: str) -> list[str]:
    return [w for w in (normalize(part) for part in _SPLIT.split(text)) if w]


def _longest_common_subsequence(expected: list[str], found: list[str]) -> int:
    previous = [0] * (len(found) + 1)
    for word in expected:
        current = [0]
        for index, other in enumerate(found):
            current.append(previous[index] + 1 if word == other else max(previous[index + 1], current[index]))
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class Score:
    expected: list[str]
    read: list[str]
    found: int

    @property
    def ratio(self) -> float:
        return self.found / len(self.expected) if self.expected else 1.0


def score(expected_text: str, read_text: str) -> Score:
    """Share of the expected words read back: words with letters must come in order, numbers be present.

    Numbers are only required to be present because bidi legitimately shows
    `18-24` in Arabic as `24-18`, and tesseract reports such runs either way.
    """
    expected, read = words(expected_text), words(read_text)
    lettered = [w for w in expected if not w.isdigit()]
    numbers = [w for w in expected if w.isdigit()]
    available = [w for w in read if w.isdigit()]
    found_numbers = 0
    for number in numbers:
        if number in available:
            available.remove(number)
            found_numbers += 1
    in_order = _longest_common_subsequence(lettered, [w for w in read if not w.isdigit()])
    return Score(expected, read, in_order + found_numbers)


def prepare_for_ocr(
    image: Image.Image, box: tuple[int, int, int, int], text_colors: tuple[tuple[int, ...], ...] = ()
) -> Image.Image:
    """Crop to the text box; dark text on white, binarized; emoji (saturated pixels) blanked.

    tesseract reads black on white best; emoji are not words and only confuse it. Pixels near one
    of `text_colors` (a highlighted word's colour) are text, however saturated.
    """
    pixels = np.asarray(image.convert("RGB").crop(box)).astype(np.int16)
    saturation = pixels.max(axis=2) - pixels.min(axis=2)
    for color in text_colors:
        saturation[np.abs(pixels - np.array(color[:3], dtype=np.int16)).max(axis=2) <= TEXT_COLOR_TOLERANCE] = 0
    # Emoji and coloured backgrounds are saturated areas; the colour fringe a video codec's subsampled
    # chroma leaves along a glyph's edge is one or two pixels wide: a median drops it, not the areas.
    saturated = (
        np.asarray(Image.fromarray(np.clip(saturation, 0, 255).astype(np.uint8)).filter(ImageFilter.MedianFilter(5)))
        > 60
    )
    gray = np.asarray(ImageOps.grayscale(image.crop(box))).astype(np.int16)
    if np.median(gray) < 128:
        gray = 255 - gray
    gray[saturated] = 255
    # Text is the darkest ink after inversion; the background is what most pixels are.
    threshold = (np.median(gray) + np.percentile(gray, 0.5)) / 2
    binary = Image.fromarray(np.where(gray < threshold, 0, 255).astype(np.uint8))
    # An opening of the ink drops hairlines (an emoji's anti-aliased rim) and keeps strokes.
    return binary.filter(ImageFilter.MaxFilter(3)).filter(ImageFilter.MinFilter(3))


TEXT_COLOR_TOLERANCE = 60
"""How far (per channel) a frame's pixel may be from a text colour: anti-aliasing and the codec's chroma."""


def text_lines(image: Image.Image, min_height: int = 12) -> list[Image.Image]:
    """Split a binarized text block into line images by the rows that hold ink.

    Rows are joined across small gaps so harakat above or below a line stay with it.
    """
    ink_rows = (np.asarray(image) == 0).any(axis=1)
    joined = (
        np.asarray(Image.fromarray((ink_rows[:, None] * 255).astype(np.uint8)).filter(ImageFilter.MaxFilter(15)))[:, 0]
        > 0
    )
    lines, start = [], None
    for row, inked in enumerate(list(joined) + [False]):
        if inked and start is None:
            start = row
        elif not inked and start is not None:
            if row - start >= min_height:
                lines.append(image.crop((0, max(0, start - 8), image.width, min(image.height, row + 8))))
            start = None
    return lines


def _tesseract(image: Image.Image, path: Path, page_mode: int, languages: str = "ara+eng") -> str:
    image.save(path)
    result = subprocess.run(
        ["tesseract", str(path), "-", "-l", languages, "--psm", str(page_mode)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def read_text(
    image: Image.Image, workdir: Path, name: str, scale: float = 1.0, by_line: bool = False, languages: str = "ara+eng"
) -> str:
    """tesseract (`languages`, ara+eng unless told) on the block as one page, or line by line."""
    if scale != 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
    path = workdir / f"{name}.png"
    if not by_line:
        return _tesseract(image, path, 6, languages)
    return "\n".join(_read_line(line, path, languages) for line in text_lines(image))


def _read_line(line: Image.Image, path: Path, languages: str) -> str:
    """One line as a single text line (page mode 7), or, when tesseract finds nothing that way, as a raw
    line (mode 13: no layout analysis), which reads some clean Arabic lines mode 7 drops whole."""
    return _tesseract(line, path, 7, languages) or _tesseract(line, path, 13, languages)


# tesseract's Arabic model is sensitive to glyph size and drops whole lines
# when its page segmentation fails; each frame is read as a page and line by
# line at several scales, and the best reading counts. A wrong rendering reads
# badly in every way, so this cannot turn broken text into a pass.
READINGS = ((1.0, False), (0.5, False), (1.0, True), (0.5, True), (0.75, False), (0.75, True), (0.4, True))


def best_reading(image: Image.Image, expected_text: str, workdir: Path, name: str) -> tuple[Score, str]:
    """The best score over READINGS, stopping at the first perfect one."""
    best: tuple[Score, str] | None = None
    for number, (scale, by_line) in enumerate(READINGS):
        text = read_text(image, workdir, f"{name}-{number}", scale, by_line)
        result = score(expected_text, text)
        if best is None or result.ratio > best[0].ratio:
            best = (result, text)
        if result.ratio == 1.0:
            break
    return best
