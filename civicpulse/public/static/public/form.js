// Progressive enhancement of the questionnaire; without it the form works the same.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  if (!form) return;
  document.documentElement.className += " js";
  var errors = document.getElementById("errors");
  if (errors) errors.focus();

  // Follow-ups appear only while the parent's score is in their band.
  var followUps = form.querySelectorAll(".follow-up");
  function scoreOf(name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? Number(checked.value) : null;
  }
  function showFollowUps() {
    followUps.forEach(function (box) {
      var score = scoreOf(box.dataset.parent);
      box.hidden = score === null || score < Number(box.dataset.min) || score > Number(box.dataset.max);
    });
  }
  form.addEventListener("change", showFollowUps);
  showFollowUps();

  // A second tap would abort the first request mid-flight; the token already makes the
  // server store one response, so the page simply waits for the first.
  var sending = false;
  form.addEventListener("submit", function (event) {
    if (sending) event.preventDefault();
    sending = true;
  });

  // A page restored from the cache is a new form: it must not reuse the old token.
  window.addEventListener("pageshow", function (event) {
    sending = false;
    if (event.persisted && window.crypto && crypto.randomUUID) {
      document.getElementById("client-token").value = crypto.randomUUID();
    }
  });

  // Location only after the explicit consent of ticking the box.
  var share = document.getElementById("share-location");
  var lat = document.getElementById("latitude");
  var lon = document.getElementById("longitude");
  var status = document.getElementById("location-status");
  // A survey (not a place) asks for neither location nor photo.
  // The two fields are disabled, so not sent, until they hold a position.
  function place(latitude, longitude) {
    lat.value = latitude;
    lon.value = longitude;
    lat.disabled = lon.disabled = latitude === "";
  }
  if (share) share.addEventListener("change", function () {
    place("", "");
    status.textContent = "";
    if (!share.checked || !navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (position) {
      place(position.coords.latitude.toFixed(4), position.coords.longitude.toFixed(4));
      status.textContent = "✓";
    }, function () {
      share.checked = false;
      status.textContent = "✗";
    }, {maximumAge: 60000, timeout: 15000});
  });

  // Shrink a photo in the browser before a slow upload; the server checks it again anyway.
  var photo = document.getElementById("photo");
  var LONGEST = 1600;
  if (photo) photo.addEventListener("change", function () {
    var file = photo.files && photo.files[0];
    if (!file || !window.createImageBitmap || !window.DataTransfer) return;
    createImageBitmap(file, {imageOrientation: "from-image"}).then(function (bitmap) {
      var scale = Math.min(1, LONGEST / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        if (!blob || blob.size >= file.size) return;
        var smaller = new DataTransfer();
        smaller.items.add(new File([blob], "photo.jpg", {type: "image/jpeg"}));
        photo.files = smaller.files;
      }, "image/jpeg", 0.85);
    }).catch(function () {});
  });
}());
