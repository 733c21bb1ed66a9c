// Zoom and pan for the touchpoint map, by changing the SVG's viewBox. Without this script
// the whole map shows at once and every marker is still a link.
(function () {
  "use strict";
  var svg = document.querySelector("svg[data-zoomable]");
  var tools = document.querySelector(".tp-map-tools");
  if (!svg || !tools || !svg.viewBox) return;
  var full = svg.viewBox.baseVal;
  var home = { x: full.x, y: full.y, width: full.width, height: full.height };
  var view = Object.assign({}, home);
  var shapes = svg.querySelectorAll(".tp-marker-shape");
  var MAX_ZOOM = 40;
  var STEP = 1.6;

  function show() {
    svg.setAttribute("viewBox", [view.x, view.y, view.width, view.height].join(" "));
    // Markers keep about their size on screen instead of growing with the zoom.
    var scale = Math.sqrt(view.width / home.width);
    Array.prototype.forEach.call(shapes, function (shape) {
      shape.setAttribute("transform", "scale(" + scale.toFixed(3) + ")");
    });
  }

  function zoom(factor, centreX, centreY) {
    var width = Math.min(home.width, Math.max(home.width / MAX_ZOOM, view.width / factor));
    var ratio = width / view.width;
    if (centreX === undefined) {
      centreX = view.x + view.width / 2;
      centreY = view.y + view.height / 2;
    }
    view = {
      x: centreX - (centreX - view.x) * ratio,
      y: centreY - (centreY - view.y) * ratio,
      width: width,
      height: view.height * ratio,
    };
    if (width === home.width) view = Object.assign({}, home);
    show();
  }

  function unitsPerPixel() {
    return view.width / svg.getBoundingClientRect().width;
  }

  tools.hidden = false;
  tools.addEventListener("click", function (event) {
    var action = event.target.getAttribute("data-zoom");
    if (action === "in") zoom(STEP);
    else if (action === "out") zoom(1 / STEP);
    else if (action === "reset") {
      view = Object.assign({}, home);
      show();
    }
  });

  // Ctrl + wheel (and a trackpad's pinch) zooms at the pointer; a plain wheel scrolls the page.
  svg.addEventListener("wheel", function (event) {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    var box = svg.getBoundingClientRect();
    var perPixel = unitsPerPixel();
    zoom(event.deltaY < 0 ? STEP : 1 / STEP,
      view.x + (event.clientX - box.left) * perPixel,
      view.y + (event.clientY - box.top) * perPixel);
  }, { passive: false });

  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, view: Object.assign({}, view), moved: false };
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var dx = event.clientX - drag.x;
    var dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!drag.moved) {
      drag.moved = true;
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("dragging");
    }
    var perPixel = unitsPerPixel();
    view.x = drag.view.x - dx * perPixel;
    view.y = drag.view.y - dy * perPixel;
    show();
  });
  function endDrag() {
    if (drag && drag.moved) {
      svg.classList.remove("dragging");
      // The click that ends a drag must not open the marker under the pointer.
      svg.addEventListener("click", function (event) { event.preventDefault(); },
        { capture: true, once: true });
    }
    drag = null;
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);

  // Tabbing to a marker outside the zoomed view brings it into view.
  svg.addEventListener("focusin", function (event) {
    var marker = event.target.querySelector && event.target.querySelector("use");
    if (!marker) return;
    var x = marker.x.baseVal.value;
    var y = marker.y.baseVal.value;
    if (x < view.x || x > view.x + view.width || y < view.y || y > view.y + view.height) {
      view.x = x - view.width / 2;
      view.y = y - view.height / 2;
      show();
    }
  });
})();
