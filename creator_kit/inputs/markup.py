"""Styling tags in caption text (`<i>`, `<font color=...>`, `{\\an8}`): stripped until nothing changes, so a
nested `<<script>script>` cannot leave a tag behind once its inner one is taken out."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>|\{\\[^{}]*\}")


def strip_markup(text: str) -> str:
    """`text` without tags, to a fixed point (each pass removes at least one tag, so it ends)."""
    while True:
        stripped = _MARKUP.sub("", text)
        if stripped == text:
            return text
        text = stripped
