// "Lưu để đọc khi không có mạng": saves the lessons listed on this page,
// and their images, in the cache the service worker (sw.js) reads from.
// The button stays hidden where that cannot work (no JavaScript, no
// service worker, a page opened from a folder).
(function () {
  var b = document.getElementById("save-offline"), status = document.getElementById("save-offline-status");
  if (!b || !("caches" in window) || !navigator.serviceWorker || location.protocol === "file:") return;
  b.hidden = false;
  b.addEventListener("click", function () {
    var urls = JSON.parse(b.dataset.urls), done = 0;
    b.disabled = true;
    status.textContent = b.dataset.saving;
    caches.open("camnang-pages").then(function (cache) {
      return urls.reduce(function (chain, u) {
        return chain.then(function () {
          return fetch(u).then(function (r) {
            if (!r.ok) throw new Error(u);
            return cache.put(u, r.clone()).then(function () { return r.text(); });
          }).then(function (html) {
            var doc = new DOMParser().parseFromString(html, "text/html"), base = new URL(u, location.href);
            var images = Array.prototype.map.call(doc.querySelectorAll("img[src]"), function (i) { return new URL(i.getAttribute("src"), base).href; });
            return Promise.all(images.map(function (src) { return cache.match(src).then(function (m) { return m || cache.add(src); }); }));
          }).then(function () {
            done++;
            status.textContent = b.dataset.progress.replace("{n}", done).replace("{total}", urls.length);
          });
        });
      }, Promise.resolve());
    }).then(function () {
      status.textContent = b.dataset.done.replace("{total}", urls.length);
    }, function () {
      status.textContent = b.dataset.failed;
      b.disabled = false;
    });
  });
})();
