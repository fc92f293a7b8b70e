"""The Textual application: `ReviewApp` (in `review_app`) and the parts it composes."""

from reviewtui.app.review_app import ReviewApp

__all__ = ["ReviewApp"]
