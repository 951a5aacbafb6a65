"""Speech: captions timed to a recording of their own text, offline and without model weights.

The text is synthesized by espeak-ng (run as a separate program, never loaded into the process), both
recordings become MFCC features, and a banded DTW maps the synthetic one onto the real one: cue and word
boundaries known in the synthetic voice become times in the recording (align.py).

May import: the top-level plumbing.
"""
