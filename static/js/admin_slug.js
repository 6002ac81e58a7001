// The agreement form proposes its slug as the seed data spells them:
// ukraine-<partner>-<signing date> (ukraine-norway-2024-05-31), from the
// party rows and the signing date, until the editor types a slug of their
// own. Only on a new agreement (an empty slug when the page opened).
(function () {
  "use strict";
  function start() {
    var slug = document.getElementById("id_slug");
    var signed = document.getElementById("id_signed_on");
    if (!slug || !signed || slug.value !== "") return;
    var edited = false;
    slug.addEventListener("input", function () { edited = slug.value !== ""; });

    function words(text) {
      return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
        .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    }
    function partyNames() {
      var names = [];
      document.querySelectorAll("select[name^='party_links-'][name$='-country']")
        .forEach(function (select) {
          if (select.name.indexOf("__prefix__") !== -1) return;
          var option = select.options[select.selectedIndex];
          if (option && option.value) names.push(option.text.replace(/\s*\(.*\)$/, ""));
        });
      return names;
    }
    function propose() {
      if (edited) return;
      var names = partyNames();
      var partner = names.filter(function (n) { return words(n) !== "ukraine"; })[0];
      var parts = ["ukraine"];
      if (partner) parts.push(words(partner));
      if (/^\d{4}-\d{2}-\d{2}$/.test(signed.value)) parts.push(signed.value);
      slug.value = parts.join("-").slice(0, 200);
    }
    signed.addEventListener("input", propose);
    signed.addEventListener("change", propose);
    document.addEventListener("change", propose);
    // The search-as-you-type boxes (select2) announce a choice through jQuery.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(document).on("change select2:select", "select", propose);
    }
  }
  // The admin loads its scripts in the page head, before the form exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
