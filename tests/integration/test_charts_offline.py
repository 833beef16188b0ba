"""Charts are drawn with no network at all: in a network namespace of their own, where any
attempt to reach the web would fail, a chart still renders and names nothing on the web."""

from __future__ import annotations

import subprocess
import sys

import pytest

DRAW = """
from trustbridge.charts.model import ChartData
from trustbridge.charts.vega import render_svg
svg = render_svg(ChartData("mood", "bars", "", "", ({"x": "a", "y": 1},), series=("a",)))
print(len(svg))
"""


def test_a_chart_renders_where_no_network_exists() -> None:
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("cannot make a network namespace here (needs root and unshare)")
    done = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", DRAW],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) > 500
