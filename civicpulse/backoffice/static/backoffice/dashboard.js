// Live dashboard: every few seconds asks whether new responses were counted and, if so,
// fetches the page again and swaps in its figures. Without JavaScript the page is the same,
// only static. The updates can be paused (WCAG 2.2.2), and are announced politely.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-url]");
  if (!root || !window.fetch || !window.DOMParser) { return; }
  var every = parseInt(root.getAttribute("data-live-every"), 10) || 5000;
  var status = document.getElementById("live-status");
  var toggle = document.getElementById("live-toggle");
  var paused = false;
  var busy = false;

  function say(text) { if (status) { status.textContent = text; } }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var next = fresh.querySelector("[data-live-url]");
    if (!next) { return; }
    var target = document.getElementById("dashboard-figures");
    var replacement = fresh.getElementById("dashboard-figures");
    if (target && replacement) {
      target.replaceWith(document.importNode(replacement, true));
    }
    root.setAttribute("data-live-mark", next.getAttribute("data-live-mark"));
    var time = new Date().toLocaleTimeString(document.documentElement.lang || undefined);
    say(root.getAttribute("data-live-updated").replace("%(time)s", time));
  }

  function poll() {
    if (paused || busy || document.hidden) { return; }
    busy = true;
    fetch(root.getAttribute("data-live-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || String(data.mark) === root.getAttribute("data-live-mark")) { return null; }
        return fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html) { swap(html); } });
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { busy = false; });
  }

  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      paused = !paused;
      toggle.setAttribute("aria-pressed", paused ? "true" : "false");
      toggle.textContent = toggle.getAttribute(paused ? "data-resume" : "data-pause");
      if (!paused) { poll(); }
    });
  }
  window.setInterval(poll, every);
})();
