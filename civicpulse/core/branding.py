"""An organisation's brand colour, and the text colour that reads on it."""


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on the background (#RRGGBB); either reaches
    a contrast of at least 4.5:1 against any colour."""
    try:
        red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    except (TypeError, ValueError):
        return "#ffffff"

    def linear(channel):
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    contrast_with_white = 1.05 / (luminance + 0.05)
    contrast_with_black = (luminance + 0.05) / 0.05
    return "#ffffff" if contrast_with_white >= contrast_with_black else "#000000"
