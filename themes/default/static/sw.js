// camnang service worker: lessons stay readable without a connection.
// `camnang build` writes it to the site's root with the first line set:
// VERSION (a hash of the build's assets) and SHELL (the home page, search
// page, 404 page and every stylesheet and script). A new build has a new
// VERSION, so the browser installs the new worker on the next visit.
// - Pages: network first; a copy is kept, and served when offline.
// - Content-hashed files (styles, scripts, search index) and images: from
//   the cache first; they never change under the same name.
/* global VERSION, SHELL */
"use strict";
var SHELL_CACHE = "camnang-shell-" + VERSION, PAGES = "camnang-pages";

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(SHELL_CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("camnang-shell-") === 0 && k !== SHELL_CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }).then(function () {
    // The page that registered this worker was loaded before it: keep it too.
    return self.clients.matchAll({ type: "window" }).then(function (list) {
      return caches.open(PAGES).then(function (c) {
        return Promise.all(list.map(function (w) { return c.add(w.url).catch(function () {}); }));
      });
    });
  }));
});

function fromNetwork(request) {
  return fetch(request).then(function (r) {
    if (r.ok) { var copy = r.clone(); caches.open(PAGES).then(function (c) { c.put(request, copy); }); }
    return r;
  });
}

self.addEventListener("fetch", function (e) {
  var request = e.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin || url.pathname.indexOf(self.registration.scope.replace(location.origin, "")) !== 0) return;
  if (request.mode === "navigate") {
    e.respondWith(fromNetwork(request).catch(function () {
      return caches.match(request, { ignoreSearch: true }).then(function (r) {
        return r || caches.match(new URL("404.html", self.registration.scope).href);
      });
    }));
    return;
  }
  e.respondWith(caches.match(request).then(function (r) { return r || fromNetwork(request); }));
});
