{% autoescape off %}// The booth's service worker: keeps the booth page and its files so that
// the page opens with no connection. Entries never pass through here: the
// page sends them itself, with the key only it holds.
"use strict";
var CACHE = "wagtail-tuidang-booth-{{ version|escapejs }}";
var PAGE = "{{ assets.0|escapejs }}";
var ASSETS = [{% for url in assets %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

function absolute(url) {
  return new URL(url, self.location.href).href;
}
var KEPT = ASSETS.map(absolute);

function keep(cache, url) {
  // Only a page the volunteer was signed in for: never a login redirect.
  // Static files on another host (a CDN) come back opaque, and are kept so.
  var own = new URL(url, self.location.href).origin === self.location.origin;
  var options = own ? { credentials: "same-origin", cache: "no-cache" } : { mode: "no-cors" };
  return fetch(url, options).then(function (response) {
    var usable = own ? response.ok && !response.redirected : response.type === "opaque";
    if (!usable) {
      throw new Error("Not kept: " + url);
    }
    return cache.put(absolute(url), response);
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        return Promise.all(
          ASSETS.map(function (url) {
            return keep(cache, url);
          })
        );
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("wagtail-tuidang-booth-") === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET") {
    return;
  }
  if (
    request.mode === "navigate" &&
    url.origin === self.location.origin &&
    url.pathname === PAGE
  ) {
    // The network first, so that a signed-out volunteer meets the login;
    // the kept page when there is no network.
    event.respondWith(
      fetch(request)
        .then(function (response) {
          if (response.ok && !response.redirected && response.type === "basic") {
            var copy = response.clone();
            caches.open(CACHE).then(function (cache) {
              cache.put(absolute(PAGE), copy);
            });
          }
          return response;
        })
        .catch(function () {
          return caches.match(absolute(PAGE), { cacheName: CACHE }).then(function (kept) {
            return kept || Response.error();
          });
        })
    );
    return;
  }
  if (KEPT.indexOf(url.href) !== -1) {
    event.respondWith(
      caches.match(url.href, { cacheName: CACHE }).then(function (kept) {
        return kept || fetch(request);
      })
    );
  }
});
{% endautoescape %}
