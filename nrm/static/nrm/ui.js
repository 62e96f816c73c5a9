// Phone layout helpers for every page (docs/ui.md). No dependencies; loaded in <head> so the
// "js" class is set before the first paint (the collapsed menu does not flash open).
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // 1. The menu button: shown by CSS on narrow screens only, opens and closes #menu.
  function menuSetUp() {
    var button = document.querySelector(".menu-toggle");
    var menu = document.getElementById("menu");
    if (!button || !menu) { return; }
    button.hidden = false;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    button.parentNode.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("open")) {
        set(false);
        button.focus();
      }
    });
  }

  // 2. Tables read as cards on a phone: each cell is labelled by its column's header, so no
  // table template needs a data-label of its own (CSS: td::before { content: attr(data-label) }).
  function tablesLabel(scope) {
    var tables = scope.querySelectorAll ? scope.querySelectorAll("table") : [];
    if (scope.tagName === "TABLE") { tables = [scope]; }
    Array.prototype.forEach.call(tables, function (table) {
      table.classList.add("cards");
      var headRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!headRow) { return; }  // a table of row headers reads well stacked, unlabelled
      var labels = [];
      Array.prototype.forEach.call(headRow.cells, function (th) {
        var span = th.colSpan || 1;
        var text = th.textContent.replace(/\s+/g, " ").trim();
        for (var i = 0; i < span; i++) { labels.push(text); }
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            var label = labels[column] || "";
            // A row's own header (th scope=row) is the card's title: no label.
            if (label && cell.tagName === "TD" && !cell.hasAttribute("data-label")) {
              cell.setAttribute("data-label", label);
            }
            column += cell.colSpan || 1;
          });
        });
      });
    });
  }

  // 3. Error summary: after a failed submit the errors are listed at the top of the form (or of
  // the page), each a link to its field, and focus moves there (GOV.UK's pattern).
  function fieldOf(error) {
    var box = error.closest(".field");
    if (!box) { return null; }
    return box.querySelector("input:not([type=hidden]), select, textarea, button");
  }
  function labelOf(error, field) {
    var box = error.closest(".field");
    var label = box && (box.querySelector("legend") || box.querySelector("label"));
    if (field && field.id) {
      var byFor = document.querySelector('label[for="' + field.id + '"]');
      if (byFor) { label = byFor; }
    }
    return label ? label.textContent.replace(/\s+/g, " ").trim() : "";
  }
  var summaries = 0;
  function errorSummary(scope) {
    var main = document.getElementById("main");
    if (!main || !scope.querySelectorAll) { return; }
    var errors = Array.prototype.filter.call(
      scope.querySelectorAll('.error[role="alert"]'),
      function (el) { return !el.closest(".messages, .error-summary"); }
    );
    if (!errors.length) { return; }
    var form = errors[0].closest("form");
    var summary = document.createElement("div");
    summary.className = "error-summary";
    summary.setAttribute("tabindex", "-1");
    summary.setAttribute("aria-labelledby", "error-summary-h" + summaries);
    var heading = document.createElement("h2");
    heading.id = "error-summary-h" + summaries;
    heading.textContent = main.getAttribute("data-error-heading") || "There is a problem";
    var list = document.createElement("ul");
    errors.forEach(function (error, n) {
      var field = fieldOf(error);
      var target = field && field.id ? field : error;
      if (!target.id) { target.id = "error-" + summaries + "-" + n; }
      var label = field ? labelOf(error, field) : "";
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + target.id;
      link.textContent = (label ? label + ": " : "") + error.textContent.replace(/\s+/g, " ").trim();
      link.addEventListener("click", function (event) {
        event.preventDefault();
        (target.closest(".field") || target).scrollIntoView({ block: "center" });
        target.focus({ preventScroll: true });
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    summary.appendChild(heading);
    summary.appendChild(list);
    summaries += 1;
    var old = (form || main).querySelector(":scope > .error-summary");
    if (old) { old.remove(); }
    var anchor = form || main;
    anchor.insertBefore(summary, anchor.firstChild);
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start" });
  }

  // 4. Dates in the user's format (dd.mm.yyyy), whatever the browser's locale: a native date
  // input shows the browser's format, so it becomes a text field with a hint; what is sent is
  // ISO (YYYY-MM-DD), as the server expects (it also accepts dd.mm.yyyy without scripts).
  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
  var LOCAL = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function datesLocalise(scope) {
    if (!scope.querySelectorAll) { return; }
    var hint = root.getAttribute("data-date-hint") || "dd.mm.yyyy";
    Array.prototype.forEach.call(scope.querySelectorAll('input[type="date"]'), function (input) {
      // A native date input empties a value it cannot read (31 February): take what was sent.
      var raw = input.value || input.getAttribute("value") || "";
      var m = ISO.exec(raw);
      input.type = "text";
      input.classList.add("date");
      input.setAttribute("inputmode", "numeric");
      input.setAttribute("autocomplete", "off");
      input.setAttribute("placeholder", hint);
      input.setAttribute("data-date", "");
      input.value = m ? m[3] + "." + m[2] + "." + m[1] : raw;
      if (input.id) {
        var hintId = input.id + "-format";
        if (!document.getElementById(hintId)) {
          var small = document.createElement("small");
          small.className = "help";
          small.id = hintId;
          small.textContent = hint;
          input.insertAdjacentElement("afterend", small);
          var described = input.getAttribute("aria-describedby");
          input.setAttribute("aria-describedby", (described ? described + " " : "") + hintId);
        }
      }
    });
  }
  function isoOf(value) {
    var m = LOCAL.exec(value);
    return m ? m[3] + "-" + pad(parseInt(m[2], 10)) + "-" + pad(parseInt(m[1], 10)) : value;
  }
  document.addEventListener("submit", function (event) {
    Array.prototype.forEach.call(event.target.querySelectorAll("input[data-date]"), function (i) {
      i.value = isoOf(i.value);
    });
  }, true);
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    var form = elt && (elt.tagName === "FORM" ? elt : elt.closest("form"));
    if (!form) { return; }
    Array.prototype.forEach.call(form.querySelectorAll("input[data-date]"), function (i) {
      var params = event.detail.parameters;
      if (i.name && typeof params.get === "function" && params.has(i.name)) {
        params.set(i.name, isoOf(params.get(i.name)));
      } else if (i.name && Object.prototype.hasOwnProperty.call(params, i.name)) {
        params[i.name] = isoOf(params[i.name]);
      }
    });
  });

  // 5. Sticky actions only where they help: a form taller than the screen (CSS: form.long).
  function formsMeasure(scope) {
    if (!scope.querySelectorAll) { return; }
    var forms = scope.tagName === "FORM" ? [scope] : scope.querySelectorAll("form.form");
    Array.prototype.forEach.call(forms, function (form) {
      form.classList.toggle("long", form.getBoundingClientRect().height > window.innerHeight);
    });
  }

  // 6. A chart's table beside it (docs/charts.md): open on a wide screen, folded on a phone.
  function chartTablesOpen(scope) {
    if (!scope.querySelectorAll || window.matchMedia("(max-width: 760px)").matches) { return; }
    Array.prototype.forEach.call(scope.querySelectorAll("details.chart-table"), function (d) {
      d.open = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    menuSetUp();
    chartTablesOpen(document);
    formsMeasure(document);
    tablesLabel(document);
    datesLocalise(document);
    errorSummary(document);
  });
  // After each htmx swap: the new rows get their labels, new errors their summary.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt || event.target;
    var scope = target && target.isConnected ? target : document;
    chartTablesOpen(scope);
    tablesLabel(scope);
    datesLocalise(scope);
    formsMeasure(scope);
    if (scope !== document) { errorSummary(scope); }
  });
})();
