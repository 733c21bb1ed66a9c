"""A monotonic clock moved on by hand, for modules that read `monotonic` themselves."""


class Clock:
    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def hand_clock(monkeypatch, module) -> Clock:
    """Puts a Clock in place of `module.monotonic` for the test."""
    clock = Clock()
    monkeypatch.setattr(module, "monotonic", clock)
    return clock
