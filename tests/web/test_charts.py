"""The SVG charts: well-formed, proportional, every label escaped."""

from __future__ import annotations

from xml.etree import ElementTree

from archive.web.charts import Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_are_proportional_and_titled() -> None:
    chart = ElementTree.fromstring(bar_chart([("a", 10), ("b", 5), ("c", 0)], label="L", unit="x"))
    bars = chart.findall(f"{SVG}rect")
    heights = [float(bar.get("height", "")) for bar in bars]
    assert heights[0] == 2 * heights[1] and heights[2] == 0
    assert [bar.findtext(f"{SVG}title") for bar in bars] == ["a: 10 x", "b: 5 x", "c: 0 x"]
    # The y axis tops at a round number at least the largest value.
    assert [t.text for t in chart.findall(f"{SVG}text") if t.get("text-anchor") == "end"] == [
        "10",
        "0",
    ]


def test_labels_cannot_inject_markup() -> None:
    hostile = '<script>alert(1)</script>"&'
    for markup in (
        bar_chart([(hostile, 1)], label=hostile),
        line_chart([hostile], [Series(hostile, [3])], label=hostile),
    ):
        chart = ElementTree.fromstring(markup)
        assert chart.find(f".//{SVG}script") is None
        assert "<script>" not in markup
        assert chart.findtext(f"{SVG}title") == hostile


def test_lines_have_a_point_per_value_and_a_legend() -> None:
    chart = ElementTree.fromstring(
        line_chart(
            ["#1", "#2", "#3"],
            [Series("new", [1, 4, 2]), Series("errors", [0, 0, 7])],
            label="crawls",
        )
    )
    assert len(chart.findall(f"{SVG}polyline")) == 2
    points = chart.findall(f"{SVG}circle")
    assert len(points) == 6
    assert points[5].findtext(f"{SVG}title") == "#3: errors 7"
    legend = [t.text for t in chart.findall(f"{SVG}text") if t.get("class") == "legend"]
    assert legend == ["new", "errors"]
    # The highest value sits at the top of the plot: the y axis runs to 10.
    ys = [float(p.get("cy", "")) for p in points]
    assert min(ys) == ys[5]


def test_empty_charts_say_so() -> None:
    assert "nothing yet" in bar_chart([], label="none")
    assert "nothing yet" in line_chart([], [], label="none")
