"""Meeting minutes and action lists out: Markdown, JSON and CSV."""
