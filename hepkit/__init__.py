"""hepkit: printable, offline home-exercise handouts and patient sheets."""
__version__ = "0.4.0"
