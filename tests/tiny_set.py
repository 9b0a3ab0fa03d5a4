"""A two-design, two-criterion scenario file shared by the fuzz and hostile-input tests."""

TINY_YAML = """\
title: T
criteria:
  - {id: a, name: A, direction: benefit}
  - {id: b, name: B, direction: cost}
designs:
  - {id: x, name: X}
  - {id: y, name: Y}
scores:
  x: {a: 50, b: {base: 20, low: 10, high: 30}}
  y: {a: 80, b: 60}
lenses:
  - {id: balanced, weights: {a: 1, b: 1}}
"""
