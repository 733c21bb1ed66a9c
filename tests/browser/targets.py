"""Measures what a finger or the keyboard meets on a page: tap targets and the focus ring."""

# Every control's tap target: the control itself or, for inputs, any of its labels (tapping
# a label works the control). Hidden controls (the honeypot, the skip link) do not count.
SMALL_TARGETS = """min => {
    const size = el => { const r = el.getBoundingClientRect(); return [r.width, r.height]; };
    const big = el => { const [w, h] = size(el); return w >= min && h >= min; };
    const shown = el => {
        const [w, h] = size(el);
        return w > 1 && h > 1 && !el.closest("[aria-hidden=true], .skip-link");
    };
    const controls = document.querySelectorAll("a[href], button, input, select, textarea");
    return [...controls]
        .filter(el => el.type !== "hidden")
        .filter(el => shown(el) || [...(el.labels || [])].some(shown))
        .filter(el => !big(el) && ![...(el.labels || [])].some(big))
        .map(el => `${el.outerHTML.slice(0, 80)} ${size(el).map(Math.round).join("×")}`);
}"""

# How the focused element shows its focus: a visually hidden radio shows it on its label.
FOCUS = """() => {
    const el = document.activeElement;
    const hidden = getComputedStyle(el).opacity === "0" || el.offsetWidth <= 1;
    const ring = hidden && el.labels && el.labels.length ? el.labels[0] : el;
    const style = getComputedStyle(ring);
    const box = ring.getBoundingClientRect();
    // The ring is drawn around the element, over its parent's background.
    let under = ring.parentElement;
    while (under && getComputedStyle(under).backgroundColor === "rgba(0, 0, 0, 0)") {
        under = under.parentElement;
    }
    const ground = under ? getComputedStyle(under).backgroundColor : "rgb(255, 255, 255)";
    const bar = document.querySelector(".send");
    const barTop = bar && !bar.contains(el) ? bar.getBoundingClientRect().top : innerHeight;
    return {
        id: el.id, name: el.name || "", tag: el.tagName.toLowerCase(),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
            && style.outlineColor !== ground,
        // WCAG 2.4.11: the focused control is not hidden under the sticky send bar (nor off
        // screen): at least 24 px of it, or all of a smaller one, stays in sight.
        inView: Math.min(box.bottom, barTop, innerHeight) - Math.max(box.top, 0)
            >= Math.min(box.height, 24) && box.height > 0,
    };
}"""


def small_targets(page, minimum=44) -> list[str]:
    return page.evaluate(SMALL_TARGETS, minimum)


def focused(page) -> dict:
    return page.evaluate(FOCUS)
