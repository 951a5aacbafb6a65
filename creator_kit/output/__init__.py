"""Output: a plan rendered to its files: MP4, SRT/WebVTT sidecars (captions.py), post caption, manifest
(render.py).

May import: every earlier stage (plumbing, text, inputs, resources, planning, paint, encode, guidelines).
"""
