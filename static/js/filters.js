// Progressive enhancement for the filter forms; every page works without it.
(function () {
  "use strict";
  document.querySelectorAll("form.filter-form").forEach(function (form) {
    // Leave empty filters out of the address, so shared links stay short.
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (field.name && field.value === "") {
          field.disabled = true;
        }
      });
      // The next page starts where the reader's attention goes: the count.
      try { sessionStorage.setItem("tracker-focus-results", "1"); } catch (e) {}
    });
  });
  var focusResults = false;
  try {
    focusResults = sessionStorage.getItem("tracker-focus-results") === "1";
    sessionStorage.removeItem("tracker-focus-results");
  } catch (e) {}
  var count = document.getElementById("result-count");
  if (focusResults && count) {
    count.setAttribute("tabindex", "-1");
    count.focus();
  }
  // On a phone, fold the filter panel away unless it shows an error.
  var panel = document.querySelector("details.filter-panel");
  if (panel && window.matchMedia("(max-width: 54rem)").matches &&
      !panel.querySelector(".field-errors")) {
    panel.open = false;
  }
})();
