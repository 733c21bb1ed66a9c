"""axe-core, from npm (node_modules), injected into the page under test."""

import re
from pathlib import Path
from urllib.parse import urlsplit

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
NOSCRIPT_TAG = re.compile(r"</?noscript\b[^>]*>", re.IGNORECASE)
RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
    .then(r => r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(" ")),
    })))"""


def _run_axe(page) -> list[dict]:
    assert AXE_PATH.exists(), f"{AXE_PATH} is missing: run `npm ci` first"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_PATH))
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def _run_axe_without_page_scripts(page) -> list[dict]:
    """axe on a page opened with JavaScript off, as that visitor sees it.

    axe needs timers, which a page without JavaScript does not run. So the page's DOM is
    shown again, at the same address and size, in a context where scripts run: the page's
    own scripts are removed and <noscript> content kept, so the DOM is the no-JS one.
    """
    html = SCRIPT.sub("", NOSCRIPT_TAG.sub("", page.content()))
    url = page.url
    browser = page.context.browser
    context = browser.new_context(
        viewport=page.viewport_size,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    try:
        own = urlsplit(url).netloc

        def serve(route):
            # The page itself is the captured DOM; stylesheets and images come from the live
            # server; scripts and other hosts are refused.
            asked = route.request.url
            if asked == url:
                route.fulfill(body=html, content_type="text/html; charset=utf-8")
            elif urlsplit(asked).netloc != own or route.request.resource_type == "script":
                route.abort()
            else:
                route.continue_()

        context.route("**/*", serve)
        copy = context.new_page()
        copy.goto(url)
        return _run_axe(copy)
    finally:
        context.close()


def axe_violations(page) -> list[dict]:
    # The phone fixture marks the pages it opened with JavaScript off.
    if getattr(page, "javascript_off", False):
        return _run_axe_without_page_scripts(page)
    return _run_axe(page)


def assert_accessible(page) -> None:
    """Fails listing every WCAG 2.2 A/AA violation axe finds on the page as it is now."""
    violations = axe_violations(page)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} → {', '.join(v['targets'])}" for v in violations
    )
    assert not violations, f"{page.url} has accessibility violations:\n{report}"
