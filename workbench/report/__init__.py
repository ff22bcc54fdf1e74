"""Reports of a comparison (``workbench.compare.CompareResult``) as files.

JSON is the complete record for scripts; CSV one tidy table (one value per
row); Markdown for reading and pasting; HTML a self-contained page with inline
SVG plots that opens without a network.  Every writer returns text.
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.compare import CompareResult

FORMATS: tuple[str, ...] = ("json", "csv", "md", "html")


def render(result: CompareResult, fmt: str) -> str:
    """``result`` as text in ``fmt`` (one of ``FORMATS``)."""
    writers: dict[str, Callable[[CompareResult], str]]
    from workbench.report.data import to_json
    from workbench.report.html import to_html
    from workbench.report.tables import to_csv, to_markdown

    writers = {"json": to_json, "csv": to_csv, "md": to_markdown, "html": to_html}
    try:
        writer = writers[fmt]
    except KeyError:
        raise ValueError(
            f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}"
        ) from None
    return writer(result)


__all__ = ["FORMATS", "render"]
