"""Turning content into text: templates, the Markdown dialect, typography, figures and calendars."""
