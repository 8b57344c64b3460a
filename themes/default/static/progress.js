// Reading progress, kept only in this browser (localStorage), never sent
// anywhere: the "I have finished this lesson" button on lesson pages, and
// "finished n of N" on the home page's skill cards. Without JavaScript or
// storage, nothing shows.
(function () {
  var KEY = "camnang-done", done;
  try { done = JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return; }
  var b = document.querySelector(".done-toggle");
  if (b) {
    var page = b.dataset.page;
    var show = function () { b.setAttribute("aria-pressed", done[page] ? "true" : "false"); };
    b.hidden = false;
    show();
    b.addEventListener("click", function () {
      if (done[page]) delete done[page]; else done[page] = b.dataset.skills.split(" ").filter(Boolean);
      try { localStorage.setItem(KEY, JSON.stringify(done)); } catch (e) { /* full or blocked: nothing kept */ }
      show();
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-progress]"), function (el) {
    var n = 0;
    for (var u in done) if (done[u].indexOf(el.dataset.progress) >= 0) n++;
    if (n) { el.textContent = el.dataset.text.replace("{n}", n).replace("{total}", el.dataset.total); el.hidden = false; }
  });
})();
