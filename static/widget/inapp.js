/* In-app messages: posts (popups), banners and small notifications on the page; shown posts in the messenger list. */

var inapp = { session: null, unread: 0, inbox: [], on: {}, timers: [], layer: null, view: null, returnFocus: null, syncTimer: null, href: "", since: 0 };

/** Unread posts of the current session (main.js adds them to the conversations' count; may run before this file). */
function inappUnread() {
  return inapp && inapp.session && inapp.session === state.session ? inapp.unread : 0;
}

function inappSetUnread(n) {
  inapp.session = state.session;
  inapp.unread = Number(n) || 0;
  setUnread(state.convUnread);
}

function inappCall(id, action, body) {
  return api("POST", "/messenger/inapp/" + encodeURIComponent(id) + "/" + action, body || {}, state.session).then(function (r) {
    inappSetUnread(r.unread_count);
    return r;
  });
}

/** Asks what to show on this page (after boot and on every update) and schedules it. */
function inappSync() {
  var view = state.view, session = state.session;
  if (!view || !session) return;
  // "After N seconds on the page" counts from when this URL was reached, however often we ask again.
  if (inapp.href !== location.href) { inapp.href = location.href; inapp.since = Date.now(); }
  api("GET", "/messenger/inapp?url=" + encodeURIComponent(location.href.slice(0, 2048)), undefined, session).then(function (res) {
    if (view !== state.view || session !== state.session) return;
    var sig = function (l) { return l.map(function (p) { return p.id + (p.dismissed ? "d" : "") + (p.read ? "r" : ""); }).join(); };
    var changed = inapp.session !== session || sig(inapp.inbox) !== sig(res.inbox || []);
    inapp.inbox = res.inbox || [];
    inappSetUnread(res.unread_count);
    // Redrawn only when it changed: an open list keeps its focus.
    if (changed && view.threadId() === undefined) view.showList(state.conversations || []);
    inappPlan(view, res.messages || []);
  }, function (err) { if (err.status !== 401) warn("in-app messages unavailable: " + err.message); });
}

function inappSoon() {
  clearTimeout(inapp.syncTimer);
  inapp.syncTimer = setTimeout(inappSync, 300);
}

/** One post, one banner and one notification at a time; what this page no longer matches goes away. */
function inappPlan(view, list) {
  if (inapp.view !== view) {
    inapp.view = view;
    inapp.on = {};
    inapp.layer = el("div", { class: "inapp" });
    view.d.root.appendChild(inapp.layer);
    inappStyles(view.d.root, view.look || {});
  }
  inapp.timers.forEach(clearTimeout);
  inapp.timers = [];
  var wanted = {};
  list.forEach(function (m) { if (!wanted[m.channel]) wanted[m.channel] = m; });
  Object.keys(inapp.on).forEach(function (ch) {
    var cur = inapp.on[ch];
    if (!wanted[ch] || wanted[ch].id !== cur.id) inappRemove(ch);
  });
  Object.keys(wanted).forEach(function (ch) {
    var m = wanted[ch];
    if (inapp.on[ch]) return;
    var show = function () {
      if (inapp.view !== state.view) return;
      inappCall(m.id, "shown").then(function (r) { if (inapp.view === view && !inapp.on[ch]) inappShow(r.message); }, function () {});
    };
    var wait = m.delay_seconds * 1000 - (Date.now() - inapp.since);
    if (wait > 0) inapp.timers.push(setTimeout(show, wait));
    else show();
  });
}

function inappRemove(ch) {
  var cur = inapp.on[ch];
  if (!cur) return;
  delete inapp.on[ch];
  var hadFocus = inapp.view && cur.node.contains(inapp.view.d.root.activeElement);
  cur.node.remove();
  if (ch === "post" && hadFocus && inapp.returnFocus && inapp.returnFocus.focus) inapp.returnFocus.focus();
}

function inappDismiss(m) {
  inappRemove(m.channel);
  inappCall(m.id, "dismiss").then(inappSync, function () {});
}

/** The card's contents, shared by the popup, the banner, the bubble and the messenger's post view. */
function inappCard(m, where) {
  var view = state.view;
  var name = m.sender_name || (view.look && view.look.teamName) || "";
  var parts = [name && where !== "banner" ? el("p", { class: "from", text: name }) : null];
  if (m.title) parts.push(el(m.channel === "post" ? "h2" : "strong", { class: "title", id: "parley-inapp-" + m.id, text: m.title }));
  var body = el("div", { class: "text" });
  body.appendChild(safeBody(m.body_html));
  parts.push(body);
  if (m.button && /^https?:\/\//i.test(m.button.url)) {
    var link = el("a", { class: "cta", href: m.button.url, text: m.button.label });
    link.addEventListener("click", function (e) {
      e.preventDefault();
      var go = function () { location.assign(m.button.url); };
      inappCall(m.id, "click").then(go, go);
    });
    parts.push(link);
  }
  if (m.replies.length) parts.push(inappReplies(m));
  if (m.allow_reply && where !== "banner") parts.push(inappReplyForm(m));
  return parts;
}

function inappReplies(m) {
  var box = el("div", { class: "replies", role: "group", "aria-label": "Quick replies" });
  var thanks = el("p", { class: "thanks", role: "status", hidden: !m.answer, text: "Thanks for your answer!" });
  m.replies.forEach(function (r) {
    var b = el("button", { type: "button", "data-value": r.value, "aria-pressed": String(m.answer === r.value), disabled: Boolean(m.answer), text: r.label });
    b.addEventListener("click", function () {
      var all = box.querySelectorAll("button");
      for (var i = 0; i < all.length; i++) all[i].disabled = true;
      inappCall(m.id, "answer", { value: r.value }).then(function (res) {
        m.answer = res.message.answer;
        for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-pressed", String(all[i].getAttribute("data-value") === m.answer));
        thanks.hidden = false;
      }, function (err) {
        for (var i = 0; i < all.length; i++) all[i].disabled = false;
        warn("answer not saved: " + err.message);
      });
    });
    box.appendChild(b);
  });
  box.appendChild(thanks);
  return box;
}

/** Answering a post with text turns it into a conversation, opened in the messenger. */
function inappReplyForm(m) {
  var input = el("textarea", { rows: "2", maxlength: "10000", "aria-label": "Reply", placeholder: "Write a reply…" });
  var form = el("form", { class: "reply" }, [input, el("button", { type: "submit", text: "Send" })]);
  var clientId = newClientId();
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.disabled = true;
    inappCall(m.id, "reply", { body: text, client_message_id: clientId }).then(function (res) {
      inappRemove("post");
      show();
      refresh();
      openThread(res.conversation_id);
    }, function (err) {
      input.disabled = false;
      warn("reply not sent: " + err.message);
    });
  });
  return form;
}

function inappClose(m, label) {
  var b = el("button", { type: "button", class: "x", "aria-label": label, text: "×" });
  b.addEventListener("click", function () { inappDismiss(m); });
  return b;
}

function inappShow(m) {
  var node;
  if (m.channel === "post") {
    var card = el("div", { class: "card", role: "dialog", "aria-modal": "true", "aria-label": m.title ? null : "Message", "aria-labelledby": m.title ? "parley-inapp-" + m.id : null },
      [inappClose(m, "Dismiss message")].concat(inappCard(m, "post")));
    node = el("div", { class: "post", "data-delivery": m.id }, [card]);
    inapp.returnFocus = document.activeElement;
    card.addEventListener("keydown", function (e) { inappTrap(e, card); });
    // A click beside the card keeps focus in it, so Esc still reaches it.
    node.addEventListener("mousedown", function (e) { if (e.target === node) e.preventDefault(); });
  } else if (m.channel === "banner") {
    node = el("div", { class: "banner " + m.position, role: "region", "aria-label": "Announcement", "data-delivery": m.id },
      inappCard(m, "banner").concat([inappClose(m, "Dismiss announcement")]));
  } else {
    node = el("div", { class: "note", role: "status", "data-delivery": m.id }, [inappClose(m, "Dismiss notification")].concat(inappCard(m, "note")));
  }
  node.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.stopPropagation(); inappDismiss(m); } });
  inapp.on[m.channel] = { id: m.id, node: node };
  inapp.layer.appendChild(node);
  if (m.channel === "post") (node.querySelector(".replies button, textarea, .cta") || node.querySelector(".x")).focus();
}

/** Tab stays inside the popup while it is open. */
function inappTrap(e, card) {
  if (e.key !== "Tab") return;
  var f = card.querySelectorAll("button:not([disabled]), a[href], textarea:not([disabled])");
  if (!f.length) return;
  var first = f[0], last = f[f.length - 1], active = inapp.view.d.root.activeElement;
  if (e.shiftKey && active === first) { e.preventDefault(); last.focus(); }
  else if (!e.shiftKey && active === last) { e.preventDefault(); first.focus(); }
}

/** The messenger's list gains the posts the contact was shown; opening one reads it there. */
function inappList(view) {
  var posts = inapp.session === state.session ? inapp.inbox : [];
  if (!posts.length) return;
  var empty = view.d.body.querySelector(".empty");
  if (empty) empty.remove();
  var list = el("ul", { class: "convs posts", "aria-label": "Messages from the team" });
  posts.forEach(function (p) {
    var unread = p.dismissed && !p.read;
    var btn = el("button", { type: "button", class: unread ? "unread" : "", "data-delivery": p.id }, [p.title || bodyText(p.body_html) || "Message", unread ? el("span", { class: "sr", text: " (unread)" }) : null]);
    btn.addEventListener("click", function () { inappOpen(view, p); });
    list.appendChild(el("li", {}, [btn]));
  });
  view.d.body.appendChild(list);
}

function inappOpen(view, p) {
  var d = view.d;
  view.thread = { id: "post:" + p.id, log: el("div", { class: "log inapp-read" }), seen: {} };
  d.typing.hidden = d.composer.hidden = true;
  d.back.hidden = false;
  d.body.textContent = "";
  inappCard(p, "inbox").forEach(function (n) { if (n) view.thread.log.appendChild(n); });
  d.body.appendChild(view.thread.log);
  if (!p.read) inappCall(p.id, "open").then(function (r) { p.read = r.message.read; }, function () {});
}

var inappBaseShowList = View.prototype.showList;
View.prototype.showList = function (convs) {
  inappBaseShowList.call(this, convs);
  inappList(this);
};
var inappBaseCreateView = createView;
createView = function (look, opts, cb) {
  var view = inappBaseCreateView(look, opts, cb);
  view.look = look;
  return view;
};
var inappBaseUpdate = METHODS.update;
METHODS.update = function (attrs) {
  var res = inappBaseUpdate(attrs);
  inappSoon();
  return res;
};
hooks.ready.push(inappSync);
// A message that becomes due while the page is open is announced on the contact's stream: ask again.
var inappBaseOpenStream = openStream;
openStream = function (session, lastEventId, handlers) {
  handlers.inapp = inappSoon;
  return inappBaseOpenStream(session, lastEventId, handlers);
};

function inappStyles(root, look) {
  var side = look.alignment === "left" ? "left" : "right";
  var color = look.actionColor || "#1e3a8a";
  var clear = (look.horizontalPadding || 20) + 64;
  var css = [
    ".post{position:fixed;inset:0;background:rgba(17,24,39,.45);display:flex;align-items:center;justify-content:center;z-index:2147483002;padding:12px}",
    ".card,.banner,.note{background:#fff;color:#111827;font-size:14px;line-height:1.45;position:relative}",
    ".card{width:480px;max-width:100%;max-height:85vh;overflow:auto;border-radius:14px;padding:22px;box-shadow:0 12px 48px rgba(0,0,0,.3)}",
    ".card h2{font-size:19px;margin:0 0 8px}.from{margin:0 0 6px;font-size:12px;color:#6b7280}",
    ".text p{margin:0 0 8px}.text a{color:" + color + "}",
    ".x{position:absolute;top:6px;right:6px;border:0;background:transparent;font-size:20px;line-height:1;cursor:pointer;padding:4px 8px;border-radius:6px;color:inherit}",
    ".banner{position:fixed;left:0;right:0;display:flex;gap:12px;align-items:center;padding:10px 48px 10px 16px;z-index:2147482999;box-shadow:0 2px 12px rgba(0,0,0,.15);flex-wrap:wrap}",
    ".banner.top{top:0}.banner.bottom{bottom:0}.banner .text p{margin:0}",
    // A bottom banner leaves the launcher's corner free, close button included.
    ".banner.bottom{padding-" + side + ":" + (clear + 40) + "px}.banner.bottom .x{right:auto;" + side + ":" + clear + "px}",
    ".note{position:fixed;" + side + ":" + (look.horizontalPadding || 20) + "px;bottom:" + ((look.verticalPadding || 20) + 70) + "px;width:300px;max-width:calc(100vw - 24px);",
    "padding:14px 34px 14px 14px;border-radius:12px;box-shadow:0 6px 24px rgba(0,0,0,.2);z-index:2147483000}",
    ".cta,.replies button,.reply button{display:inline-block;border:0;border-radius:8px;background:" + color + ";color:#fff;padding:8px 14px;margin:4px 6px 0 0;font-size:14px;cursor:pointer;text-decoration:none}",
    ".replies button{background:#fff;color:" + color + ";border:1px solid " + color + "}",
    ".replies button[aria-pressed=true]{background:" + color + ";color:#fff}.replies button:disabled{cursor:default}",
    ".thanks{margin:8px 0 0;color:#047857}.thanks[hidden]{display:none}",
    ".reply{display:flex;gap:8px;margin-top:12px}.reply textarea{flex:1;resize:none;border:1px solid #d1d5db;border-radius:8px;padding:8px;font-size:14px}",
    ".inapp a:focus-visible,.inapp button:focus-visible,.inapp textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}",
    ".posts{margin-top:12px}",
    "@media (max-width:480px){.card{padding:18px}.note{" + side + ":12px;width:auto;left:12px;right:12px}}",
  ].join("\n");
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = root.adoptedStyleSheets.concat([sheet]);
  } catch (e) {
    root.appendChild(el("style", { text: css }));
  }
}
