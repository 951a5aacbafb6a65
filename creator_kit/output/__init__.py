"""Output: a plan rendered to its files: MP4, caption sidecars, post caption, manifest.

render.py writes them, captions.py makes the SRT/WebVTT sidecars, manifest.py the manifest's model.

May import: every earlier stage (plumbing, text, inputs, resources, planning, paint, encode, guidelines).
"""
