"""``claimtrace view``: one self-contained HTML page to read a package's texts side by side.

Claims and figures are highlighted by their offsets, a click shows the claim's proposition across
sources, and the page carries the lineage graph, the proposition table and the figures on one
axis per proposition. No network request: CSS, script, data and SVG are all inline.
"""
