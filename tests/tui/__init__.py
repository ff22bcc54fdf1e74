"""Pilot and snapshot tests of the review TUI."""
