/* Small enhancements; every page works without them. */
(function () {
  "use strict";

  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }

  function showLiveParts() {  /* parts that only make sense when the page can update itself */
    document.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });
    document.querySelectorAll("[data-no-js]").forEach(function (el) { el.hidden = true; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    showLiveParts();
    focusErrorSummary(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.target); });
})();
