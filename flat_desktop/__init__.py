"""flat station desktop: accessible workstation software for the flat smart station."""

__version__ = "0.1.0"
