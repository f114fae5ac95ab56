/* window.Intercom: the snippet's queue, boot/update/shutdown, the live stream and the unread counter. */

var IDENTITY_KEYS = ["user_id", "email", "user_hash", "intercom_user_jwt"];
var state = { settings: null, appId: "", session: null, lastEventId: null, stream: null, view: null, unread: 0, reported: 0, booted: false, booting: null, retries: 0 };
var hooks = { show: [], hide: [], unread: [], ready: [], email: [] };
var updateTimer = null;
var pendingUpdate = {};
var launcherSelector = null;

function warn(msg) {
  if (window.console) console.warn("Parley messenger: " + msg);
}
function fire(list, arg) {
  list.slice().forEach(function (fn) {
    try { fn(arg); } catch (e) { warn("a callback failed: " + (e && e.message)); }
  });
}
function page() {
  return { url: location.href.slice(0, 2048), title: (document.title || "").slice(0, 512), referrer: (document.referrer || "").slice(0, 2048) };
}
function plain(settings) {
  var out = {};
  Object.keys(settings || {}).forEach(function (k) { if (typeof settings[k] !== "function") out[k] = settings[k]; });
  return out;
}

/** Boots (or boots again): one call to /messenger/boot, then the UI and the stream. */
function boot(settings) {
  teardown(false);
  state.settings = plain(settings);
  state.appId = String(state.settings.app_id || SCRIPT_APP_ID);
  var req = Object.assign({}, state.settings, { app_id: state.appId, anonymous_id: visitorId(state.appId), page: page() });
  var attempt = state.booting = api("POST", "/messenger/boot", req).then(function (res) {
    if (attempt !== state.booting) return;
    state.session = res.session;
    state.lastEventId = res.event_id;
    state.team = res.team || null;
    // Only anonymous visitors are asked where replies should go; users are known.
    state.hasEmail = Boolean(res.contact && (res.contact.has_email || res.contact.role !== "lead"));
    state.booted = true;
    state.retries = 0;
    mountView(res);
    setUnread(res.unread_count);
    connect();
    fire(hooks.ready);
  }, function (err) {
    if (attempt !== state.booting) return;
    // This browser's visitor id belongs to a verified user who never shut down: start over as a new visitor.
    if (err.field === "anonymous_id" && !settings.__retried) {
      forgetVisitor(state.appId);
      return boot(Object.assign({}, settings, { __retried: true }));
    }
    warn("boot refused (" + err.status + "): " + err.message);
  });
  return attempt;
}

function mountView(res) {
  var s = state.settings;
  var look = Object.assign({}, res.settings);
  // Colours end up in CSS text: only plain hex colours are taken from the page.
  if (/^#[0-9a-fA-F]{3,8}$/.test(s.action_color || "")) look.actionColor = s.action_color;
  if (/^#[0-9a-fA-F]{3,8}$/.test(s.background_color || "")) look.backgroundColor = s.background_color;
  if (s.alignment === "left" || s.alignment === "right") look.alignment = s.alignment;
  if (s.horizontal_padding >= 0 && s.horizontal_padding <= 500) look.horizontalPadding = Number(s.horizontal_padding);
  if (s.vertical_padding >= 0 && s.vertical_padding <= 500) look.verticalPadding = Number(s.vertical_padding);
  state.conversations = res.conversations || [];
  launcherSelector = s.custom_launcher_selector ? String(s.custom_launcher_selector) : null;
  state.view = createView(look, { hideLauncher: Boolean(s.hide_default_launcher) }, {
    open: show, close: hide, back: showList, compose: function () { openThread(null); }, select: openThread, send: sendMessage, typing: notifyTyping,
    upload: sendImage,
  });
  state.view.setTeam(state.team);
  state.view.showList(state.conversations);
}

/** The contact's stream; a refused one (expired session) boots again, a dropped one resumes by itself. */
function connect() {
  if (state.stream) state.stream.close();
  state.stream = openStream(state.session, state.lastEventId, {
    part: onPart, unread: function (d) { if (d) setUnread(d.count); },
    merged: function () { boot(state.settings); }, reset: refresh, typing: onTyping, read: onRead,
  });
  state.stream.onmessage = function (e) { if (e.lastEventId) state.lastEventId = e.lastEventId; };
  state.stream.onerror = function () {
    if (state.stream && state.stream.readyState === 2 && state.retries++ < 5) setTimeout(function () { boot(state.settings); }, 1000 * state.retries);
  };
}

function onPart(d, eventId) {
  if (eventId) state.lastEventId = eventId;
  if (d && d.unread) setUnread(d.unread.count);
  if (!d || !d.part || !state.view) return;
  if (state.view.threadId() === d.conversationId) {
    state.view.addPart(d.part);
    if (d.part.author.type !== "contact") state.view.setTyping(false);
    if (state.view.isOpen() && d.part.author.type !== "contact") markRead(d.conversationId);
  } else if (state.view.threadId() === undefined) refresh();
}

function onTyping(d) {
  if (d && d.author && d.author.type === "operator" && state.view && state.view.threadId() === d.conversationId) state.view.setTyping(d.typing);
}

function onRead(d) {
  if (d && d.reader && d.reader.type === "operator" && state.view && state.view.threadId() === d.conversationId) state.view.markSeen(Number(d.lastReadPartId));
}

/** Tells operators the contact is typing, at most every 3 s. */
var lastTyping = 0;
function notifyTyping() {
  var id = state.view && state.view.threadId();
  if (!id || Date.now() - lastTyping < 3000) return;
  lastTyping = Date.now();
  api("POST", "/messenger/conversations/" + encodeURIComponent(id) + "/typing", { typing: true }, state.session).catch(function () {});
}

function refresh() {
  if (!state.session) return;
  api("GET", "/messenger/conversations", undefined, state.session).then(function (res) {
    state.conversations = res.conversations;
    if (res.team && state.view) state.view.setTeam((state.team = res.team));
    setUnread(res.unread_count);
    if (state.view && state.view.threadId() === undefined) state.view.showList(res.conversations);
  }, function () {});
}

function setUnread(n) {
  state.convUnread = Number(n) || 0;
  // Posts waiting in the messenger (inapp.js) count as unread too.
  state.unread = state.convUnread + inappUnread();
  if (state.view) state.view.setUnread(state.unread);
  if (state.unread !== state.reported) {
    state.reported = state.unread;
    fire(hooks.unread, state.unread);
  }
}

function markRead(id) {
  api("POST", "/messenger/conversations/" + encodeURIComponent(id) + "/read", {}, state.session).then(function (r) { setUnread(r.unread_count); }, function () {});
}

function openThread(id, prefill) {
  if (!state.view) return;
  if (!id) return state.view.showThread(null, [], prefill);
  api("GET", "/messenger/conversations/" + encodeURIComponent(id), undefined, state.session).then(function (res) {
    state.view.showThread(id, res.parts, prefill);
    if (res.conversation.unread) markRead(id);
  }, function (err) { warn("could not load the conversation: " + err.message); });
}

function showList() {
  if (state.view) state.view.showList(state.conversations || []);
  refresh();
}

/** Sends from the composer: a new conversation when none is open, else a reply; shown at once as pending. */
function sendMessage(text) {
  var view = state.view;
  var id = view.threadId();
  var clientId = newClientId();
  view.addPart({ body: textHtml(text), author: { type: "contact" }, clientMessageId: clientId, pending: true });
  var path = id ? "/messenger/conversations/" + encodeURIComponent(id) + "/messages" : "/messenger/conversations";
  api("POST", path, { body: text, client_message_id: clientId }, state.session).then(function (res) { sent(view, id, res); }, function (err) { warn("message not sent: " + err.message); });
}

/** A confirmed message: the thread it started (or the part in place of its pending copy), then the email prompt. */
function sent(view, id, res) {
  if (!id && view.threadId() === null) view.showThread(res.conversation.id, [res.part]);
  else view.addPart(res.part);
  if (!state.hasEmail && view.threadId()) view.askEmail(supplyEmail);
}

/** An image from the composer: shown as pending text at once, then as the stored message with the image. */
function sendImage(file) {
  var view = state.view;
  var id = view.threadId();
  var clientId = newClientId();
  view.addPart({ body: textHtml("Sending " + (file.name || "image") + "…"), author: { type: "contact" }, clientMessageId: clientId, pending: true });
  var path = id ? "/messenger/conversations/" + encodeURIComponent(id) + "/attachments" : "/messenger/attachments";
  upload(path, { client_message_id: clientId }, file, state.session).then(function (res) { sent(view, id, res); }, function (err) {
    warn("image not sent: " + err.message);
    view.addPart({ body: textHtml("Image not sent: " + err.message), author: { type: "system" }, clientMessageId: clientId });
  });
}

/** "Replies by email": stored on this contact, then Intercom's onUserEmailSupplied callbacks. */
function supplyEmail(email) {
  return api("POST", "/messenger/email", { email: email }, state.session).then(function () {
    state.hasEmail = true;
    fire(hooks.email);
  });
}

function textHtml(text) {
  var p = document.createElement("p");
  p.textContent = text;
  return p.outerHTML;
}
