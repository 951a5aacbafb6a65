"""Inputs: the documents and files a user brings, loaded and validated into models.

Scripts, templates, footage, scene media and captions files; every value remembered with its source
line (sourcemap.py, validation.py), every media file probed for what it really is (probe.py).

May import: the top-level plumbing, text (for what a script's text may hold, a template's style) and speech
(a plain-text `captions:` file timed to the footage's speech).
"""
