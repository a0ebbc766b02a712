"""The store's branding: its name and logo in the header, and its accent colour as a stylesheet.

The CSP allows no inline styles, so the accent colour reaches the page as `/theme.css`, a few
custom properties generated from STORE_ACCENT_COLOR. Text on the accent is black or white,
whichever contrasts more, and links are darkened (or, in dark mode, lightened) until they keep
WCAG AA contrast on every background they appear on.
"""

from __future__ import annotations

import hashlib
import re

from flask import Blueprint, Response, abort, current_app, g, request, url_for

bp = Blueprint("theme", __name__)

AA_TEXT = 4.5
# The backgrounds links sit on in static/css/portal.css (page, card, notice), per colour scheme.
LIGHT_BACKGROUNDS = ("#ffffff", "#f4f5f7", "#fff4d6")
DARK_BACKGROUNDS = ("#121316", "#1d1f24", "#3a2f10")
_HEX = re.compile(r"#(?:[0-9a-f]{3}){1,2}")

RGB = tuple[float, float, float]


def parse_hex(colour: str) -> RGB:
    """Return the 0-255 channels of `#rgb` or `#rrggbb`; ValueError for anything else."""
    colour = colour.strip().lower()
    if not _HEX.fullmatch(colour):
        raise ValueError(f"not a hex colour: {colour!r}")
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in rgb)


def luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance."""
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g_, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g_ + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio, from 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(fill: RGB) -> str:
    """Black or white, whichever reads better on `fill` (always at least 4.5:1)."""
    black, white = (0.0, 0.0, 0.0), (255.0, 255.0, 255.0)
    return "#000000" if contrast(fill, black) >= contrast(fill, white) else "#ffffff"


def readable_on(colour: RGB, backgrounds: tuple[str, ...], towards: RGB) -> RGB:
    """Mix `colour` towards black or white in small steps until it is AA text on every background."""
    grounds = [parse_hex(b) for b in backgrounds]
    for step in range(21):
        # Rounded first: the colour that reaches the page is the one that must pass.
        r, g_, b = (float(round(c + (t - c) * step / 20)) for c, t in zip(colour, towards, strict=True))
        if min(contrast((r, g_, b), ground) for ground in grounds) >= AA_TEXT:
            return (r, g_, b)
    return towards


def stylesheet(accent: str) -> str:
    """Return the CSS custom properties for an accent colour, light and dark."""
    fill = parse_hex(accent)
    light_link = readable_on(fill, LIGHT_BACKGROUNDS, (0.0, 0.0, 0.0))
    dark_link = readable_on(fill, DARK_BACKGROUNDS, (255.0, 255.0, 255.0))
    on_fill = text_on(fill)
    return (f":root{{--accent:{to_hex(fill)};--accent-text:{on_fill};--link:{to_hex(light_link)}}}\n"
            f"@media (prefers-color-scheme:dark){{:root{{--accent:{to_hex(fill)};"
            f"--accent-text:{on_fill};--link:{to_hex(dark_link)}}}}}\n")


def _version(accent: str) -> str:
    return hashlib.sha256(accent.encode()).hexdigest()[:10]


@bp.get("/theme.css")
def theme_css() -> Response:
    accent = current_app.config.get("STORE_ACCENT_COLOR")
    if not accent:
        abort(404)
    response = Response(stylesheet(accent), mimetype="text/css",
                        headers={"Cache-Control": "public, max-age=86400"})
    response.set_etag(_version(accent))
    response.make_conditional(request)
    return response


@bp.app_context_processor
def _brand() -> dict[str, dict[str, str]]:
    config = current_app.config
    accent = config.get("STORE_ACCENT_COLOR")
    return {"brand": {
        "name": config.get("STORE_NAME") or g.get("store_name", ""),
        "logo_url": config.get("STORE_LOGO_URL") or "",
        "stylesheet": url_for("theme.theme_css", v=_version(accent)) if accent else "",
    }}
