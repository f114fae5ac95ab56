// Small progressive enhancements for the Parley admin. Pages work without this file.
(function () {
  "use strict";

  // Copy buttons: <button data-copy="element-id">. Works on content swapped in by htmx (delegated).
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.textContent || "";
    var done = function (label) {
      var before = button.textContent;
      button.textContent = label;
      setTimeout(function () { button.textContent = before; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done("Copied"); }, function () { selectText(source); done("Press Ctrl+C"); });
    } else {
      // The clipboard API needs https (or localhost): select the text so the user can copy it.
      selectText(source);
      done("Press Ctrl+C");
    }
  });

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // Close the workspace switcher when clicking elsewhere or pressing Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.switcher[open]").forEach(function (d) {
      if (!(event.target instanceof Node) || !d.contains(event.target)) d.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.switcher[open]").forEach(function (d) {
      d.removeAttribute("open");
      var summary = d.querySelector("summary");
      if (summary) summary.focus();
    });
  });

  // htmx leaves the page unchanged on 5xx and network failures: say so in the flash region.
  function showError(text) {
    var region = document.getElementById("flash");
    if (!region) return;
    var box = document.createElement("div");
    box.className = "flash flash-error";
    box.setAttribute("role", "alert");
    box.textContent = text;
    region.replaceChildren(box);
  }
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    showError("Something went wrong (" + status + "). Try again in a moment.");
  });
  document.addEventListener("htmx:sendError", function () {
    showError("Parley could not be reached. Check your connection and try again.");
  });
})();
