"""Charts drawn by Vega-Lite: what a chart shows (``ChartData``), its spec, and its SVG."""
