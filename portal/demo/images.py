"""Placeholder product images, drawn as SVG so the demo needs no image files."""

from __future__ import annotations

import html

from portal.demo.sample_catalog import CATALOG

_COLOURS = ("#2f5d62", "#a7c4bc", "#dfa67b", "#5e8b7e", "#c86b5a", "#7b6d8d",
            "#d9b44a", "#4a6fa5", "#8c5e58", "#6b8f71", "#b5838d", "#3d405b")
SIZE = 800


def placeholder_svg(number: int) -> str:
    """Return an 800x800 SVG for image `number`: a coloured tile with the product's initials."""
    colour = _COLOURS[number % len(_COLOURS)]
    title = CATALOG.get(number, (f"Item {number}",))[0]
    initials = "".join(word[0] for word in title.split()[:2]).upper()
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
            f'viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label="{html.escape(title)}">'
            f'<rect width="{SIZE}" height="{SIZE}" fill="{colour}"/>'
            f'<circle cx="400" cy="360" r="210" fill="#ffffff" fill-opacity="0.18"/>'
            f'<text x="400" y="430" font-family="system-ui, sans-serif" font-size="200" '
            f'text-anchor="middle" fill="#ffffff">{initials}</text></svg>')
