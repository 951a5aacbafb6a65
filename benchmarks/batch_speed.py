"""What more jobs buy a campaign on this machine, measured in one run.

    .venv/bin/python benchmarks/batch_speed.py [--runs 3] [--quality standard]

Two campaigns are written to a temporary folder: "short", twelve short clips (Arabic and English, three
scenes each, two templates), and "mixed", one clip of 40 s among five short ones. Each is rendered with
`creator-kit batch --force` through the real CLI at --jobs 1, --jobs 2 and --jobs auto, taking turns,
median of --runs, and the ratios to --jobs 1 are printed, with the jobs auto chose, the batch's CPU use, and each
task's peak memory and encoder threads from the batch report. The videos of every run are decoded and
compared: the same campaign must give frame-equal files whatever the job count. Machines are noisy:
compare the ratios, which are measured side by side.

The ceiling printed with the ratios is the best any job count could do on this machine: the CPU the
fastest run's tasks used, spread over every core with nothing idle, against the --jobs 1 time. When one
job already keeps most cores busy (its encoder is threaded), the ceiling is close to 1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from creator_kit.batch.budget import available_cores  # noqa: E402
from creator_kit.paths import ffmpeg_executable  # noqa: E402

ARABIC = ("لست وحدك.", "الحديث عن مشاعرك قوة.", "تحدّث مع شخص تثق به.")
ENGLISH = ("You are not alone.", "Talking about feelings is strength.", "Reach out to someone you trust.")
TEMPLATES = ("minimal", "kulna-maak")


def _script(folder: Path, number: int, scene_seconds: float) -> Path:
    arabic = number % 2 == 0
    texts = ARABIC if arabic else ENGLISH
    scenes = "".join(
        f"  - {{text: {json.dumps(text, ensure_ascii=False)}, duration: {scene_seconds}}}\n" for text in texts
    )
    path = folder / f"clip-{number:02d}.yaml"
    path.write_text(
        f"id: clip-{number:02d}\ntitle: {json.dumps(texts[0], ensure_ascii=False)}\n"
        f"language: {'ar' if arabic else 'en'}\ntemplate: {TEMPLATES[number % 2]}\nplatform: tiktok\n"
        f"hashtags: ['#EndTheStigma']\nscenes:\n{scenes}",
        encoding="utf-8",
    )
    return path


def campaigns(work: Path) -> dict[str, Path]:
    """The two campaigns: twelve short clips; one long clip among five short ones."""
    made = {}
    for name, lengths in (("short", [1.5] * 12), ("mixed", [1.5] * 5 + [13.0])):
        folder = work / name
        folder.mkdir()
        scripts = [_script(folder, number, seconds) for number, seconds in enumerate(lengths)]
        campaign = folder / "campaign.yaml"
        campaign.write_text(
            "scripts: [" + ", ".join(path.name for path in scripts) + "]\nplatforms: [tiktok]\n", encoding="utf-8"
        )
        made[name] = campaign
    return made


def run_batch(campaign: Path, out: Path, jobs: str, quality: str) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "creator_kit", "batch", str(campaign), "-o", str(out), "--force", "--json"]
        + ["--jobs", jobs, "--quality", quality],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"batch failed ({jobs} jobs): {done.stderr.strip()[-500:]}")
    return seconds, json.loads(done.stdout)


def frames_digest(report: dict) -> str:
    """One digest over the decoded frames of every video of the report, in key order, read as a stream:
    holding whole decoded videos would grow this process by gigabytes, which the batches it starts would
    then report as their own peak memory (a child counts its parent's pages from before exec)."""
    digest = hashlib.sha256()
    for item in sorted(report["items"], key=lambda item: item["key"]):
        decoder = subprocess.Popen(
            [ffmpeg_executable(), "-v", "error", "-i", item["video"], "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"],
            stdout=subprocess.PIPE,
        )
        assert decoder.stdout is not None
        video = hashlib.sha256()
        while chunk := decoder.stdout.read(1 << 20):
            video.update(chunk)
        if decoder.wait() != 0:
            raise SystemExit(f"cannot decode {item['video']}")
        digest.update(video.digest())
    return digest.hexdigest()


def measure(campaign: Path, work: Path, runs: int, quality: str) -> dict[str, dict]:
    """Each job count --runs times, the counts taking turns (1, 2, auto, 1, 2, auto, ...), so that a load
    the machine takes on or sheds meanwhile falls on every count alike."""
    counts = ("1", "2", "auto")
    times: dict[str, list[float]] = {jobs: [] for jobs in counts}
    reports: dict[str, dict] = {}
    for run in range(runs):
        for jobs in counts:
            seconds, reports[jobs] = run_batch(
                campaign, work / f"out-{campaign.parent.name}-{jobs}-{run}", jobs, quality
            )
            times[jobs].append(seconds)
    return {
        jobs: {
            "seconds": statistics.median(times[jobs]),
            "report": reports[jobs],
            "frames": frames_digest(reports[jobs]),
        }
        for jobs in counts
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quality", default="standard", choices=("draft", "standard", "high"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        results = {name: measure(campaign, work, args.runs, args.quality) for name, campaign in campaigns(work).items()}
    cores = available_cores()
    for name, measured in results.items():
        items = len(measured["1"]["report"]["items"])
        print(f"{name}: {items} clips, --quality {args.quality}, median of {args.runs}, {cores} cores")
        for jobs, result in measured.items():
            summary, tasks = result["report"]["summary"], result["report"]["items"]
            peak = max(item["peak_memory_mib"] or 0 for item in tasks)
            threads = sorted({item["threads"] for item in tasks if item["threads"]})
            result["cpu"] = sum(item["cpu_seconds"] or 0 for item in tasks)  # one platform: one item per task
            busy = result["cpu"] / (result["seconds"] * cores)
            print(
                f"  --jobs {jobs:<4}  {result['seconds']:6.2f} s  ({summary['jobs']} jobs, encoder threads "
                f"{'/'.join(map(str, threads))}, peak {peak:.0f} MiB per job, task CPU {result['cpu']:.1f} s, "
                f"cores busy {busy:.0%})"
            )
        base = measured["1"]["seconds"]
        fastest = min(measured.values(), key=lambda result: result["seconds"])
        print(
            f"  ratios: --jobs 2 / --jobs 1 {measured['2']['seconds'] / base:5.2f}   "
            f"--jobs auto / --jobs 1 {measured['auto']['seconds'] / base:5.2f}   "
            f"ceiling {fastest['cpu'] / cores / base:5.2f} (the fastest run's CPU on every core)"
        )
        equal = len({result["frames"] for result in measured.values()}) == 1
        print(f"  outputs frame-equal across job counts: {'yes' if equal else 'NO'}")


if __name__ == "__main__":
    main()
