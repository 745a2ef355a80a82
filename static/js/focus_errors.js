// A form sent back with errors: its summary ([data-focus-on-load], role=alert, tabindex=-1) gets
// the focus, so a screen reader reads it and the page shows it, even when the form is far down.
// After "load": going to the page's #fragment (the inquiry form posts to "#tanya") would take
// the focus away again.
(function () {
  "use strict";
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      var summary = document.querySelector("[data-focus-on-load]");
      if (summary) { summary.focus(); }
    }, 0);
  });
})();
