// The language switch brings the reader back to the same place: the page's #fragment (the
// programme's "#acara", an inquiry's "#tanya") never reaches the server, so it is added to the
// "next" address here (found by a new user's probe: switching lost the anchor).
//
// And with what they had typed: a form marked data-keep-on-language-switch (the buyer's inquiry)
// is copied into this tab's sessionStorage when the language is switched, and when it is sent,
// and filled in again on the next page of the same address that holds it, then the copy is
// dropped (found by probes: a buyer whose inquiry came back with errors in Indonesian switched to
// English and found the form empty; the page refusing a form sent without its cookie said
// "reload and send again", and the reload emptied it). A page marked data-forget-kept-forms (the
// inquiry's thank-you page) drops it. Hidden fields (CSRF, the honeypot's box) and files are not
// copied; a field the server filled is left alone.
(function () {
  "use strict";
  var KEY = "etalase:typed-before-language-switch";
  var SKIPPED = { hidden: 1, file: 1, password: 1, submit: 1, button: 1, reset: 1, image: 1 };

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && !SKIPPED[field.type] && !field.closest("[aria-hidden=true]");
    });
  }

  function remember() {
    var forms = document.querySelectorAll("form[data-keep-on-language-switch]");
    var saved = [];
    Array.prototype.forEach.call(forms, function (form, index) {
      var values = {};
      keptFields(form).forEach(function (field) {
        if (field.type === "checkbox" || field.type === "radio") {
          if (field.checked) { (values[field.name] = values[field.name] || []).push(field.value); }
        } else if (field.value !== "") {
          values[field.name] = field.value;
        }
      });
      saved.push({ index: index, values: values });
    });
    if (!saved.length) { return; }
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify({ path: window.location.pathname, forms: saved }));
    } catch (error) { /* storage off or full: the switch still works */ }
  }

  function restore() {
    var stored;
    try {
      stored = window.sessionStorage.getItem(KEY);
      window.sessionStorage.removeItem(KEY);
    } catch (error) { return; }
    if (!stored) { return; }
    var data;
    try { data = JSON.parse(stored); } catch (error) { return; }
    var forms = document.querySelectorAll("form[data-keep-on-language-switch]");
    if (!data || data.path !== window.location.pathname || !forms.length) {
      // Not the form's page (an error page between): kept for when the reader comes back.
      try { window.sessionStorage.setItem(KEY, stored); } catch (error) { /* storage off */ }
      return;
    }
    (data.forms || []).forEach(function (entry) {
      var form = forms[entry.index];
      if (!form) { return; }
      keptFields(form).forEach(function (field) {
        var value = entry.values[field.name];
        if (value === undefined) { return; }
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = Array.isArray(value) && value.indexOf(field.value) !== -1;
        } else if (field.value === "" || field.value === field.defaultValue) {
          field.value = value;
        }
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-keep-on-language-switch")) {
      remember();
      return;
    }
    if (!form.classList || !form.classList.contains("language-switch")) { return; }
    remember();
    if (!window.location.hash) { return; }
    var next = form.querySelector("input[name=next]");
    if (next && next.value.indexOf("#") === -1) { next.value += window.location.hash; }
  });
  if (document.querySelector("[data-forget-kept-forms]")) {
    try { window.sessionStorage.removeItem(KEY); } catch (error) { /* storage off */ }
  } else {
    restore();
  }
})();
