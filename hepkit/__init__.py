"""hepkit: printable, offline home-exercise handouts and patient sheets."""
