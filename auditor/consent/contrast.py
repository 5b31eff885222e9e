"""WCAG 2 contrast between a control's text and what is behind it, from the colours the
browser computed (getComputedStyle: "rgb(r, g, b)" or "rgba(r, g, b, a)")."""
from __future__ import annotations

import re

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)")
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

Colour = tuple[float, float, float, float]  # r, g, b in 0-255, alpha in 0-1


def parse_colour(text) -> Colour | None:
    """A CSS colour as the browser serialises it (or #rgb/#rrggbb); None for any other form
    (oklch(), color(), a keyword): unknown, never guessed."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if text == "transparent":
        return (0.0, 0.0, 0.0, 0.0)
    match = _HEX.fullmatch(text)
    if match:
        digits = match[1] if len(match[1]) == 6 else "".join(c * 2 for c in match[1])
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), 1.0)
    match = _RGB.fullmatch(text)
    if not match:
        return None
    alpha = 1.0 if match[4] is None else float(match[4]) / (100 if match[5] else 1)
    return (float(match[1]), float(match[2]), float(match[3]), min(max(alpha, 0.0), 1.0))


def over(top: Colour, below: Colour) -> Colour:
    """`top` painted over an opaque `below` (source-over compositing)."""
    a = top[3]
    return (top[0] * a + below[0] * (1 - a), top[1] * a + below[1] * (1 - a),
            top[2] * a + below[2] * (1 - a), 1.0)


def luminance(colour: Colour) -> float:
    """WCAG 2 relative luminance of an opaque sRGB colour."""
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(text, background) -> float | None:
    """The WCAG 2 contrast ratio (1 to 21, two decimals) of a text colour on an opaque
    background; a translucent text colour is composited over it first. None when either
    colour is unknown or the background is not opaque."""
    fg, bg = parse_colour(text), parse_colour(background)
    if fg is None or bg is None or bg[3] < 1:
        return None
    if fg[3] < 1:
        fg = over(fg, bg)
    lighter, darker = sorted((luminance(fg), luminance(bg)), reverse=True)
    return round((lighter + 0.05) / (darker + 0.05), 2)
