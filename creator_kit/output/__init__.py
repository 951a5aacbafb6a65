"""Output: a plan rendered to its files: MP4, caption sidecars, post caption, manifest.

render.py writes them, captions.py makes the SRT/WebVTT sidecars; the manifest's model, writer and reader are
documents/manifest.py.

May import: every earlier stage (plumbing, text, inputs, resources, documents, planning, paint, encode, guidelines).
"""
