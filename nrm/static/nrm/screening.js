// Live count of the indicators ticked against the profile's threshold (no dependencies).
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
})();
