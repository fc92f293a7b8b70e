"""Books of business in: CSV/TSV files and the bundled sample data."""
