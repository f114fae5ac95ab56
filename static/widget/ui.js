/* The launcher and the panel, in a shadow root: a list of conversations and one thread with a composer. */

var CHAT_ICON = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z";
var IMAGE_ICON = "M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm1 12h14l-4.5-6-3.5 4.5-2.5-3z";

function icon(path) {
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  var p = document.createElementNS(ns, "path");
  p.setAttribute("d", path);
  svg.appendChild(p);
  return svg;
}

/** Styles through a constructed sheet when possible: host pages with a strict style-src CSP still allow it. */
function applyStyles(root, css) {
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    root.appendChild(el("style", { text: css }));
  }
}

/** The widget's elements, in an open shadow root attached to the end of the body. */
function buildDom(look, opts) {
  var d = { host: el("div", { id: "parley-messenger", "data-parley": "" }) };
  d.root = d.host.attachShadow({ mode: "open" });
  applyStyles(d.root, widgetCss(look));
  d.badge = el("span", { class: "badge", hidden: true, "aria-hidden": "true" });
  d.launcher = el("button", { class: "launcher", type: "button", "aria-label": "Open messages", "aria-expanded": "false", "aria-controls": "parley-panel", hidden: opts.hideLauncher }, [icon(CHAT_ICON), d.badge]);
  d.back = el("button", { type: "button", class: "back", "aria-label": "Back to conversations", hidden: true, text: "‹" });
  d.closeBtn = el("button", { type: "button", class: "close", "aria-label": "Close messages", text: "×" });
  d.body = el("div", { class: "body" });
  d.live = el("div", { class: "sr", "aria-live": "polite" });
  d.typing = el("p", { class: "typing", hidden: true, "aria-live": "polite", text: "The team is typing…" });
  d.input = el("textarea", { "aria-label": "Write a message", placeholder: "Write a message…", rows: "1", maxlength: "10000" });
  d.file = el("input", { type: "file", accept: "image/png,image/jpeg,image/gif,image/webp", class: "sr", tabindex: "-1", "aria-hidden": "true" });
  d.attach = el("button", { type: "button", class: "attach", "aria-label": "Attach an image" }, [icon(IMAGE_ICON)]);
  d.composer = el("form", { class: "composer", hidden: true }, [d.attach, d.file, d.input, el("button", { type: "submit", text: "Send" })]);
  d.team = el("div", { class: "team", "aria-live": "polite" });
  var title = el("div", { class: "title" }, [el("h2", { id: "parley-title", text: look.teamName || "Messages" }), d.team]);
  var head = el("div", { class: "head" }, [d.back, title, d.closeBtn]);
  d.panel = el("div", { id: "parley-panel", class: "panel", role: "dialog", "aria-labelledby": "parley-title", hidden: true }, [head, d.body, d.typing, d.composer, d.live]);
  d.root.appendChild(d.launcher);
  d.root.appendChild(d.panel);
  document.body.appendChild(d.host);
  return d;
}

/** What the person does goes to `cb`: open(), close(), back(), compose(), select(id), send(text), typing(), upload(file). */
function wire(d, cb) {
  d.launcher.addEventListener("click", function () { d.panel.hidden ? cb.open() : cb.close(); });
  d.closeBtn.addEventListener("click", function () { cb.close(); });
  d.back.addEventListener("click", function () { cb.back(); });
  d.panel.addEventListener("keydown", function (e) { if (e.key === "Escape") cb.close(); });
  var submit = function () {
    var text = d.input.value.trim();
    if (!text) return;
    d.input.value = "";
    cb.send(text);
  };
  d.composer.addEventListener("submit", function (e) {
    e.preventDefault();
    submit();
  });
  d.input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  });
  d.input.addEventListener("input", function () { if (d.input.value.trim()) cb.typing(); });
  d.attach.addEventListener("click", function () { d.file.click(); });
  d.file.addEventListener("change", function () {
    if (d.file.files && d.file.files[0]) cb.upload(d.file.files[0]);
    d.file.value = "";
  });
}

/** Draws the widget; main.js owns the state and calls these methods. */
function View(look, opts, cb) {
  this.d = buildDom(look, opts);
  this.cb = cb;
  this.thread = null;
  wire(this.d, cb);
}

function createView(look, opts, cb) {
  return new View(look, opts, cb);
}

View.prototype.isOpen = function () { return !this.d.panel.hidden; };
View.prototype.destroy = function () { this.d.host.remove(); };
View.prototype.showLauncher = function (visible) { this.d.launcher.hidden = !visible; };
View.prototype.setTyping = function (on) { this.d.typing.hidden = !on; };
/** undefined: the list is shown; null: a new conversation being written; else the conversation id. */
View.prototype.threadId = function () { return this.thread ? this.thread.id : undefined; };

View.prototype.open = function () {
  var d = this.d;
  d.panel.hidden = false;
  d.launcher.setAttribute("aria-expanded", "true");
  this.labelLauncher();
  (d.composer.hidden ? d.closeBtn : d.input).focus();
};

View.prototype.close = function () {
  var d = this.d;
  var hadFocus = d.root.activeElement && d.panel.contains(d.root.activeElement);
  d.panel.hidden = true;
  d.launcher.setAttribute("aria-expanded", "false");
  this.labelLauncher();
  if (hadFocus && !d.launcher.hidden) d.launcher.focus();
};

View.prototype.setUnread = function (n) {
  this.unread = n;
  this.d.badge.hidden = !n;
  this.d.badge.textContent = n > 99 ? "99+" : String(n || "");
  this.labelLauncher();
};

View.prototype.labelLauncher = function () {
  var n = this.unread;
  this.d.launcher.setAttribute("aria-label", (this.d.panel.hidden ? "Open messages" : "Close messages") + (n ? " (" + n + " unread)" : ""));
};

View.prototype.showList = function (convs) {
  var d = this.d;
  var cb = this.cb;
  this.thread = null;
  d.typing.hidden = d.back.hidden = d.composer.hidden = true;
  d.body.textContent = "";
  var start = el("button", { type: "button", class: "new", text: "Send us a message" });
  start.addEventListener("click", function () { cb.compose(); });
  d.body.appendChild(start);
  if (!convs.length) return void d.body.appendChild(el("p", { class: "empty", text: "No conversations yet." }));
  var list = el("ul", { class: "convs", "aria-label": "Your conversations" });
  convs.forEach(function (c) {
    var preview = c.lastPart ? bodyText(c.lastPart.body) || "Attachment" : "Conversation";
    var btn = el("button", { type: "button", class: c.unread ? "unread" : "", "data-conversation": c.id }, [preview, c.unread ? el("span", { class: "sr", text: " (unread)" }) : null]);
    btn.addEventListener("click", function () { cb.select(c.id); });
    list.appendChild(el("li", {}, [btn]));
  });
  d.body.appendChild(list);
};

View.prototype.showThread = function (id, parts, prefill) {
  var d = this.d;
  this.thread = { id: id, log: el("div", { class: "log", role: "log", "aria-label": "Messages" }), seen: {} };
  d.typing.hidden = true;
  d.back.hidden = d.composer.hidden = false;
  d.body.textContent = "";
  d.body.appendChild(this.thread.log);
  parts.forEach(this.addPart, this);
  if (!parts.length) this.thread.log.appendChild(el("p", { class: "empty", text: "Ask us anything. We usually reply within a few minutes." }));
  if (prefill) d.input.value = prefill;
  if (!d.panel.hidden) d.input.focus();
};

/** Appends a part once (by id); a confirmed part replaces its pending copy (same client message id). */
View.prototype.addPart = function (part) {
  var t = this.thread;
  if (!t || (part.id && t.seen[part.id])) return;
  var pending = part.clientMessageId && t.log.querySelector('[data-client="' + CSS.escape(part.clientMessageId) + '"]');
  var mine = part.author && part.author.type === "contact";
  var node = el("div", { class: "msg " + (mine ? "contact" : "team") + (part.pending ? " pending" : ""), "data-part": part.id, "data-client": part.clientMessageId }, [
    safeBody(part.body),
  ].concat((part.attachments || []).map(attachmentNode), [
    el("span", { class: "meta", text: authorLabel(part) + " · " + timeLabel(part.createdAt || Date.now()) }),
  ]));
  if (part.id) t.seen[part.id] = true;
  var empty = t.log.querySelector(".empty");
  if (empty) empty.remove();
  if (pending) pending.replaceWith(node);
  else t.log.appendChild(node);
  if (!mine && !part.pending) this.d.live.textContent = "New message: " + bodyText(part.body);
  this.d.body.scrollTop = this.d.body.scrollHeight;
};

/** Seen receipts: the team has read the contact's messages up to this part. */
View.prototype.markSeen = function (partId) {
  if (!this.thread) return;
  var mine = this.thread.log.querySelectorAll(".msg.contact[data-part]");
  for (var i = 0; i < mine.length; i++) {
    if (Number(mine[i].getAttribute("data-part")) <= partId && !mine[i].querySelector(".seen")) {
      mine[i].querySelector(".meta").appendChild(el("span", { class: "seen", text: " · Seen" }));
    }
  }
};
