"""The pictures: one body in 3D, drawn as clinical line art from any side.

Reading: `poses` reads an illustration block and checks it (`checks`, `balance`), finding the
angles a frame leaves free (`solver`). The body: `anatomy` (Winter's measures, the joints),
`skeleton` (where each part is), `contacts` (what rests on what), `props` (the things used and
where they stand), `views` (where it is seen from). Drawing: `outline`, `scenery` and `band` turn
body, props and band into shapes, `picture` lays them out in depth order, `drawing` writes the
still frames and `motion` the moving one. Used by validate (poses), the site (drawing, motion)
and the pose studio."""
