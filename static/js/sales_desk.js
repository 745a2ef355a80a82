/* Sales desk (portal/sales/desk.html): keeps working when the hall's connection drops.
 *
 * Every sale is first put in a queue in this phone's localStorage, with an idempotency key made
 * when the entry is made (crypto.randomUUID), then sent as JSON to the booth's record endpoint.
 * An entry leaves the queue only once the server has answered: stored (2xx with the sale), or
 * refused with a reason (4xx, shown to the cashier). A network error, a server error or an
 * expired session keeps it, and it is sent again when the connection is back ("online"), every
 * few seconds while entries wait, and when the page is opened again. The server stores each key
 * once, so an entry sent twice is never counted twice.
 *
 * The queue is kept per booth and per signed-in account: on a phone shared by the booth's
 * officers, a sale queued by one is sent only when that officer is signed in again, never under
 * the next one's name (found by an attacker probe). The others' waiting sales are counted aloud.
 *
 * Without JavaScript the form posts to the page itself; nothing here is needed for that.
 */
(function () {
  "use strict";

  var root = document.getElementById("sales-desk");
  if (!root) {
    return;
  }

  var RETRY_MS = 5000;
  var booth = root.dataset.booth;
  var recordUrl = root.dataset.recordUrl;
  var boothPrefix = "etalase:sales-queue:" + booth;
  var storageKey = boothPrefix + ":u" + root.dataset.user;
  var form = document.getElementById("sales-form");
  var queueBox = document.getElementById("sales-queue");
  var queueCount = document.getElementById("sales-queue-count");
  var queueList = document.getElementById("sales-queue-list");
  var sendButton = document.getElementById("sales-queue-send");
  var connection = document.getElementById("sales-connection");
  var feedback = document.getElementById("sales-feedback");
  var rejected = document.getElementById("sales-rejected");
  var salesList = document.getElementById("sales-list");
  var salesEmpty = document.getElementById("sales-empty");
  var sending = false;
  var memoryQueue = [];

  function text(name, values) {
    var template = root.dataset[name] || "";
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return values && key in values ? String(values[key]) : match;
    });
  }

  function rupiah(amount) {
    var sign = amount < 0 ? "-" : "";
    return sign + "Rp\u00a0" + String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // Older browsers (and pages served over plain http): a version-4 UUID from getRandomValues.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // --- The queue, kept in localStorage (in memory only when storage is unavailable) ----------

  // Entries queued before the queue was kept per account (under the booth alone): the signed-in
  // officer's now, as they were sent under whoever was signed in before.
  function adoptUnowned() {
    try {
      var unowned = JSON.parse(window.localStorage.getItem(boothPrefix) || "[]");
      if (Array.isArray(unowned) && unowned.length) {
        saveQueue(loadQueue().concat(unowned));
      }
      window.localStorage.removeItem(boothPrefix);
    } catch (error) {
      /* storage unavailable: nothing was kept there */
    }
  }

  // How many entries other accounts queued for this booth on this phone.
  function othersWaiting() {
    var count = 0;
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(boothPrefix + ":u") === 0 && key !== storageKey) {
          var entries = JSON.parse(window.localStorage.getItem(key) || "[]");
          count += Array.isArray(entries) ? entries.length : 0;
        }
      }
    } catch (error) {
      return 0;
    }
    return count;
  }

  function loadQueue() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(storageKey) || "[]");
      return Array.isArray(stored) ? stored : [];
    } catch (error) {
      return memoryQueue.slice();
    }
  }

  function saveQueue(queue) {
    memoryQueue = queue.slice();
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(queue));
    } catch (error) {
      /* private mode or full: the in-memory copy keeps the entries while the page is open */
    }
  }

  function removeFromQueue(key) {
    saveQueue(loadQueue().filter(function (entry) {
      return entry.idempotency_key !== key;
    }));
  }

  function describe(entry) {
    return entry.quantity + " × " + entry.product_name + " · " + rupiah(entry.quantity * entry.unit_price);
  }

  // A waiting sale's time on the venue's clock, as the recorded ones show it, whatever zone the
  // phone is set to (found by a probe: a phone in another zone showed 19.29 for 09.29 WIT).
  var venueClock = null;
  try {
    venueClock = new Intl.DateTimeFormat("en-GB", {
      timeZone: root.dataset.zone || "Asia/Jakarta", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    });
  } catch (error) {
    venueClock = null;
  }

  function timeOf(iso) {
    var date = new Date(iso);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    if (isNaN(date)) {
      return "";
    }
    if (venueClock) {
      var parts = {};
      venueClock.formatToParts(date).forEach(function (part) { parts[part.type] = part.value; });
      return parts.hour + "." + parts.minute;
    }
    return pad(date.getHours()) + "." + pad(date.getMinutes());
  }

  function pendingItem(entry) {
    // Built from text nodes only: a product name can never become markup here.
    var item = document.createElement("li");
    item.className = "sales-entry is-pending";
    var time = document.createElement("span");
    time.className = "sales-entry-time";
    time.textContent = timeOf(entry.sold_at);
    var body = document.createElement("span");
    body.className = "sales-entry-body";
    var name = document.createElement("span");
    name.className = "sales-entry-product";
    name.textContent = entry.product_name;
    var detail = document.createElement("span");
    detail.className = "sales-entry-detail";
    detail.textContent = entry.quantity + " × " + rupiah(entry.unit_price);
    var note = document.createElement("span");
    note.className = "sales-entry-note";
    note.textContent = text("textWaiting");
    body.append(name, detail, note);
    var total = document.createElement("span");
    total.className = "sales-entry-total";
    total.textContent = rupiah(entry.quantity * entry.unit_price);
    item.append(time, body, total);
    return item;
  }

  // What is left of each product, less the sales still waiting on this phone: the server's count
  // (data-left, from the page or the last answer) minus the queued quantities (found by an officer
  // probe: offline, "sisa 3" stayed after 2 were sold, inviting overselling).
  function renderStock(queue) {
    var waiting = {};
    queue.forEach(function (entry) {
      waiting[entry.product] = (waiting[entry.product] || 0) + entry.quantity;
    });
    root.querySelectorAll(".sales-tile-stock[data-stock-for]").forEach(function (stock) {
      var left = parseInt(stock.dataset.left, 10);
      if (isNaN(left)) { return; }
      left -= waiting[stock.dataset.stockFor] || 0;
      // Sold past the stock counted in ("-2 left" read as nonsense): how far past.
      stock.textContent = left < 0 ? text("textStockOver", { count: -left }) : text("textStock", { count: left });
      stock.classList.toggle("is-out", left <= 0);
    });
  }

  function renderQueue() {
    var queue = loadQueue();
    renderStock(queue);
    var others = othersWaiting();
    var othersNote = document.getElementById("sales-queue-others");
    if (othersNote) {
      othersNote.hidden = others === 0;
      othersNote.textContent = others ? text("textOthers", { count: others }) : "";
    }
    queueBox.hidden = queue.length === 0;
    queueList.hidden = queue.length === 0;
    queueCount.textContent = queue.length === 1 ? text("textPendingOne") : text("textPending", { count: queue.length });
    queueList.textContent = "";
    queue.slice().reverse().forEach(function (entry) {
      queueList.appendChild(pendingItem(entry));
    });
    salesEmpty.hidden = queue.length > 0 || salesList.children.length > 0;
  }

  function say(message, kind) {
    feedback.textContent = message;
    feedback.className = "sales-feedback" + (kind ? " is-" + kind : "");
  }

  function showRejected(message) {
    var item = document.createElement("li");
    item.className = "alert alert-danger sales-rejected-item";
    item.textContent = message;
    rejected.prepend(item);
    say(message, "error");
  }

  function showConnection() {
    if (navigator.onLine === false) {
      connection.textContent = text("textOffline");
      connection.hidden = false;
    } else {
      connection.hidden = true;
    }
  }

  // --- Sending ---------------------------------------------------------------------------------

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function applyStored(body) {
    var stock = body.sale && root.querySelector(".sales-tile input[value='" + body.sale.product_id + "'] ~ .sales-tile-stock");
    if (stock && typeof body.stock_left === "number") {
      stock.dataset.left = String(body.stock_left);
      renderStock(loadQueue());
    }
    if (body.is_today && body.row_html && !document.getElementById("sale-" + body.sale.id)) {
      salesList.insertAdjacentHTML("afterbegin", body.row_html);
      salesEmpty.hidden = true;
    }
    if (body.totals_html) {
      var totals = document.getElementById("sales-totals");
      if (totals) {
        totals.outerHTML = body.totals_html;
      }
    }
  }

  // Sends one entry. Resolves to "done" (stored or refused: leave the queue), "keep" (try again
  // later) or "stop" (the session ended: stop sending until the page is opened again).
  function send(entry) {
    var payload = {
      product: entry.product,
      quantity: entry.quantity,
      unit_price: entry.unit_price,
      payment_method: entry.payment_method,
      idempotency_key: entry.idempotency_key,
      sold_at: entry.sold_at,
      price_confirmed: "1"  // asked before it was queued (JSON true is no form value here)
    };
    return fetch(recordUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfToken(),
        "X-Requested-With": "XMLHttpRequest"
      },
      body: JSON.stringify(payload)
    }).then(function (response) {
      var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.type === "opaqueredirect" || response.status === 403) {
        say(text("textSession"), "warning");
        return "stop";
      }
      if (!isJson) {
        say(text("textRetry"), "warning");
        return "keep";
      }
      return response.json().then(function (body) {
        if (response.ok && body.sale && body.sale.id) {
          removeFromQueue(entry.idempotency_key);
          applyStored(body);
          var said = body.created ? text("textSent", { sale: body.message }) : text("textAlready", { sale: body.message });
          // More sold than the stock line says was brought: said beside the confirmation.
          say(body.warning ? said + " " + body.warning : said, body.warning ? "warning" : "success");
          return "done";
        }
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
          removeFromQueue(entry.idempotency_key);
          showRejected(text("textRejected", { sale: describe(entry), reason: body.error || "" }));
          return "done";
        }
        say(text("textRetry"), "warning");
        return "keep";
      });
    }, function () {
      // No connection (or it dropped mid-way): the entry stays; the key makes a resend safe.
      showConnection();
      return "keep";
    });
  }

  // Asked to send while a round is under way (the connection came back while a retry from the
  // outage was still in flight): sent again as soon as that round ends, not at the next retry.
  var flushAgain = false;

  function roundEnded() {
    sending = false;
    if (flushAgain) {
      flushAgain = false;
      window.setTimeout(flush, 0);
    }
  }

  function flush() {
    if (sending) {
      flushAgain = true;
      return;
    }
    adoptUnowned();
    var queue = loadQueue();
    if (queue.length === 0) {
      renderQueue();
      return;
    }
    sending = true;
    var index = 0;
    function next() {
      queue = loadQueue();
      if (index >= queue.length) {
        flushAgain = false; // everything was sent
        roundEnded();
        renderQueue();
        return;
      }
      send(queue[index]).then(function (outcome) {
        renderQueue();
        if (outcome === "done") {
          next(); // the entry left the queue: the next one is now at the same index
        } else {
          if (outcome === "stop") { flushAgain = false; } // signed out: not until the page is opened again
          roundEnded(); // keep the order: try the rest later
        }
      }, function () {
        roundEnded();
        renderQueue();
      });
    }
    next();
  }

  // --- The form ----------------------------------------------------------------------------------

  function setUpForm() {
    var quantity = form.querySelector("#id_quantity");
    var price = form.querySelector("#id_unit_price");
    var chosen = document.getElementById("sales-chosen");
    var submitTotal = document.getElementById("sales-submit-total");

    function chosenProduct() {
      return form.querySelector("input[name=product]:checked");
    }

    // As the server reads it (inmates.form_fields.RupiahField): "Rp 1.250.000,-" and "1.250.000,00"
    // are whole rupiah; other cents are not.
    function parsePrice(value) {
      var cleaned = String(value || "").replace(/\s+/g, "").replace(/^rp\.?/i, "").replace(/,(-|00?)$/, "");
      if (/^\d{1,3}(\.\d{3})+$/.test(cleaned)) {
        cleaned = cleaned.replace(/\./g, "");
      } else if (/^en\b/i.test(document.documentElement.lang || "") && /^\d{1,3}(,\d{3})+$/.test(cleaned)) {
        // "350,000" on the English till, as the English product form reads it (an officer probe).
        cleaned = cleaned.replace(/,/g, "");
      }
      return /^\d+$/.test(cleaned) ? parseInt(cleaned, 10) : null;
    }

    // As the server reads it (inmates.form_fields.WholeNumberField): "1.000" is a thousand, and
    // "1,5" or "1.5" no whole number (null) rather than 1.
    function parseWhole(value) {
      var cleaned = String(value || "").replace(/\s+/g, "");
      if (/^\d{1,3}(\.\d{3})+$/.test(cleaned)) {
        cleaned = cleaned.replace(/\./g, "");
      }
      return /^\d+$/.test(cleaned) ? parseInt(cleaned, 10) : null;
    }

    function update() {
      var product = chosenProduct();
      var qty = parseWhole(quantity.value);
      var unit = price.value.trim() === "" && product ? parseInt(product.dataset.price, 10) : parsePrice(price.value);
      chosen.textContent = product ? product.dataset.name : text("textNoneChosen");
      chosen.classList.toggle("is-empty", !product);
      submitTotal.textContent = product && qty > 0 && unit !== null ? rupiah(qty * unit) : "";
    }

    form.addEventListener("change", function (event) {
      if (event.target.name === "product") {
        // Written as the cashier reads it, "150.000" (the server and parsePrice take both).
        price.value = rupiah(parseInt(event.target.dataset.price, 10)).replace(/^Rp\u00a0/, "");
        // A new sale begins: the word about the last one ("Tercatat: ...") no longer stands
        // above it (found by a look-and-feel review: it read as if the new one was recorded).
        say("");
      }
      update();
    });
    quantity.addEventListener("input", update);
    price.addEventListener("input", update);

    Array.prototype.forEach.call(form.querySelectorAll("[data-step]"), function (button) {
      button.addEventListener("click", function () {
        var value = parseWhole(quantity.value) || 0;
        quantity.value = String(Math.min(9999, Math.max(1, value + parseInt(button.dataset.step, 10))));
        update();
      });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var product = chosenProduct();
      var qty = parseWhole(quantity.value);
      var unit = price.value.trim() === "" && product ? parseInt(product.dataset.price, 10) : parsePrice(price.value);
      var method = form.querySelector("input[name=payment_method]:checked");
      if (!product) {
        say(text("textChoose"), "error");
        form.querySelector("input[name=product]") && form.querySelector("input[name=product]").focus();
        return;
      }
      if (!(qty >= 1 && qty <= 9999)) {
        say(text("textQuantity"), "error");
        quantity.focus();
        return;
      }
      if (unit === null) {
        say(text("textPrice"), "error");
        price.focus();
        return;
      }
      // A price far from the catalogue's is asked about once, before it is queued (an extra
      // zero went straight into the totals); the server asks the same of a form without script.
      var catalogue = parseInt(product.dataset.price, 10);
      if (catalogue > 0 && (unit === 0 || unit > 3 * catalogue || unit * 3 < catalogue) &&
          !window.confirm(text("textPriceFar", { price: rupiah(unit), catalogue: rupiah(catalogue) }))) {
        say("");
        price.focus();
        return;
      }
      var entry = {
        idempotency_key: newKey(),
        product: parseInt(product.value, 10),
        product_name: product.dataset.name,
        quantity: qty,
        unit_price: unit,
        payment_method: method ? method.value : "cash",
        sold_at: new Date().toISOString()
      };
      var queue = loadQueue();
      queue.push(entry);
      saveQueue(queue);
      renderQueue();
      say(text("textQueued", { sale: describe(entry) }), "info");
      // Ready for the next sale: no product chosen, one item, the same way of paying.
      product.checked = false;
      quantity.value = "1";
      price.value = "";
      update();
      flush();
    });

    update();
  }

  if (form) {
    setUpForm();
  }
  if (sendButton) {
    sendButton.addEventListener("click", flush);
  }
  window.addEventListener("online", function () {
    showConnection();
    flush();
  });
  window.addEventListener("offline", showConnection);
  window.setInterval(function () {
    if (loadQueue().length > 0) {
      flush();
    }
  }, RETRY_MS);

  showConnection();
  adoptUnowned();  // before the first count (flush adopts any found later too)
  renderQueue();
  flush();
})();
