"""Screens of the review TUI, one module (and one .tcss) each.

A new screen (the Compare screen of issue 5) goes here as ``compare.py`` +
``compare.tcss`` and is pushed from ``ReviewApp`` or the review screen.
"""
