/* Product page gallery: the thumbnails scroll the photo strip instead of jumping the page, and
   the current photo's thumbnail is marked. Without this file the thumbnails are plain anchors. */
(function () {
  "use strict";
  document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
    var track = gallery.querySelector("[data-gallery-track]");
    var thumbs = gallery.querySelectorAll("[data-gallery-thumb]");
    if (!track || !thumbs.length) return;

    function mark(id) {
      thumbs.forEach(function (thumb) {
        if (thumb.getAttribute("href") === "#" + id) thumb.setAttribute("aria-current", "true");
        else thumb.removeAttribute("aria-current");
      });
    }

    thumbs.forEach(function (thumb) {
      thumb.addEventListener("click", function (event) {
        var slide = document.getElementById(thumb.getAttribute("href").slice(1));
        if (!slide) return;
        event.preventDefault();
        track.scrollTo({ left: slide.offsetLeft, behavior: "smooth" }); // the track is positioned
        mark(slide.id);
      });
    });

    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) mark(entry.target.id);
        });
      }, { root: track, threshold: 0.6 });
      track.querySelectorAll(".gallery-slide").forEach(function (slide) { observer.observe(slide); });
    }
  });
})();
