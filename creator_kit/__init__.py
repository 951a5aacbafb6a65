"""creator-kit: campaign scripts to branded vertical videos with correct Arabic text."""

__version__ = "0.1.0"
