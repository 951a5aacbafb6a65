"""The text engine: shaping, wrapping and drawing. It knows nothing of video."""
