/* The search box under a long list of checkboxes (templates/portal/_choice_search.html): the
   list shows only what is chosen; typing finds others (JSON from the box's data-url, the
   officer's own prison only) and a click adds them to the list, ticked. What is sent is the
   list's checkboxes, as without the search. No inline script (Content-Security-Policy). */
(function () {
  "use strict";

  function setUp(box) {
    var input = box.querySelector("input[type=search]");
    var results = box.querySelector(".choice-search-results");
    var status = box.querySelector("[role=status]");
    var name = box.dataset.name;
    // The element holding the checkboxes: given by id, or crispy-forms' field wrapper.
    var list = document.getElementById(box.dataset.list);
    if (list && list.querySelector("fieldset > div")) { list = list.querySelector("fieldset > div"); }
    if (!input || !results || !list) { return; }
    var timer = null;
    var request = null;
    var added = 0;

    function checkbox(id) {
      var boxes = list.querySelectorAll("input[type=checkbox]");
      for (var i = 0; i < boxes.length; i += 1) {
        if (boxes[i].name === name && boxes[i].value === String(id)) { return boxes[i]; }
      }
      return null;
    }

    function clear() {
      results.replaceChildren();
      results.hidden = true;
    }

    function add(item) {
      var existing = checkbox(item.id);
      if (existing) {
        existing.checked = true;
      } else {
        added += 1;
        var row = document.createElement("div");
        row.className = "form-check";
        var tick = document.createElement("input");
        tick.type = "checkbox";
        tick.className = "form-check-input";
        tick.name = name;
        tick.value = String(item.id);
        tick.id = "id_" + name + "_found_" + added;
        tick.checked = true;
        var label = document.createElement("label");
        label.className = "form-check-label";
        label.htmlFor = tick.id;
        label.textContent = item.label;
        row.appendChild(tick);
        row.appendChild(label);
        list.appendChild(row);
      }
      status.textContent = box.dataset.textAdded + ": " + item.label;
      input.value = "";
      clear();
      input.focus();
    }

    function note(text) {
      var li = document.createElement("li");
      li.className = "list-group-item text-body-secondary small";
      li.textContent = text;
      results.appendChild(li);
    }

    function show(data) {
      clear();
      if (!data.results.length) {
        note(box.dataset.textNone);
      }
      data.results.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "list-group-item p-0";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-link w-100 text-start text-decoration-none choice-search-option";
        button.textContent = item.label;
        var existing = checkbox(item.id);
        if (existing && existing.checked) {
          button.disabled = true;
          button.textContent = item.label + " (" + box.dataset.textChosen + ")";
        }
        button.addEventListener("click", function () { add(item); });
        li.appendChild(button);
        results.appendChild(li);
      });
      if (data.more) { note(box.dataset.textMore); }
      results.hidden = false;
      status.textContent = data.results.length ? data.results.length + " " + box.dataset.textFound : box.dataset.textNone;
    }

    function search() {
      var query = input.value.trim();
      if (request) { request.abort(); request = null; }
      if (query.length < 2) { clear(); return; }
      request = new AbortController();
      fetch(box.dataset.url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: request.signal
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(show).catch(function (error) {
        if (error.name !== "AbortError") {
          clear();
          note(box.dataset.textFailed);
          results.hidden = false;
          status.textContent = box.dataset.textFailed;
        }
      });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Enter picks the first result; it never sends the whole form half filled in.
        event.preventDefault();
        var first = results.querySelector("button:not([disabled])");
        if (first) { first.click(); }
      } else if (event.key === "Escape") {
        clear();
      }
    });
  }

  document.querySelectorAll("[data-choice-search]").forEach(setUp);
})();
