// The language switch brings the reader back to the same place: the page's #fragment (the
// programme's "#acara", an inquiry's "#tanya") never reaches the server, so it is added to the
// "next" address here (found by a new user's probe: switching lost the anchor).
//
// And with what they had typed: a form marked data-keep-on-language-switch (the buyer's inquiry)
// is copied into this tab's sessionStorage when the language is switched and filled in again on
// the page that follows, then the copy is dropped (found by a probe: a buyer whose inquiry came
// back with errors in Indonesian switched to English and found the form empty). Hidden fields
// (CSRF, the honeypot's box) and files are not copied; a field the server filled is left alone.
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
    if (!data || data.path !== window.location.pathname) { return; }
    var forms = document.querySelectorAll("form[data-keep-on-language-switch]");
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
    if (!form.classList || !form.classList.contains("language-switch")) { return; }
    remember();
    if (!window.location.hash) { return; }
    var next = form.querySelector("input[name=next]");
    if (next && next.value.indexOf("#") === -1) { next.value += window.location.hash; }
  });
  restore();
})();
