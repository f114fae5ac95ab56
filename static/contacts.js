// Contacts list enhancements: "select all on this page", and closing the Columns / Save as segment popovers on
// Escape or a click elsewhere. The page works without it (tick boxes one by one, toggle popovers by hand).
(function () {
  "use strict";
  // htmx re-runs this file when it swaps the list in: register the handler once.
  if (window.__parleyContacts) return;
  window.__parleyContacts = true;

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute("data-select-all")) return;
    var form = box.form;
    if (!form) return;
    var name = box.getAttribute("data-select-all");
    form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (item) {
      item.checked = box.checked;
    });
  });

  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.popover[open]").forEach(function (d) {
      if (!(event.target instanceof Node) || !d.contains(event.target)) d.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.popover[open]").forEach(function (d) {
      d.removeAttribute("open");
      var summary = d.querySelector("summary");
      if (summary) summary.focus();
    });
  });
})();
