"""Live sessions: local times against known conversions, dates as each region writes them (CLDR), the
calendar file read back by two parsers, the post caption within every platform's limit, and bad input."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from conftest import EXAMPLES, TINY_TEMPLATE, run_cli
from icalendar import Calendar
from ocr_support import best_reading, prepare_for_ocr
from PIL import Image

from creator_kit.inputs.script import load_script
from creator_kit.output.calendar import calendar, write_calendar
from creator_kit.paint.events import paint_event_at
from creator_kit.paint.pictures import paint_backdrop
from creator_kit.paint.readability import make_readable
from creator_kit.planning.end_card import caption_lines
from creator_kit.planning.live import LivePlan, plan_live
from creator_kit.planning.plan import PlanOptions, prepare
from creator_kit.planning.platforms import CAPTION_LIMITS, platform_caption_length
from creator_kit.planning.post_caption import compose_platform_caption
from creator_kit.resources.directory import load_directory
from creator_kit.text.draw import text_bounds

EXAMPLE = EXAMPLES / "live-session.yaml"

SCRIPT = """id: live
title: Live
language: {language}
hashtags: ["#EndTheStigma"]
scenes:
  - text: See you live.
live:
  starts: {starts}
  duration: {duration}
  host: {host}
  topic: Talking about stress
  regions: {regions}
  audience: {audience}
"""


def _write(folder: Path, **fields: str) -> Path:
    values = {
        "language": "ar",
        "starts": "2026-12-10T20:00 Asia/Dubai",
        "duration": "PT1H",
        "host": "Dr. Sara",
        "regions": "[AE, SA, EG, LB, MA]",
        "audience": "AE",
    }
    path = folder / "live.yaml"
    path.write_text(SCRIPT.format(**{**values, **fields}), encoding="utf-8")
    return path


def _plan(folder: Path, **fields: str) -> LivePlan:
    script = load_script(_write(folder, **fields))
    assert script.live is not None
    return plan_live(script.live, script.language, load_directory())


def _clock(plan: LivePlan) -> dict[str, str]:
    return {time.region: time.starts.strftime("%H:%M%z") for time in plan.times}


# --- known conversions ------------------------------------------------------------------------------------


def test_a_dubai_evening_in_winter(tmp_path):
    clock = _clock(_plan(tmp_path))
    assert clock == {"AE": "20:00+0400", "SA": "19:00+0300", "EG": "18:00+0200", "LB": "18:00+0200", "MA": "17:00+0100"}


def test_egypt_summer_time_moves_cairo_an_hour_later(tmp_path):
    assert _clock(_plan(tmp_path, starts="2026-07-09T20:00 Asia/Dubai"))["EG"] == "19:00+0300"


@pytest.mark.parametrize(
    ("starts", "casablanca"),
    [
        ("2026-02-10T20:00 Asia/Dubai", "17:00+0100"),  # before Ramadan
        ("2026-03-05T20:00 Asia/Dubai", "16:00+0000"),  # Ramadan: Morocco goes back to UTC
        ("2026-04-02T20:00 Asia/Dubai", "17:00+0100"),  # after
    ],
)
def test_casablanca_in_and_out_of_ramadan(tmp_path, starts, casablanca):
    assert _clock(_plan(tmp_path, starts=starts))["MA"] == casablanca


def test_an_offset_gives_the_same_times_as_a_zone(tmp_path):
    by_zone = _clock(_plan(tmp_path))
    assert _clock(_plan(tmp_path, starts="'2026-12-10T16:00Z'")) == by_zone
    assert _clock(_plan(tmp_path, starts="'2026-12-10T20:00+04:00'")) == by_zone


def test_a_region_on_another_day_shows_the_weekday(tmp_path):
    plan = _plan(tmp_path, starts="2026-12-11T01:00 Asia/Dubai", language="en", regions="[AE, MA]")
    times = {time.region: time.time_text for time in plan.times}
    assert times == {"AE": "1:00\u202fAM", "MA": "Thursday 10:00\u202fPM"}


# --- dates as each region writes them ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "audience", "date", "time"),
    [
        ("ar", "EG", "الخميس، ١٠ ديسمبر ٢٠٢٦", "٨:٠٠ م"),
        ("ar", "SA", "الخميس، ١٠ ديسمبر ٢٠٢٦", "٨:٠٠ م"),
        ("ar", "LB", "الخميس، ١٠ كانون الأول ٢٠٢٦", "٨:٠٠ م"),
        ("ar", "JO", "الخميس، ١٠ كانون الأول ٢٠٢٦", "٨:٠٠ م"),
        ("ar", "MA", "الخميس، 10 دجنبر 2026", "20:00"),
        ("ar", "DZ", "الخميس، 10 ديسمبر 2026", "8:00 م"),
        ("fr", "MA", "jeudi 10 décembre 2026", "20:00"),
        ("en", "AE", "Thursday, 10 December 2026", "8:00\u202fPM"),
    ],
)
def test_month_names_and_digits_per_region(tmp_path, language, audience, date, time):
    """The date in the audience's region (here Dubai's 20:00, as written for each audience)."""
    plan = _plan(tmp_path, language=language, audience=audience, regions="[AE]")
    assert plan.date_text == date
    assert plan.times[0].time_text == time


def test_city_names_come_in_the_scripts_language(tmp_path):
    cities = [time.city for time in _plan(tmp_path).times]
    assert cities == ["دبي", "الرياض", "القاهرة", "بيروت", "الدار البيضاء"]
    assert [time.city for time in _plan(tmp_path, language="fr").times] == [
        "Dubaï",
        "Riyad",
        "Le Caire",
        "Beyrouth",
        "Casablanca",
    ]


def test_the_hijri_date_is_umm_al_qura(tmp_path):
    path = _write(tmp_path, audience="EG")
    path.write_text(path.read_text("utf-8") + "  hijri: true\n", encoding="utf-8")
    script = load_script(path)
    assert script.live is not None
    assert plan_live(script.live, "ar", load_directory()).hijri_text == "١ رجب ١٤٤٨ هـ"
    assert plan_live(script.live, "en", load_directory()).hijri_text == "1 Rajab 1448 AH"


# --- the calendar file --------------------------------------------------------------------------------------


def test_the_calendar_file_parses_back_with_icalendar_and_vobject(tmp_path):
    prepared = prepare(EXAMPLE, PlanOptions(language="ar"))
    plan = prepared.live
    assert plan is not None
    path = write_calendar(tmp_path / "live.ics", "live-session", plan, ("Line: 800",))
    starts = datetime(2030, 12, 12, 16, 0, tzinfo=timezone.utc)

    parsed = Calendar.from_ical(path.read_bytes())
    (event,) = parsed.walk("VEVENT")
    assert event.decoded("dtstart") == starts
    assert str(event.decoded("dtstart").tzinfo) == "Asia/Dubai"
    assert event.decoded("duration") == timedelta(hours=1)
    assert str(event["summary"]) == "الصحة النفسية بدون وصمة"
    assert "دبي: 8:00 م" in str(event["description"]) and "Line: 800" in str(event["description"])
    assert [str(zone["tzid"]) for zone in parsed.walk("VTIMEZONE")] == ["Asia/Dubai"]

    imported = vobject.readOne(path.read_text("utf-8"))
    assert imported.vevent.dtstart.value == starts
    assert imported.vevent.dtstart.value.utcoffset() == timedelta(hours=4)
    assert imported.vevent.summary.value == "الصحة النفسية بدون وصمة"
    assert imported.vevent.uid.value == "live-session-20301212T160000Z@creator-kit"


def test_an_offset_start_is_written_in_utc(tmp_path):
    script = load_script(_write(tmp_path, starts="'2026-12-10T20:00+04:00'"))
    assert script.live is not None
    plan = plan_live(script.live, "en", load_directory())
    ics = calendar("live", plan, (), datetime(2026, 1, 1, tzinfo=timezone.utc)).to_ical().decode()
    assert "DTSTART:20261210T160000Z" in ics and "VTIMEZONE" not in ics


# --- the post caption ---------------------------------------------------------------------------------------


ROOMY = sorted(platform for platform, limit in CAPTION_LIMITS.items() if limit >= 500)


@pytest.mark.parametrize("platform", ROOMY)
def test_the_post_caption_keeps_every_announcement_line_within_the_limit(platform):
    prepared = prepare(EXAMPLE, PlanOptions(language="ar"))
    assert prepared.live is not None
    lines = prepared.live.caption_lines()
    body = " ".join([prepared.script.post_caption] * 200)
    caption = compose_platform_caption(
        body, prepared.script.hashtags, caption_lines(prepared.resources, "ar"), platform, lines
    )
    assert platform_caption_length(caption.strip(), platform) <= CAPTION_LIMITS[platform]
    assert caption.count("\u2026") == 1  # the body was cut, not the announcement
    positions = [caption.index(line) for line in lines]
    assert positions == sorted(positions)  # the card's order


def test_an_announcement_that_cannot_fit_a_short_caption_is_one_line_naming_the_field(tmp_path):
    """Spotlight allows 160 characters: five regions' times, the resources and the hashtags do not fit."""
    script = tmp_path / "live.yaml"
    script.write_text(EXAMPLE.read_text("utf-8").replace("[tiktok, reels]", "[spotlight]"), encoding="utf-8")
    result = run_cli("render", script, "-o", tmp_path / "out")
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert ": post_caption: the spotlight post caption does not fit" in line and "live regions" in line


# --- bad input: one line naming the field, exit 2 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"starts": "2026-12-10T20:00 Asia/Atlantis"}, "live.starts", "unknown time zone"),
        ({"starts": "2026-12-10T20:00"}, "live.starts", "no UTC offset or time zone"),
        ({"duration": "PT0M"}, "live.duration", "longer than zero"),
        ({"duration": "0"}, "live.duration", "longer than zero"),
        ({"duration": "PT25H"}, "live.duration", "at most 24 hours"),
        ({"regions": "[AE, XX]"}, "live.regions[1]", "unknown region"),
        ({"regions": "[AE, US]"}, "live.regions[1]", "time zones of different offsets"),
        ({"host": "山田"}, "live.host", "cannot be drawn"),
    ],
)
def test_bad_live_input_is_one_line_and_exit_2(tmp_path, fields, field, words):
    path = _write(tmp_path, **fields)
    result = run_cli("render", path, "-o", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {path}:") and f": {field}: " in line and words in line, line
    assert not (tmp_path / "out").exists()
    result = run_cli("check", path)  # check adds its summary line after the error
    assert result.returncode == 2 and result.stderr.splitlines()[0] == line


# --- render, batch and review -------------------------------------------------------------------------------

TINY = (
    TINY_TEMPLATE.replace("min_size: 12", "min_size: 8").replace(
        "y: 120, width: 230, height: 200", "y: 60, width: 230, height: 360"
    )
    + "end_card: {duration: 1, qr: false}\n"
)
"""The tests' tiny template with room for the announcement card's lines."""


@pytest.mark.render
def test_a_batch_announces_one_session_in_three_languages_on_two_platforms(tmp_path):
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "template.yaml").write_text(TINY, encoding="utf-8")
    (tmp_path / "live-session.yaml").write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    campaign = tmp_path / "campaign.yaml"
    campaign.write_text(
        "scripts: [live-session.yaml]\ntemplates: [tiny/template.yaml]\nplatforms: [tiktok, reels]\n"
        "languages: [ar, en, fr]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("batch", campaign, "-o", out, "--preset", "ultrafast", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)["items"]
    assert len(items) == 6 and {item["status"] for item in items} == {"rendered"}
    uids = set()
    for item in items:
        manifest = json.loads(Path(item["manifest"]).read_text("utf-8"))
        ics = Path(manifest["files"]["ics"])
        assert ics.parent == out and ics.name == f"{item['key']}.ics"
        (event,) = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        assert event.decoded("dtstart") == datetime(2030, 12, 12, 20, 0, tzinfo=ZoneInfo("Asia/Dubai"))
        uids.add(str(event["uid"]))
        times = {time["region"]: time["starts"] for time in manifest["live"]["local_times"]}
        assert times["SA"] == "2030-12-12T19:00:00+03:00" and times["MA"] == "2030-12-12T17:00:00+01:00"
        for line in manifest["post_caption"].splitlines()[2:4]:
            assert line in Path(manifest["files"]["caption"]).read_text("utf-8")
    assert len(uids) == 1  # one event, however many files announce it

    page = tmp_path / "review.html"
    result = run_cli("review", out, "-o", page)
    assert result.returncode == 0, result.stderr
    html = page.read_text("utf-8")
    assert html.count('<table class="live-times">') == 3  # one clip per language
    assert "2030-12-12T19:00:00+03:00" in html and 'data-kind="live"' in html


# --- the card read back -------------------------------------------------------------------------------------

OCR_MARGIN = 24


def _card_block(engine: str) -> tuple[Image.Image, LivePlan]:
    """The announcement card of the Arabic example painted at full size (a still, no video), cropped to its
    text, dark on white."""
    prepared = make_readable(prepare(EXAMPLE, PlanOptions(language="ar", shaper=engine)))
    assert prepared.live is not None and prepared.engine == engine
    number = next(n for n, event in enumerate(prepared.timeline.events) if event.kind == "live")
    picture = paint_event_at(prepared, paint_backdrop(prepared.template), number).image
    left, top, right, bottom = text_bounds(prepared.layouts[number], prepared.style_at(number))
    box = (left - OCR_MARGIN, top - OCR_MARGIN, right + OCR_MARGIN, bottom + OCR_MARGIN)
    block = picture.crop(box)
    # The card's lines are smaller than a scene's text: doubled, their strokes survive prepare_for_ocr's opening.
    block = block.resize((block.width * 2, block.height * 2), Image.Resampling.LANCZOS)
    return prepare_for_ocr(block, (0, 0, block.width, block.height)), prepared.live


@pytest.mark.ocr
@pytest.mark.parametrize("engine", ["raqm", "fallback"])
def test_the_arabic_card_reads_back_in_order_with_its_times(engine, tmp_path):
    assert shutil.which("tesseract"), "tesseract is missing: run scripts/run-tests, which installs it"
    block, plan = _card_block(engine)
    words_expected = " ".join([plan.heading, plan.session.topic, plan.host_line] + [t.city for t in plan.times])
    result, read = best_reading(block, words_expected, tmp_path, engine)
    assert result.ratio >= 0.8, read
    times = " ".join(time.time_text for time in plan.times)  # 8:00 م ... with each hour's digits in order
    result, read = best_reading(block, times, tmp_path, f"{engine}-times")
    assert result.ratio >= 0.8, read


def test_preview_and_review_of_the_script_show_the_card_and_every_local_time(tmp_path):
    sheet = tmp_path / "sheet.png"
    result = run_cli("preview", EXAMPLE, "-o", sheet, "--language", "en")
    assert result.returncode == 0, result.stderr
    with Image.open(sheet) as picture:
        assert picture.width > 0
    page = tmp_path / "review.html"
    result = run_cli("review", EXAMPLE, "-o", page)
    assert result.returncode == 0, result.stderr
    html = page.read_text("utf-8")
    assert 'data-kind="live"' in html and html.count('<table class="live-times">') == 3  # ar, en, fr
    for clock, shown in (("2030-12-12T19:00:00+03:00", "الرياض"), ("2030-12-12T17:00:00+01:00", "الدار البيضاء")):
        assert clock in html and shown in html
