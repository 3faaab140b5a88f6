"""Charts as SVG drawn on the server: no script, no library, nothing fetched by the browser.

Each function returns :class:`markupsafe.Markup` ready to put in a page; every label and title
in it is escaped here, so a site's name or a section cannot inject markup. Colours come from
the page's stylesheet through class names (``series-0``, ``series-1``...), and every bar or
point carries a ``<title>`` so hovering shows its value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Series", "bar_chart", "line_chart"]

# Room for the axis labels around the plot.
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 12, 12, 34
# At most this many labels under the x axis; the others are left out (bars keep titles).
_X_LABELS = 8


@dataclass(frozen=True)
class Series:
    """One line of a :func:`line_chart`: a name for the legend and one value per x label."""

    name: str
    values: Sequence[int]


def _nice_max(value: int) -> int:
    """A round number at least ``value`` for the top of the y axis (1, 2, 5, 10, 20, 50...)."""
    top = 1
    while True:
        for step in (1, 2, 5):
            if top * step >= value:
                return top * step
        top *= 10


def _frame(width: int, height: int, label: str, top: int, x_labels: Sequence[str]) -> list[str]:
    """The opening tag, the y axis with its top and zero, and the x labels."""
    plot_h = height - _TOP - _BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<line class="axis" x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{_TOP + plot_h}"/>',
        f'<line class="axis" x1="{_LEFT}" y1="{_TOP + plot_h}" x2="{width - _RIGHT}"'
        f' y2="{_TOP + plot_h}"/>',
        f'<text class="tick" x="{_LEFT - 4}" y="{_TOP + 4}" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{_LEFT - 4}" y="{_TOP + plot_h}" text-anchor="end">0</text>',
    ]
    count = len(x_labels)
    if count:
        step = max(1, -(-count // _X_LABELS))
        slot = (width - _LEFT - _RIGHT) / count
        for index in range(0, count, step):
            x = _LEFT + slot * (index + 0.5)
            parts.append(
                f'<text class="tick" x="{x:.1f}" y="{height - _BOTTOM + 16}"'
                f' text-anchor="middle">{escape(x_labels[index])}</text>'
            )
    return parts


def bar_chart(
    points: Sequence[tuple[str, int]],
    *,
    label: str,
    unit: str = "",
    width: int = 720,
    height: int = 200,
) -> Markup:
    """Bars of ``(label, value)`` points, left to right; ``label`` names the whole chart and
    ``unit`` follows each value in its bar's title (``"12 stories"``)."""
    top = _nice_max(max((value for _, value in points), default=0))
    parts = _frame(width, height, label, top, [name for name, _ in points])
    plot_h = height - _TOP - _BOTTOM
    if points:
        slot = (width - _LEFT - _RIGHT) / len(points)
        bar = max(slot * 0.8, 1.0)
        for index, (name, value) in enumerate(points):
            h = plot_h * value / top
            x = _LEFT + slot * index + (slot - bar) / 2
            title = f"{name}: {value} {unit}".rstrip()
            parts.append(
                f'<rect class="bar series-0" x="{x:.1f}" y="{_TOP + plot_h - h:.1f}"'
                f' width="{bar:.1f}" height="{h:.1f}"><title>{escape(title)}</title></rect>'
            )
    else:
        parts.append(_empty(width, height))
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    label: str,
    width: int = 720,
    height: int = 220,
) -> Markup:
    """One line per series over the same x labels, with a point (and its title) per value and
    a legend above the plot."""
    top = _nice_max(max((v for s in series for v in s.values), default=0))
    parts = _frame(width, height, label, top, x_labels)
    plot_h = height - _TOP - _BOTTOM
    count = len(x_labels)
    if not count:
        parts.append(_empty(width, height))
    slot = (width - _LEFT - _RIGHT) / max(count, 1)
    for number, line in enumerate(series):
        css = f"series-{number}"
        points = [
            (_LEFT + slot * (index + 0.5), _TOP + plot_h - plot_h * value / top)
            for index, value in enumerate(line.values[:count])
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline class="line {css}" points="{path}"/>')
        for (x, y), name, value in zip(points, x_labels, line.values, strict=False):
            title = f"{name}: {line.name} {value}"
            parts.append(
                f'<circle class="point {css}" cx="{x:.1f}" cy="{y:.1f}" r="3">'
                f"<title>{escape(title)}</title></circle>"
            )
        # The legend: a swatch and the series' name, side by side along the top.
        lx = _LEFT + 8 + number * 110
        parts.append(
            f'<rect class="swatch {css}" x="{lx}" y="{_TOP}" width="10" height="10"/>'
            f'<text class="legend" x="{lx + 14}" y="{_TOP + 9}">{escape(line.name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _empty(width: int, height: int) -> str:
    return (
        f'<text class="empty" x="{width / 2:.0f}" y="{height / 2:.0f}"'
        f' text-anchor="middle">nothing yet</text>'
    )
