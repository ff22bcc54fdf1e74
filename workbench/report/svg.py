"""Small hand-written SVG plots for the HTML report: box plots and grouped bars.

Plain SVG elements with inline attributes, no fonts or scripts to fetch, so
the report stays one self-contained file.  Every label is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

#: colour-blind-safe palette (Okabe-Ito), one colour per system
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#999999",
    "#882255",
)


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _quantile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    pos = (len(sorted_values) - 1) * q
    low = int(pos)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (pos - low)


def _nice_step(peak: float) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) whose 4 steps reach ``peak``."""
    if peak <= 0:
        return 0.25
    raw = peak / 4
    power = 10.0 ** math.floor(math.log10(raw))
    return float(next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw))


def _text(
    x: float, y: float, text: str, *, anchor: str = "start", size: int = 12, extra: str = ""
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def box_plot(
    title: str, series: Sequence[tuple[str, Sequence[float]]], *, low: float = 0, high: float = 100
) -> str:
    """Horizontal box plots, one per series: quartiles, 5th-95th percentile whiskers, mean."""
    label_w, plot_w, row_h, top = 170, 520, 30, 40
    width = label_w + plot_w + 30
    height = top + row_h * len(series) + 40
    span = (high - low) or 1.0

    def x(v: float) -> float:
        return label_w + (min(max(v, low), high) - low) / span * plot_w

    parts = [
        f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif">',
        _text(width / 2, 20, title, anchor="middle", size=14, extra=' font-weight="bold"'),
    ]
    for tick in range(6):
        v = low + span * tick / 5
        parts.append(
            f'<line x1="{x(v):.1f}" y1="{top - 5}" x2="{x(v):.1f}" '
            f'y2="{top + row_h * len(series)}" stroke="#ddd"/>'
        )
        parts.append(
            _text(x(v), top + row_h * len(series) + 16, f"{v:g}", anchor="middle", size=11)
        )
    for i, (name, values) in enumerate(series):
        ordered = sorted(values)
        cy = top + row_h * i + row_h / 2
        parts.append(_text(label_w - 8, cy + 4, name, anchor="end"))
        if not ordered:
            continue
        q1, med, q3 = (_quantile(ordered, q) for q in (0.25, 0.5, 0.75))
        p5, p95 = _quantile(ordered, 0.05), _quantile(ordered, 0.95)
        mean = sum(ordered) / len(ordered)
        c = colour(i)
        parts += [
            f'<line x1="{x(p5):.1f}" y1="{cy}" x2="{x(p95):.1f}" y2="{cy}" stroke="{c}"/>',
            f'<rect x="{x(q1):.1f}" y="{cy - 9}" width="{max(x(q3) - x(q1), 1):.1f}" height="18" '
            f'fill="{c}" fill-opacity="0.35" stroke="{c}"><title>{escape(name)}: quartiles '
            f"{q1:.1f} / {med:.1f} / {q3:.1f}, mean {mean:.1f}</title></rect>",
            f'<line x1="{x(med):.1f}" y1="{cy - 9}" x2="{x(med):.1f}" y2="{cy + 9}" '
            f'stroke="{c}" stroke-width="2"/>',
            f'<circle cx="{x(mean):.1f}" cy="{cy}" r="3" fill="#fff" stroke="{c}"/>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def grouped_bars(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    y_label: str = "",
) -> str:
    """Vertical bars: one group per category, one bar per series, with a legend."""
    left, top, plot_h, bottom = 55, 40, 220, 70
    bar_w = 12 if len(series) > 4 else 18
    group_w = bar_w * max(len(series), 1) + 16
    plot_w = max(group_w * max(len(categories), 1), 200)
    legend_w = 190
    width = left + plot_w + legend_w
    height = top + plot_h + bottom
    step = _nice_step(max((v for _, values in series for v in values if v is not None), default=0))
    peak = step * 4

    def y(v: float) -> float:
        return top + plot_h - v / peak * plot_h

    parts = [
        f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif">',
        _text(
            (left + plot_w) / 2, 20, title, anchor="middle", size=14, extra=' font-weight="bold"'
        ),
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}" stroke="#555"/>',
    ]
    for tick in range(5):
        v = step * tick
        parts.append(
            f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + plot_w}" '
            f'y2="{y(v):.1f}" stroke="#eee"/>'
        )
        parts.append(_text(left - 6, y(v) + 4, f"{v:g}", anchor="end", size=11))
    if y_label:
        parts.append(
            _text(
                14,
                top + plot_h / 2,
                y_label,
                anchor="middle",
                size=11,
                extra=f' transform="rotate(-90 14 {top + plot_h / 2:.1f})"',
            )
        )
    for ci, category in enumerate(categories):
        gx = left + ci * group_w + 8
        for si, (name, values) in enumerate(series):
            value = values[ci] if ci < len(values) else None
            if value is None:
                continue
            bx = gx + si * bar_w
            parts.append(
                f'<rect x="{bx:.1f}" y="{y(value):.1f}" width="{bar_w - 2}" '
                f'height="{max(top + plot_h - y(value), 0):.1f}" fill="{colour(si)}">'
                f"<title>{escape(name)}, {escape(category)}: {value:g}</title></rect>"
            )
        cx = gx + bar_w * len(series) / 2
        parts.append(
            _text(
                cx,
                top + plot_h + 14,
                category,
                anchor="end",
                size=11,
                extra=f' transform="rotate(-30 {cx:.1f} {top + plot_h + 14})"',
            )
        )
    for si, (name, _) in enumerate(series):
        ly = top + si * 18
        lx = left + plot_w + 15
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour(si)}"/>')
        parts.append(_text(lx + 18, ly + 10, name, size=11))
    parts.append("</svg>")
    return "\n".join(parts)
