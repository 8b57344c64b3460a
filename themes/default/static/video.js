// Click-to-load video: nothing is fetched from YouTube until the reader taps.
document.querySelectorAll(".video[data-video-id]").forEach(function (v) {
  var link = v.querySelector(".video-link");
  link.addEventListener("click", function (e) {
    e.preventDefault();
    var f = document.createElement("iframe");
    f.src = "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(v.getAttribute("data-video-id")) + "?autoplay=1";
    f.title = v.getAttribute("data-video-title");
    f.allow = "autoplay; encrypted-media; picture-in-picture";
    f.allowFullscreen = true;
    f.className = "video-frame";
    v.innerHTML = "";
    v.appendChild(f);
    f.focus();
  });
});
