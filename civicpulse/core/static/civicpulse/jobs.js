// Keeps the progress of unfinished jobs up to date. Without JavaScript the page's
// "Refresh" link shows the same.
(function () {
  "use strict";
  var holder = document.querySelector("[data-progress-url]");
  if (!holder || !window.fetch) return;
  var url = holder.getAttribute("data-progress-url");
  var INTERVAL_MS = 2000;

  function runningIds() {
    var boxes = document.querySelectorAll(".job-progress[data-running]");
    return Array.prototype.map.call(boxes, function (box) {
      return box.getAttribute("data-job-id");
    });
  }

  function show(job) {
    var box = document.querySelector('.job-progress[data-job-id="' + job.id + '"]');
    if (!box) return;
    var bar = box.querySelector("progress");
    if (job.total) {
      bar.max = job.total;
      bar.value = job.done;
      box.querySelector(".job-count").textContent = job.done + " / " + job.total;
    } else if (job.finished) {
      bar.max = 1;
      bar.value = job.status === "succeeded" ? 1 : 0;
    }
    box.querySelector(".job-note").textContent = job.note;
    var status = document.querySelector('[data-job-status="' + job.id + '"]');
    if (status && status.textContent !== job.status_label) {
      status.textContent = job.status_label;
      status.className = "status status-" + job.status;
    }
    if (job.finished) box.removeAttribute("data-running");
  }

  function poll() {
    var ids = runningIds();
    if (!ids.length) return;
    if (document.hidden) {
      window.setTimeout(poll, INTERVAL_MS);
      return;
    }
    var query = ids.map(function (id) { return "id=" + encodeURIComponent(id); }).join("&");
    fetch(url + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        data.jobs.forEach(show);
        window.setTimeout(poll, INTERVAL_MS);
      })
      .catch(function () {
        window.setTimeout(poll, INTERVAL_MS * 5); // the server is busy or we were logged out
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
