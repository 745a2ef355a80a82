// A form is sent once: a second tap on its button while the first sending is on its way (a slow
// connection, a double tap) is not sent again (found by a bad-input probe: two product drafts,
// two inquiries with different numbers, two ratings). Forms whose sending script handles it
// themselves (the sales desk) stop the browser's sending first and are left alone; so are forms
// marked data-submit-repeatable. After a few seconds, or on coming back to the page, the form
// can be sent again (the first sending may have failed without the page changing).
(function () {
  "use strict";
  var AGAIN_AFTER = 8000;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form || (form.method || "").toLowerCase() !== "post") { return; }
    if (form.hasAttribute("data-submit-repeatable")) { return; }
    if (form.getAttribute("data-sending") === "1") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-sending", "1");
    form.setAttribute("aria-busy", "true");
    window.setTimeout(function () {
      form.removeAttribute("data-sending");
      form.removeAttribute("aria-busy");
    }, AGAIN_AFTER);
  });

  // Back to a page kept by the browser (bfcache): its forms are not on their way any more.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-sending]"), function (form) {
      form.removeAttribute("data-sending");
      form.removeAttribute("aria-busy");
    });
  });
})();
