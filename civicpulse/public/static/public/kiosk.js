// The kiosk with JavaScript: a tap shows the next step at once, whatever the network does.
// Presses wait in localStorage, each with its own id (the idempotency key) and the time it
// was made, until the server has answered for it; the server stores each id once. Without
// this script every tap is a form post and the kiosk still works.
(function () {
  "use strict";
  var main = document.getElementById("main");
  var rate = document.getElementById("rate");
  if (!main || !rate || !window.fetch || !window.JSON) return;
  try {
    localStorage.setItem("civicpulse-kiosk-probe", "1");
  } catch (e) {
    return; // no storage: the plain form posts lose nothing either
  }
  document.documentElement.className += " js";

  var settings = main.dataset;
  var QUEUE = "civicpulse-kiosk-queue";
  var LAST_PRESS = "civicpulse-kiosk-last-press";
  var MAX_BATCH = 200;
  var HEARTBEAT_MS = 60000;
  var resetMs = Number(settings.reset) * 1000;
  var windowMs = Number(settings.window) * 1000;
  var idleMs = Number(settings.idle) * 1000;
  var steps = main.querySelectorAll(".step");
  var followUps = main.querySelectorAll(".follow-up");
  var statusLine = document.getElementById("kiosk-status");
  var current = null; // the press whose follow-up is showing
  var stepTimer = null;
  var sending = false;
  var online = navigator.onLine !== false;
  var retryMs = 0;
  var retryTimer = null;

  // A press's id is its response's key: time-ordered (UUID version 7), so new responses
  // go to the end of the database's unique index instead of a random page of it.
  function newId() {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    var ms = Date.now();
    for (var i = 5; i >= 0; i--) {
      bytes[i] = ms % 256;
      ms = Math.floor(ms / 256);
    }
    bytes[6] = (bytes[6] & 15) | 112;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  function queued() {
    try {
      var list = JSON.parse(localStorage.getItem(QUEUE) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }

  function keep(list) {
    localStorage.setItem(QUEUE, JSON.stringify(list));
    showStatus();
  }

  // A press sent again (with its follow-up) gets a new revision, so an answer for the
  // older revision that is still on its way does not drop the newer one.
  function enqueue(press) {
    var list = queued();
    var index = list.findIndex(function (p) { return p.id === press.id; });
    var entry = Object.assign({}, press, {rev: index >= 0 ? list[index].rev + 1 : 1});
    if (index >= 0) list[index] = entry;
    else list.push(entry);
    keep(list);
  }

  function showStatus() {
    var waiting = queued().length;
    var parts = [];
    if (!online) parts.push(statusLine.dataset.offline);
    if (waiting) parts.push(statusLine.dataset.waiting.replace("{n}", waiting));
    statusLine.textContent = parts.join(" · ");
    statusLine.hidden = !parts.length;
    statusLine.classList.toggle("offline", !online);
  }

  function setOnline(value) {
    online = value;
    showStatus();
  }

  function retryLater() {
    clearTimeout(retryTimer);
    retryMs = Math.min(60000, retryMs ? retryMs * 2 : 2000);
    retryTimer = setTimeout(send, retryMs + Math.random() * 1000);
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body),
    });
  }

  function unpaired(response) {
    if (response.status !== 401) return false;
    location.reload(); // the server's page says the kiosk is no longer paired
    return true;
  }

  function send() {
    var batch = queued().slice(0, MAX_BATCH);
    if (sending || !batch.length) return;
    sending = true;
    var sentRevisions = {};
    var presses = batch.map(function (p) {
      sentRevisions[p.id] = p.rev;
      return {id: p.id, pressed_at: p.pressed_at, score: p.score,
        follow_up: p.follow_up || "", language: p.language};
    });
    post(settings.api, {presses: presses}).then(function (response) {
      if (unpaired(response)) return null;
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (answer) {
      sending = false;
      if (!answer) return;
      // Stored, duplicate, ignored or refused: the server has decided, forget the press.
      var decided = {};
      answer.results.forEach(function (result) {
        if (result.id && sentRevisions[result.id] !== undefined) {
          decided[result.id] = sentRevisions[result.id];
        }
      });
      keep(queued().filter(function (p) { return decided[p.id] !== p.rev; }));
      retryMs = 0;
      setOnline(true);
      if (queued().length) send();
    }).catch(function () {
      sending = false;
      setOnline(false);
      retryLater();
    });
  }

  function heartbeat() {
    post(settings.heartbeat, {}).then(function (response) {
      if (unpaired(response)) return null;
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (answer) {
      if (!answer) return;
      setOnline(true);
      send();
      // Staff changed the kiosk: take the new screen while no one is answering.
      if (answer.config !== settings.config && !rate.hidden) location.reload();
    }).catch(function () { setOnline(false); });
  }

  function show(step) {
    clearTimeout(stepTimer);
    steps.forEach(function (s) { s.hidden = s !== step; });
    var heading = step.querySelector("h1");
    if (heading) heading.focus();
  }

  function startAgain() {
    current = null;
    if (location.search) {
      location.replace(settings.home); // the next person starts in the default language
      return;
    }
    show(rate);
  }

  function thank() {
    current = null;
    show(document.getElementById("thanks"));
    stepTimer = setTimeout(startAgain, resetMs);
  }

  function followUpFor(score) {
    return Array.prototype.find.call(followUps, function (box) {
      return score >= Number(box.dataset.min) && score <= Number(box.dataset.max);
    });
  }

  function pressed(score) {
    var now = Date.now();
    var last = Number(localStorage.getItem(LAST_PRESS) || 0);
    var repeated = windowMs > 0 && now >= last && now - last < windowMs;
    current = null;
    if (!repeated) {
      localStorage.setItem(LAST_PRESS, String(now));
      current = {id: newId(), pressed_at: now, score: score, language: settings.language};
      enqueue(current);
      send();
    }
    var followUp = current && followUpFor(score);
    if (!followUp) {
      thank();
      return;
    }
    show(followUp);
    stepTimer = setTimeout(startAgain, idleMs); // the score is kept already
  }

  function answered(key) {
    if (current && key) {
      current.follow_up = key;
      enqueue(current);
      send();
    }
    thank();
  }

  rate.querySelectorAll("button[name=score]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      pressed(Number(button.value));
    });
  });
  followUps.forEach(function (box) {
    box.querySelectorAll("button[name=follow_up]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        answered(button.value);
      });
    });
  });

  window.addEventListener("online", function () {
    retryMs = 0;
    send();
    heartbeat();
  });
  window.addEventListener("offline", function () { setOnline(false); });
  setInterval(heartbeat, HEARTBEAT_MS);
  showStatus();
  send();

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(settings.worker, {scope: settings.scope})
      .catch(function () {});
  }
}());
