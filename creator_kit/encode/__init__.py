"""Encoding: the plan's pictures as the encoder's yuv420p frames (frames.py, scene_pictures.py), videos
decoded to canvas frames (decode.py), and the one ffmpeg process that writes the MP4 (ffmpeg.py).

May import: the top-level plumbing, text, inputs, resources, planning and paint.
"""
