"""What the title, outro and end cards say, as text blocks with their own sizes, and how they are fitted.

A card has a hierarchy: its title (or sentence) leads and the hashtags follow on their own lines at
a clearly smaller size; the end card leads with a heading, then the phone numbers a viewer dials.
"""

from __future__ import annotations

from creator_kit.errors import TextDoesNotFit
from creator_kit.inputs.script import Script
from creator_kit.inputs.template import CardKind, Template
from creator_kit.planning.end_card import card_blocks
from creator_kit.resources.directory import Resource
from creator_kit.text.layout import TextBlock, TextLayout, fit_blocks
from creator_kit.text.shaping import Engine

DEFAULT_OUTRO_TEXT = {
    "ar": "لست وحدك. تحدّث مع من تثق به.",
    "en": "You are not alone. Talk to someone you trust.",
    "fa": "تنها نیستی. با کسی که به او اعتماد داری حرف بزن.",
    "fr": "Tu n’es pas seul·e. Parle à quelqu’un de confiance.",
    "ur": "آپ اکیلے نہیں ہیں۔ کسی بھروسے والے سے بات کریں۔",
}

HASHTAG_SCALE = 0.55
"""A card's hashtags against its title: clearly secondary."""

HASHTAG_SPACE = 0.4
"""Room between a card's title and its hashtags, in hashtag line heights."""


def led_by(text: str, hashtags: tuple[str, ...]) -> tuple[TextBlock, ...]:
    """A title or sentence, then the hashtags smaller on their own line(s); they shrink first."""
    lead = TextBlock(text, 1.0, "title")
    if not hashtags:
        return (lead,)
    return lead, TextBlock(
        " ".join(hashtags), HASHTAG_SCALE, "hashtags", shrinks_first=True, space_before=HASHTAG_SPACE
    )


def card_texts(
    script: Script, template: Template, resources: tuple[Resource, ...]
) -> dict[CardKind, tuple[TextBlock, ...]]:
    """The blocks of each card the template shows: "intro", "outro" and (with resources) "resources"."""
    cards: dict[CardKind, tuple[TextBlock, ...]] = {}
    if template.intro.duration > 0:
        title = template.intro.text.get(script.language, script.title)
        cards["intro"] = led_by(title, script.hashtags if template.intro.hashtags else ())
    if template.outro.duration > 0:
        text = template.outro.text.get(script.language) or DEFAULT_OUTRO_TEXT.get(
            script.language, DEFAULT_OUTRO_TEXT["en"]
        )
        cards["outro"] = led_by(text, script.hashtags if template.outro.hashtags else ())
    if resources:
        cards["resources"] = card_blocks(resources, script.language)
    return cards


def blocks_text(blocks: tuple[TextBlock, ...]) -> str:
    """The card's text as captions, facts and reviews read it: block after block, a line each."""
    return "\n".join(block.text for block in blocks if block.text)


def fit_card(kind: CardKind, blocks: tuple[TextBlock, ...], template: Template, engine: Engine) -> TextLayout:
    """A card's blocks fitted in its style. The end card's blocks shrink together; a title or outro
    sentence never goes below the scenes' body size, unless it cannot fit at that size even with its
    hashtags at their smallest, or only by splitting a word: then it goes down to the style's minimum
    size (a word is split only there)."""
    style = template.style_for(kind)
    if kind in ("resources", "live"):
        return fit_blocks(blocks, style, engine)
    try:
        layout = fit_blocks(blocks, style, engine, lead_floor=template.text.size)
        if not layout.splits_words:
            return layout
    except TextDoesNotFit:
        pass
    return fit_blocks(blocks, style, engine)
