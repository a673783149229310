"""Stage 1, load: the content model and how it is read. `load` reads every file under content/
(UTF-8, inside content/, nothing skipped silently) with `yaml_lines` (safe YAML that keeps each
key's line); `fields` reads one YAML block as typed fields, `dose` is the dose grammar, and
`model` holds the plain dataclasses every later stage works on. Nothing here renders or writes."""
