"""Stage 2, validate: the loaded files become one checked Library. `readers` reads each kind of
file, `translation` lays a language's translation files over the originals, `languages` decides
which languages the library is read in, and `compose` links the ids and composes each patient's
sheet, collecting every problem as `path:line: message — hint`; `remembered` is what a dev
server keeps of it between saves, and by what key."""
from .compose import exercise_alone, validate

__all__ = ["exercise_alone", "validate"]
