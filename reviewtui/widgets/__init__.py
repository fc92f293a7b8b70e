"""Reusable widgets: timer bar, note input, note list."""
