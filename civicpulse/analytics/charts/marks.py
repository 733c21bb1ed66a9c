"""Marker shapes as SVG path data, so shape can repeat what colour says."""

SHAPES = ("circle", "up", "down")


def marker_path(shape: str, x: float, y: float, size: float = 6) -> str:
    """A marker of about ``size`` radius centred on (x, y); triangles point up or down."""
    s = size
    if shape == "circle":
        return f"M{x - s:g} {y:g}a{s:g} {s:g} 0 1 0 {2 * s:g} 0a{s:g} {s:g} 0 1 0 {-2 * s:g} 0Z"
    half, rise = round(s * 1.1, 2), round(s * 1.9, 2)
    if shape == "up":
        return f"M{x:g} {round(y - s * 1.15, 1):g}l{half:g} {rise:g}h{-2 * half:g}Z"
    if shape == "down":
        return f"M{x:g} {round(y + s * 1.15, 1):g}l{half:g} {-rise:g}h{-2 * half:g}Z"
    raise ValueError(f"no marker shape {shape!r}")
