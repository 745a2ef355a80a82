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

// The labels follow the zone chosen on the page, at once, not only after saving: on an
// exhibition's own page its "Zona waktu" box (its option reads "WITA (UTC+8)"); on a programme
// item's page the exhibition it belongs to (the page lists every exhibition's zone).
const pageScript = document.currentScript;
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  let shown = pageZone;
  const relabel = function (zone) {
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
  };
  const select = document.getElementById("id_timezone");
  if (select) {
    select.addEventListener("change", function () {
      const option = select.options[select.selectedIndex];
      relabel(option && option.value ? option.text.split(" ")[0] : "");
    });
  }
  const fieldName = pageScript && pageScript.dataset.zoneField;
  const chooser = fieldName && document.getElementById("id_" + fieldName);
  if (chooser) {
    const zones = JSON.parse(pageScript.dataset.exhibitionZones || "{}");
    const follow = function () {
      relabel(zones[chooser.value]);
    };
    // The exhibition box is an autocomplete (select2), which tells of a choice through jQuery.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(chooser).on("change", follow);
    } else {
      chooser.addEventListener("change", follow);
    }
  }
});
