/* Catalogue: tidy GET forms and apply filters without a separate click.
   Everything works without this file (the server redirects to the canonical URL). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var forms = document.querySelectorAll("form[data-clean-get]");

  function clean(form) {
    // Empty fields stay out of the URL, so it is already the canonical one (no redirect).
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value === "" && !field.disabled) {
        field.disabled = true;
        field.setAttribute("data-was-enabled", "");
      }
    });
  }

  function submit(form) {
    clean(form);
    form.submit();
  }

  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function () { clean(form); });
  });

  // Coming back with the Back button: fields disabled on submit must work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-was-enabled]").forEach(function (field) {
      field.disabled = false;
      field.removeAttribute("data-was-enabled");
    });
  });

  // Bootstrap makes the filter panel a dialog while it is open and drops the role when it
  // closes; the panel is a named region again then (a name on a role-less div is not allowed).
  var panel = document.getElementById("catalogue-filters");
  if (panel) {
    panel.addEventListener("hidden.bs.offcanvas", function () { panel.setAttribute("role", "region"); });
  }

  // Wide screens apply a filter as soon as it changes; on a phone the visitor picks several in
  // the panel and then taps "Terapkan" (one page load on a slow connection, not one per choice).
  // A change made with the keyboard (arrow keys walk through radios and options) never reloads
  // the page: Enter or "Terapkan" does.
  var wide = window.matchMedia("(min-width: 992px)");
  var byKeyboard = false;
  document.addEventListener("keydown", function () { byKeyboard = true; }, true);
  document.addEventListener("pointerdown", function () { byKeyboard = false; }, true);
  document.querySelectorAll("[data-autosubmit]").forEach(function (field) {
    // Enter on a list applies the choice (a list, unlike a text box, does not send its form on
    // Enter: an accessibility probe had to find the "Urutkan" button after choosing).
    if (field.tagName === "SELECT") {
      field.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && field.form) {
          event.preventDefault();
          submit(field.form);
        }
      });
    }
    field.addEventListener("change", function () {
      if (byKeyboard) {
        // Bring back the form's own submit button (hidden while changes apply at once).
        if (field.form) field.form.classList.add("is-pending");
        return;
      }
      if (field.getAttribute("data-autosubmit") === "always" || wide.matches) {
        submit(field.form);
      }
    });
  });
})();
