// Every time box of the back office is labelled with the zone it is typed in: the venue's on an
// exhibition's pages ("WITA"), else the server's ("WIB"). Django's own note instead compares the
// browser's clock with "server time" ("you are 1 hour ahead"), which staff in Makassar or Jayapura
// and everybody on an exhibition's page read as a puzzle.
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
