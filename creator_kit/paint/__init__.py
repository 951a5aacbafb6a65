"""Painting: Pillow pictures of the plan; no video is encoded here.

The backdrop and each event (pictures.py, events.py), the pictures behind scenes as stills (stills.py),
pixel layers for composing (layers.py), storyboard tiles and the preview sheet (tiles.py, preview.py).

May import: the top-level plumbing, text, inputs, resources and planning.
"""
