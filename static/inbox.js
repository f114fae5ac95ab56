// Inbox enhancements: keyboard shortcuts (j / k next / previous conversation, r reply, n note, e close),
// Ctrl+Enter sends, the thread stays scrolled to the newest message, typing indicators both ways and teammates'
// presence dots. The page works without this file.
(function () {
  "use strict";
  // htmx may run this file again when it swaps a page in: register the handlers once.
  if (window.__parleyInbox) return;
  window.__parleyInbox = true;

  function typing(target) {
    return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function move(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll(".inbox-row > a"));
    if (links.length === 0) return;
    var current = links.findIndex(function (a) { return a.getAttribute("aria-current") === "page"; });
    var next = links[Math.min(links.length - 1, Math.max(0, current === -1 ? 0 : current + step))];
    if (next && next.getAttribute("aria-current") !== "page") window.location.assign(next.href);
  }

  function compose(kind) {
    var radio = document.getElementById(kind === "note" ? "kind-note" : "kind-comment");
    var body = document.getElementById("composer-body");
    if (radio) radio.checked = true;
    if (body) body.focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target instanceof HTMLTextAreaElement && event.target.id === "composer-body") {
      event.preventDefault();
      var send = document.getElementById("composer-send");
      if (send) send.click();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var actions = { j: function () { move(1); }, k: function () { move(-1); }, r: function () { compose("comment"); }, n: function () { compose("note"); },
      e: function () { var b = document.getElementById("close-btn"); if (b) b.click(); } };
    var action = actions[event.key];
    if (!action || !document.querySelector(".inbox")) return;
    event.preventDefault();
    action();
  });

  // SSE `typing` and `presence` messages carry JSON: show them as text here instead of letting htmx swap them in.
  var typingTimer = 0;
  document.addEventListener("htmx:sseBeforeMessage", function (event) {
    var elt = event.target;
    var data;
    try { data = JSON.parse(event.detail.data); } catch (e) { return; }
    if (elt.id === "typing-indicator") {
      event.preventDefault();
      var me = document.querySelector(".inbox") && document.querySelector(".inbox").getAttribute("data-operator");
      if (data.author.type === "operator" && data.author.id === me) return;
      clearTimeout(typingTimer);
      elt.textContent = data.typing ? (data.author.name || (data.author.type === "contact" ? "The contact" : "A teammate")) + " is typing…" : "";
      // A lost "stopped typing" must not leave the indicator up for good.
      if (data.typing) typingTimer = setTimeout(function () { elt.textContent = ""; }, 6000);
    } else if (elt.id === "inbox-view-links") {
      event.preventDefault();
      var dot = elt.querySelector('[data-presence="' + String(data.operatorId).replace(/[^0-9]/g, "") + '"]');
      if (dot) dot.classList.toggle("is-online", data.status === "online");
    }
  });

  // Tell teammates and the contact this operator is typing: at most every 3 s while typing, "stopped" after a pause.
  var lastSent = 0;
  var stopTimer = 0;
  function sendTyping(typing) {
    var composer = document.getElementById("composer");
    var headers = document.body.getAttribute("hx-headers");
    if (!composer || !headers) return;
    var h = JSON.parse(headers);
    h["Content-Type"] = "application/x-www-form-urlencoded";
    fetch("/inbox/" + composer.getAttribute("data-conversation") + "/typing", { method: "POST", headers: h, body: "typing=" + (typing ? "1" : "0"), credentials: "same-origin" }).catch(function () {});
  }
  document.addEventListener("input", function (event) {
    if (!(event.target instanceof HTMLTextAreaElement) || event.target.id !== "composer-body") return;
    var now = Date.now();
    if (now - lastSent > 3000) { lastSent = now; sendTyping(true); }
    clearTimeout(stopTimer);
    stopTimer = setTimeout(function () { lastSent = 0; sendTyping(false); }, 4000);
  });

  function scrollThread() {
    var parts = document.getElementById("thread-parts");
    if (parts) parts.scrollTop = parts.scrollHeight;
  }
  document.addEventListener("htmx:afterSettle", scrollThread);
  scrollThread();
})();
