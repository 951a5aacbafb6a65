"""The text engine: shaping (shaping.py, fonts.py), wrapping and fitting (layout.py, scaling.py), drawing
(draw.py, highlight.py). It knows nothing of video or of documents.

May import: the top-level plumbing (errors, paths) only.
"""
