"""The pictures: `poses` reads an illustration block (base position, joint angles, contacts) and
checks it, `body` works out where each part of the body is, `drawing` draws a frame as SVG line
art and `motion` makes the frames move. Used by validate (poses) and by the site (drawing)."""
