// Live count of the indicators ticked against the profile's threshold, and the filter box
// that narrows the list by a word (no dependencies).
(function () {
  "use strict";
  var tally = document.querySelector("[data-threshold]");
  var form = document.getElementById("screening-form");
  if (!tally || !form) { return; }
  var threshold = parseInt(tally.getAttribute("data-threshold"), 10);
  var count = document.getElementById("indicator-count");
  var result = document.getElementById("threshold-result");
  function update() {
    var n = form.querySelectorAll('input[name="indicators"]:checked').length;
    var reached = n >= threshold;
    count.textContent = String(n);
    result.textContent = tally.getAttribute(reached ? "data-reached" : "data-not-reached");
    tally.classList.toggle("reached", reached);
  }
  form.addEventListener("change", update);
  update();

  // The filter only hides; every box stays in the form, so nothing ticked is lost.
  var box = document.getElementById("indicator-filter-box");
  var filter = document.getElementById("indicator-filter");
  if (!box || !filter) { return; }
  box.hidden = false;
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function narrow() {
    var words = fold(filter.value).split(/\s+/).filter(Boolean);
    form.querySelectorAll("fieldset.indicators").forEach(function (group) {
      var shown = 0;
      group.querySelectorAll("label.indicator").forEach(function (label) {
        var text = fold(label.textContent);
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        label.hidden = !match;
        if (match) { shown += 1; }
      });
      group.hidden = shown === 0;
    });
  }
  filter.addEventListener("input", narrow);
  // Enter in the box filters; it must not submit the screening.
  filter.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); }
  });
})();
