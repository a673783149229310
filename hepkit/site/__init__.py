"""Stage 3, render: which pages exist and what each is made from (`pages`), Markdown bodies
(`markdown_text`), the Jinja environment of each language (`environment`), what a clinic's theme
may not do (`walls`) and rendering each page to bytes (`render`)."""
