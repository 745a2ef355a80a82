// Every time box of the back office is labelled with the zone it is typed in: the venue's on an
// exhibition's pages ("WITA"), else the server's ("WIB"). Django's own note instead compares the
// browser's clock with "server time" ("you are 1 hour ahead"), which staff in Makassar or Jayapura
// and everybody on an exhibition's page read as a puzzle.
// Deferred: runs after DateTimeShortcuts.js is loaded and before its init on window load.
const pageZone = (document.currentScript && document.currentScript.dataset.zone) || "";
(function () {
  "use strict";
  const zone = pageZone;
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

// On an exhibition's own page the zone is chosen in its "Zona waktu" box: the labels follow the
// choice at once (its option reads "WITA (UTC+8)"), not only after saving.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const select = document.getElementById("id_timezone");
  if (!select) {
    return;
  }
  let shown = pageZone;
  select.addEventListener("change", function () {
    const option = select.options[select.selectedIndex];
    const zone = option && option.value ? option.text.split(" ")[0] : "";
    if (!zone) {
      return;
    }
    document.querySelectorAll(".venue-zone").forEach(function (label) {
      label.textContent = " " + zone;
    });
    document.querySelectorAll(".venue-zone-note").forEach(function (note) {
      if (shown) {
        note.textContent = note.textContent.replace(shown, zone);
      }
    });
    shown = zone;
  });
});
