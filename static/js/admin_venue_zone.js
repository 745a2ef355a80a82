// Pages whose dates and times are typed in the venue's zone (exhibitions, programme items):
// each time box is labelled with that zone ("WITA") instead of Django's note comparing the
// browser's clock with the "server time" (which here is the venue's, and reads as a puzzle).
// Deferred: runs after DateTimeShortcuts.js is loaded and before its init on window load.
(function () {
  "use strict";
  const zone = document.currentScript && document.currentScript.dataset.zone;
  if (!zone || !window.DateTimeShortcuts) {
    return;
  }
  window.DateTimeShortcuts.addTimezoneWarning = function (input) {
    if (!input.classList.contains("vTimeField") || input.parentNode.querySelector(".venue-zone")) {
      return;
    }
    const label = document.createElement("span");
    label.className = "venue-zone";
    label.textContent = " " + zone;
    input.parentNode.appendChild(label);
  };
})();
