/* The product form of the officers' portal: more photo rows on demand, and a word about the
   chosen file (name, size, too large) before it is sent over a slow connection. Works without
   it: one empty photo row is always there. No inline script (Content-Security-Policy). */
(function () {
  "use strict";
  var MAX_BYTES = 10 * 1024 * 1024;
  var form = document.querySelector(".product-form");
  if (!form) { return; }

  var rows = form.querySelector("[data-image-rows]");
  var template = document.getElementById("image-row-template");
  var addButton = form.querySelector("[data-add-image]");
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var maxForms = form.querySelector("input[name$='-MAX_NUM_FORMS']");
  var lang = document.documentElement.lang || "id";
  var english = lang.indexOf("en") === 0;

  function text(id, en) { return english ? en : id; }

  function megabytes(bytes) {
    var locale = english ? "en" : "id-ID";
    if (bytes < 1024 * 1024) {
      return Math.max(1, Math.round(bytes / 1024)).toLocaleString(locale) + " KB";
    }
    return (bytes / 1024 / 1024).toLocaleString(locale, { maximumFractionDigits: 1 }) + " MB";
  }

  function describeFile(input) {
    var row = input.closest("[data-image-row]");
    var note = row.querySelector(".product-file-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "product-file-note small mb-2";
      note.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", note);
    }
    var file = input.files && input.files[0];
    note.classList.remove("text-danger");
    if (!file) { note.textContent = ""; return; }
    if (file.size > MAX_BYTES) {
      note.classList.add("text-danger");
      note.textContent = text(
        "Berkas ini " + megabytes(file.size) + ", lebih dari 10 MB: pilih foto yang lebih kecil.",
        "This file is " + megabytes(file.size) + ", over 10 MB: choose a smaller photo."
      );
    } else {
      note.textContent = file.name + " · " + megabytes(file.size);
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type='file']")) { describeFile(event.target); }
  });

  function limitReached() {
    return maxForms && parseInt(total.value, 10) >= parseInt(maxForms.value, 10);
  }

  if (rows && template && addButton && total) {
    addButton.hidden = limitReached();
    form.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      var positionInput = row.querySelector("input[name$='-position']");
      if (positionInput) { positionInput.value = String(index); }
      rows.appendChild(row);
      total.value = String(index + 1);
      addButton.hidden = limitReached();
      var file = row.querySelector("input[type='file']");
      if (file) { file.focus(); }
    });
  }

  var summary = document.getElementById("form-errors");
  if (summary) { summary.focus(); }
})();
