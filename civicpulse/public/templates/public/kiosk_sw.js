{% load static %}// The kiosk's service worker: keeps the screen and its files, so that a tablet reloaded
// without network still opens the kiosk. Answers are queued by kiosk.js, not here.
"use strict";
var CACHE = "civicpulse-kiosk-{{ version }}";
var HOME = "{% url 'public:kiosk' %}";
var PAGES = [HOME{% for code in languages %}, HOME + "?lang={{ code }}"{% endfor %}];
var ASSETS = [{% for asset in assets %}"{{ asset|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

function keepPage(cache, url) {
  return fetch(url, {credentials: "same-origin"}).then(function (response) {
    if (response.ok) return cache.put(url, response);
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // One request after another: a tablet need not hit the server with a burst.
    return PAGES.reduce(function (done, url) {
      return done.then(function () { return keepPage(cache, url); });
    }, cache.addAll(ASSETS));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("civicpulse-kiosk-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (ASSETS.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(request, {ignoreVary: true}).then(function (kept) {
      return kept || fetch(request);
    }));
  } else if (PAGES.indexOf(url.pathname + url.search) >= 0) {
    // The network first, so a changed kiosk or a revoked pairing shows at once.
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, {ignoreVary: true}).then(function (kept) {
        return kept || caches.match(HOME, {ignoreVary: true}).then(function (home) {
          return home || Response.error();
        });
      });
    }));
  }
});
