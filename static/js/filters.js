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
    });
  });
  // On a phone, fold the filter panel away unless it shows an error.
  var panel = document.querySelector("details.filter-panel");
  if (panel && window.matchMedia("(max-width: 54rem)").matches &&
      !panel.querySelector(".field-errors")) {
    panel.open = false;
  }
})();
