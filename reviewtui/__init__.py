"""reviewtui: run live account-review meetings in the terminal."""

__version__ = "0.1.0"
