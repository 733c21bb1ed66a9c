// Progressive enhancement of the signal form; without it the form works the same.
(function () {
  "use strict";
  var form = document.getElementById("case-form");
  if (!form) return;
  document.documentElement.className += " js";
  var errors = document.getElementById("errors");
  if (errors) errors.focus();

  // The token already makes the server file one case; a second tap would only abort the first.
  var sending = false;
  form.addEventListener("submit", function (event) {
    if (sending) event.preventDefault();
    sending = true;
  });
  window.addEventListener("pageshow", function () { sending = false; });

  // Characters left in the description, as a hint (the server checks the limit).
  var description = document.getElementById("description");
  var count = document.getElementById("description-count");
  function counted() {
    var left = Number(description.dataset.most) - description.value.length;
    var over = left < 0;
    count.textContent = (over ? count.dataset.over : count.dataset.left).replace("{n}", Math.abs(left));
    count.className = "hint counter" + (over ? " over" : "");
  }
  if (description && count) {
    count.hidden = false;
    description.addEventListener("input", counted);
    counted();
  }

  // "Use my location" fills the hidden coordinates, only when the sender asks.
  var locate = document.getElementById("locate");
  var lat = document.getElementById("latitude");
  var lon = document.getElementById("longitude");
  var status = document.getElementById("location-status");
  var use = document.getElementById("use-location");
  var drop = document.getElementById("drop-location");
  function place(latitude, longitude, message) {
    lat.value = latitude;
    lon.value = longitude;
    drop.hidden = latitude === "";
    status.textContent = message;
    similarSoon();
  }
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    drop.hidden = lat.value === "";
    use.addEventListener("click", function () {
      status.textContent = locate.dataset.finding;
      navigator.geolocation.getCurrentPosition(function (position) {
        place(position.coords.latitude.toFixed(6), position.coords.longitude.toFixed(6), locate.dataset.found);
      }, function () {
        place("", "", locate.dataset.failed);
      }, {maximumAge: 60000, timeout: 15000});
    });
    drop.addEventListener("click", function () { place("", "", ""); use.focus(); });
  }

  // Similar cases already filed, fetched while the sender writes (the register's fragment).
  var similar = document.getElementById("similar");
  var title = document.getElementById("title");
  var category = document.getElementById("category");
  var timer = null;
  var asked = "";
  function similarNow() {
    var words = (title.value + " " + description.value).trim().slice(0, 300);
    var query = "q=" + encodeURIComponent(words) + "&category=" + encodeURIComponent(category.value) +
      "&lat=" + encodeURIComponent(lat.value) + "&lon=" + encodeURIComponent(lon.value);
    if (words.length < 4 || query === asked || !window.fetch) return;
    asked = query;
    fetch(similar.dataset.url + "?" + query, {headers: {"Accept": "text/html"}})
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (query !== asked) return;
        html = html.trim();
        similar.innerHTML = html ? "<h2></h2>" + html : "";
        if (html) similar.firstChild.textContent = similar.dataset.heading;
      })
      .catch(function () {});
  }
  function similarSoon() {
    if (!similar) return;
    clearTimeout(timer);
    timer = setTimeout(similarNow, 700);
  }
  if (similar) {
    title.addEventListener("input", similarSoon);
    description.addEventListener("input", similarSoon);
    category.addEventListener("change", similarSoon);
  }
}());
