"""Make the example media of examples/ar-media.yaml and examples/footage-aligned.yaml again, offline:
`python3 examples/media/make_media.py` (aligned-talk.mp4 needs Debian's espeak-ng).

dawn.jpg: a soft abstract landscape (sky, sun, layered hills) drawn with numpy and Pillow.
waves.mp4: 2.5 s of slowly moving sea colours with a quiet tone, from ffmpeg's lavfi sources.
aligned-talk.mp4: 11 s of moving colours with the lines of aligned-talk.txt spoken by espeak-ng's Arabic voice
in its +m3 variant, lower and slower than the aligner's reference voice, with pauses between the lines.
All are made for creator-kit and dedicated to the public domain (CC0 1.0).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent
SIZE = (720, 1280)
SKY = [(0.0, (26, 42, 82)), (0.45, (112, 96, 150)), (0.62, (242, 170, 128)), (1.0, (250, 214, 160))]
HILLS = [  # horizon (fraction of the height), amplitude, wave length, colour: far to near
    (0.60, 0.030, 0.9, (150, 118, 150)),
    (0.67, 0.040, 0.6, (104, 84, 128)),
    (0.76, 0.050, 1.3, (66, 58, 100)),
    (0.86, 0.045, 0.8, (34, 34, 66)),
]


def _sky(width: int, height: int) -> np.ndarray:
    rows = np.linspace(0.0, 1.0, height)
    stops = np.array([position for position, _ in SKY])
    colours = np.array([colour for _, colour in SKY], dtype=np.float32)
    column = np.stack([np.interp(rows, stops, colours[:, k]) for k in range(3)], axis=1)
    return np.repeat(column[:, None, :], width, axis=1)


def _sun(picture: np.ndarray, centre: tuple[float, float], radius: float) -> None:
    height, width = picture.shape[:2]
    y, x = np.mgrid[0:height, 0:width]
    distance = np.hypot(x - centre[0] * width, y - centre[1] * height) / (radius * width)
    glow = np.clip(1.2 - distance, 0.0, 1.0)[..., None] ** 2
    picture[...] = picture * (1 - glow) + np.array([255, 236, 200], dtype=np.float32) * glow


def _hills(picture: np.ndarray) -> None:
    height, width = picture.shape[:2]
    x = np.linspace(0.0, 1.0, width)
    rows = np.arange(height)[:, None]
    for number, (horizon, amplitude, wave, colour) in enumerate(HILLS):
        ridge = horizon + amplitude * (np.sin(2 * np.pi * x / wave + number) + 0.4 * np.sin(7 * x + 2 * number))
        below = rows >= (ridge * height)[None, :]
        picture[below] = colour


def make_image(path: Path) -> None:
    width, height = SIZE
    picture = _sky(width, height)
    _sun(picture, (0.68, 0.52), 0.22)
    _hills(picture)
    image = Image.fromarray(picture.round().astype(np.uint8)).filter(ImageFilter.GaussianBlur(3))
    image.save(path, format="JPEG", quality=82, optimize=True)


def make_video(path: Path) -> None:
    source = "gradients=size=540x960:rate=30:duration=2.5:speed=0.08:c0=0x0b3c5d:c1=0x328cc1:c2=0x9fd3c7:nb_colors=3"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", source,
                    "-f", "lavfi", "-i", "sine=frequency=330:duration=2.5,volume=0.25,afade=t=out:st=2:d=0.5",
                    "-c:v", "libx264", "-preset", "slow", "-crf", "30", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "-b:a", "48k", "-movflags", "+faststart", str(path)], check=True)


def make_talk(path: Path, lines: list[str]) -> None:
    """The lines spoken one after another (a pause of 0.7 s between them, 0.6 s of lead) over moving colours."""
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    with tempfile.TemporaryDirectory() as folder:
        pieces = []
        for number, line in enumerate(lines):
            wav = Path(folder) / f"line{number}.wav"
            subprocess.run(["espeak-ng", "-v", "ar+m3", "-p", "40", "-s", "150", "-w", str(wav), line], check=True)
            pieces.append(wav)
        inputs = [argument for wav in pieces for argument in ("-i", str(wav))]
        chain = "".join(f"[{n}:a]adelay={600 if n == 0 else 700}|{600 if n == 0 else 700}[a{n}];" for n in range(len(pieces)))
        joined = "".join(f"[a{n}]" for n in range(len(pieces)))
        speech = Path(folder) / "speech.wav"
        subprocess.run([ffmpeg, "-v", "error", "-y", *inputs, "-filter_complex",
                        f"{chain}{joined}concat=n={len(pieces)}:v=0:a=1,apad=pad_dur=0.8[out]", "-map", "[out]",
                        "-ar", "22050", str(speech)], check=True)
        source = "gradients=size=540x960:rate=30:speed=0.02:c0=0x1d3557:c1=0x264653:c2=0x2a6f6a:nb_colors=3"
        subprocess.run([ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", source, "-i", str(speech), "-shortest",
                        "-c:v", "libx264", "-preset", "slow", "-crf", "32", "-pix_fmt", "yuv420p", "-c:a", "aac",
                        "-b:a", "48k", "-ac", "1", "-movflags", "+faststart", str(path)], check=True)


if __name__ == "__main__":
    make_image(HERE / "dawn.jpg")
    make_video(HERE / "waves.mp4")
    make_talk(HERE / "aligned-talk.mp4", (HERE / "aligned-talk.txt").read_text("utf-8").split("\n")[:-1])
