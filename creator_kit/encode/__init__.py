"""Encoding: frames for the encoder, videos decoded, and the one ffmpeg process that writes the MP4.

frames.py and scene_pictures.py turn the plan's pictures into yuv420p frames, decode.py reads videos as
canvas frames, ffmpeg.py runs the encoder with the sound track.

May import: the top-level plumbing, text, inputs, resources, planning and paint.
"""
