"""Widgets of the review TUI, one feature per module."""
