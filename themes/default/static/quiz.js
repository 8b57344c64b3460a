// Self-check quiz: instant feedback when a choice is picked.
// Without JavaScript the "show the answer" details still work.
document.querySelectorAll(".quiz-question").forEach(function (q) {
  var out = q.querySelector(".quiz-feedback");
  q.addEventListener("change", function (e) {
    if (e.target.type !== "radio") return;
    var ok = e.target.value === q.getAttribute("data-answer");
    out.textContent = out.getAttribute(ok ? "data-correct" : "data-wrong");
    out.className = "quiz-feedback " + (ok ? "is-correct" : "is-wrong");
    if (ok) q.querySelector(".quiz-answer").open = true;
  });
});
