// On a lesson's embeddable copy (…/embed/): tells the page around the
// iframe how tall the lesson is, so it can show it without a scroll bar.
// The snippet to paste into a school portal is in the README and on the
// teachers' page "Nhúng bài học vào trang của trường".
(function () {
  if (window.parent === window) return;
  var last = 0;
  function post() {
    var h = document.documentElement.scrollHeight;
    if (h !== last) { last = h; window.parent.postMessage({ camnang: "height", height: h }, "*"); }
  }
  post();
  window.addEventListener("load", post);
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.body);
})();
