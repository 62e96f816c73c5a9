// Country and language pickers (nrm/core/pickers.py): a text box whose <datalist> of names
// becomes a listbox filtered by any part of a name, case and diacritics aside; arrows,
// Enter and Escape from the keyboard, a tap on a phone. Without this script the browser
// offers the datalist itself. No dependencies; loaded by base.html, and again on htmx loads.
(function () {
  "use strict";
  var MAX = 8;
  var counter = 0;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function matches(names, typed) {
    var q = fold(typed);
    if (!q) { return []; }
    var starts = [], inside = [];
    names.forEach(function (n) {
      var i = n.folded.indexOf(q);
      if (i === 0 || (i > 0 && n.folded.indexOf(" " + q) >= 0)) { starts.push(n); }
      else if (i > 0) { inside.push(n); }
    });
    return starts.concat(inside).slice(0, MAX);
  }

  function enhance(input) {
    if (input.hasAttribute("data-picker-ready")) { return; }
    var list = document.getElementById(input.getAttribute("list") || "");
    if (!list) { return; }
    input.setAttribute("data-picker-ready", "");
    var names = Array.prototype.map.call(list.options, function (o) {
      return { name: o.value, folded: fold(o.value) };
    });
    input.setAttribute("data-list", list.id);
    input.removeAttribute("list");  // our listbox replaces the browser's suggestions
    counter += 1;
    var box = document.createElement("ul");
    box.id = "picker-box-" + counter;
    box.className = "picker-options";
    box.setAttribute("role", "listbox");
    box.hidden = true;
    input.insertAdjacentElement("afterend", box);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", box.id);
    var active = -1;

    function close() {
      box.hidden = true;
      box.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function mark(i) {
      var items = box.querySelectorAll("li");
      if (!items.length) { return; }
      active = (i + items.length) % items.length;
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(name) {
      input.value = name;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function open() {
      var found = matches(names, input.value);
      box.innerHTML = "";
      active = -1;
      if (!found.length || (found.length === 1 && found[0].name === input.value)) { close(); return; }
      found.forEach(function (n, j) {
        var li = document.createElement("li");
        li.id = box.id + "-" + j;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = n.name;
        // mousedown, not click: the box keeps the focus, so the list is not closed first.
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(n.name); });
        box.appendChild(li);
      });
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    input.addEventListener("input", open);
    input.addEventListener("change", function () { grow(input); });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { if (box.hidden) { open(); } mark(active + 1); e.preventDefault(); }
      else if (e.key === "ArrowUp") { mark(active - 1); e.preventDefault(); }
      else if (e.key === "Escape") { if (!box.hidden) { close(); e.preventDefault(); } }
      else if (e.key === "Enter" && !box.hidden) {
        var items = box.querySelectorAll("li");
        var pick = items[active >= 0 ? active : 0];
        if (pick) { choose(pick.textContent); e.preventDefault(); }
      }
    });
  }

  // Several languages: one empty box is always there to take the next one.
  function grow(input) {
    var group = input.closest("[data-picker-multi]");
    if (!group) { return; }
    var boxes = group.querySelectorAll("input[data-picker]");
    var last = boxes[boxes.length - 1];
    if (!last.value) { return; }
    var next = document.createElement("input");
    ["type", "name", "autocomplete", "spellcheck", "class"].forEach(function (a) {
      if (last.hasAttribute(a)) { next.setAttribute(a, last.getAttribute(a)); }
    });
    next.setAttribute("data-picker", "");
    next.setAttribute("list", last.getAttribute("data-list"));
    next.id = boxes[0].id + "_" + boxes.length;
    next.setAttribute("aria-label", (group.getAttribute("data-label") || "") + " " + (boxes.length + 1));
    group.insertBefore(next, group.querySelector("datalist"));
    enhance(next);
  }

  function init(root) {
    (root || document).querySelectorAll("input[data-picker]").forEach(enhance);
  }

  init(document);
  document.body.addEventListener("htmx:load", function (e) { init(e.target); });
})();
