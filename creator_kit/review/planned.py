"""A clip from its plan: the tiles painted by the same code as the video's frames, checked like `render`."""

from __future__ import annotations

from datetime import date

from creator_kit.guidelines.check import check_prepared
from creator_kit.guidelines.ruleset import Guidelines
from creator_kit.output.render import post_captions
from creator_kit.paint.pictures import paint_backdrop
from creator_kit.paint.readability import make_readable
from creator_kit.paint.tiles import paint_tiles
from creator_kit.planning.end_card import name_without_phones
from creator_kit.planning.plan import Prepared
from creator_kit.planning.platforms import CAPTION_LENGTH_UNITS, CAPTION_LIMITS, platform_caption_length
from creator_kit.resources.directory import DEFAULT_STALE_AFTER, Resource
from creator_kit.review.anchor import anchor
from creator_kit.review.model import Clip, ClipItem, LiveView, PostCaption, ResourceView, Tile
from creator_kit.review.thumbnails import data_uri


def caption_view(platform: str, text: str, video: str | None = None) -> PostCaption:
    """A post caption with its length counted as `platform` counts it, against the platform's limit."""
    return PostCaption(
        platform,
        text,
        platform_caption_length(text.strip(), platform),
        CAPTION_LIMITS.get(platform, 0),
        CAPTION_LENGTH_UNITS.get(platform, "code-points"),
        video,
    )


def is_stale(verified_on: date | None, today: date) -> bool:
    """Never verified, or verified longer ago than the directory's default re-verification period."""
    return verified_on is None or (today - verified_on).days > DEFAULT_STALE_AFTER


def _resource_view(resource: Resource, language: str, today: date) -> ResourceView:
    return ResourceView(
        name_without_phones(resource.name(language), resource.phones),
        resource.source,
        resource.url,
        resource.phones,
        resource.verified_on.isoformat() if resource.verified_on else None,
        is_stale(resource.verified_on, today),
    )


def planned_clip(key: str, prepared: Prepared, platforms: tuple[str, ...], guidelines: Guidelines, today: date) -> Clip:
    """The clip `prepared` would render for `platforms`: tiles, findings, post captions and resources."""
    prepared = make_readable(prepared)
    backdrop = paint_backdrop(prepared.template)
    findings = check_prepared(prepared, platforms, guidelines, backdrop, today=today).findings
    pictures = paint_tiles(prepared, backdrop)
    tiles = tuple(
        Tile(event.kind, event.index, event.start, event.end, event.text, data_uri(picture.image))
        for event, picture in zip(prepared.timeline.events, pictures)
    )
    captions = post_captions(prepared, platforms)
    placed = anchor(tiles, findings)
    script = prepared.script
    return Clip(
        key=key,
        title=script.title,
        script=str(script.path),
        language=script.language,
        template=prepared.template.name,
        tiles=placed.tiles,
        captions=tuple(caption_view(platform, captions[platform]) for platform in platforms),
        resources=tuple(_resource_view(r, script.language, today) for r in prepared.resources),
        caption_findings=placed.captions,
        resource_findings=placed.resources,
        other_findings=placed.other,
        items=tuple(ClipItem(f"{key}.{platform}", platform) for platform in platforms),
        live=LiveView.from_json(prepared.live.to_json()) if prepared.live else None,
    )
