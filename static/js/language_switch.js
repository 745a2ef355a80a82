// The language switch brings the reader back to the same place: the page's #fragment (the
// programme's "#acara", an inquiry's "#tanya") never reaches the server, so it is added to the
// "next" address here (found by a new user's probe: switching lost the anchor).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("language-switch") || !window.location.hash) { return; }
    var next = form.querySelector("input[name=next]");
    if (next && next.value.indexOf("#") === -1) { next.value += window.location.hash; }
  });
})();
