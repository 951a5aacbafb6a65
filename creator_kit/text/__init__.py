"""The text engine: shaping, wrapping and drawing; it knows nothing of video or of documents.

Shaping (shaping.py, fonts.py), wrapping and fitting (layout.py, scaling.py), drawing (draw.py,
highlight.py), each tested on its own.

May import: the top-level plumbing (errors, paths) only.
"""
