"""Painting: Pillow pictures of the plan: the backdrop and each event (pictures.py, events.py), the
pictures behind scenes as stills (stills.py), pixel layers for composing (layers.py), storyboard tiles
and the preview sheet (tiles.py, preview.py). No video is encoded here.

May import: the top-level plumbing, text, inputs, resources and planning.
"""
