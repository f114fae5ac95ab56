/* The public API: Intercom(method, ...args), the snippet's queued calls, and auto-boot from intercomSettings. */

function show() {
  if (!state.view) return;
  if (!state.view.isOpen()) {
    state.view.open();
    fire(hooks.show);
    var id = state.view.threadId();
    if (id) markRead(id);
  }
}

function hide() {
  if (state.view && state.view.isOpen()) {
    state.view.close();
    fire(hooks.hide);
  }
}

/** Ends the session; `forget` (shutdown, i.e. logout) also drops the visitor id so the next person is new. */
function teardown(forget) {
  if (state.stream) state.stream.close();
  if (state.view) state.view.destroy();
  if (forget && state.appId) forgetVisitor(state.appId);
  state.stream = state.view = state.session = state.booting = null;
  state.booted = false;
  setUnread(0);
}

/**
 * `update`: new identity keys mean a different person, so the widget boots again (identity is verified at
 * boot only); anything else is sent as attributes, coalesced over a short debounce.
 */
function update(attrs) {
  attrs = plain(attrs);
  if (!state.settings) return boot(attrs);
  var identityChanged = IDENTITY_KEYS.some(function (k) { return k in attrs && attrs[k] !== state.settings[k]; });
  Object.assign(state.settings, attrs);
  if ("hide_default_launcher" in attrs && state.view) state.view.showLauncher(!attrs.hide_default_launcher);
  if (identityChanged || (!state.session && !state.booting)) return boot(state.settings);
  Object.assign(pendingUpdate, attrs);
  clearTimeout(updateTimer);
  updateTimer = setTimeout(flushUpdate, 250);
}

function flushUpdate() {
  if (!state.session) {
    if (state.booting) state.booting.then(function () { if (state.session) flushUpdate(); });
    return;
  }
  var attrs = pendingUpdate;
  pendingUpdate = {};
  var body = Object.assign({}, attrs, { page: page() });
  delete body.app_id;
  IDENTITY_KEYS.forEach(function (k) { delete body[k]; });
  api("POST", "/messenger/update", body, state.session).then(function (r) { setUnread(r.unread_count); }, function (err) {
    if (err.status === 401) boot(state.settings);
    else warn("update refused: " + err.message);
  });
}

function trackEvent(name, metadata) {
  var send = function () {
    return api("POST", "/messenger/events", { event_name: String(name), metadata: metadata || undefined }, state.session).catch(function (err) {
      warn("trackEvent refused: " + err.message);
    });
  };
  if (state.session) send();
  else if (state.booting) state.booting.then(function () { if (state.session) send(); });
}

function onReady(fn) {
  if (typeof fn !== "function") return;
  if (state.booted) setTimeout(fn, 0);
  else hooks.ready.push(fn);
}

var METHODS = {
  boot: function (s) { boot(Object.assign({}, window.intercomSettings || {}, s || {})); },
  update: update,
  shutdown: function () { teardown(true); state.settings = null; },
  show: show,
  hide: hide,
  showMessages: function () { show(); if (state.view) showList(); },
  showSpace: function () { show(); },
  showNewMessage: function (text) { show(); openThread(null, typeof text === "string" ? text : ""); },
  startConversation: function (text) { show(); openThread(null); if (text) sendMessage(String(text)); },
  trackEvent: trackEvent,
  getVisitorId: function () { return visitorId(state.appId || SCRIPT_APP_ID); },
  onShow: function (fn) { if (typeof fn === "function") hooks.show.push(fn); },
  onHide: function (fn) { if (typeof fn === "function") hooks.hide.push(fn); },
  onUnreadCountChange: function (fn) { if (typeof fn === "function") hooks.unread.push(fn); },
  onUserEmailSupplied: function (fn) { if (typeof fn === "function") hooks.email.push(fn); },
  ready: onReady,
  whoami: function () { return state.settings ? { app_id: state.appId, user_id: state.settings.user_id, email: state.settings.email, visitor_id: visitorId(state.appId) } : null; },
  reattach_activator: function () {},
};

/** The dispatcher: unknown methods (tours, surveys, news…) are ignored, never thrown. */
function Intercom(method) {
  var fn = METHODS[method];
  if (typeof fn !== "function") return undefined;
  try {
    return fn.apply(null, Array.prototype.slice.call(arguments, 1));
  } catch (e) {
    warn(method + " failed: " + (e && e.message));
    return undefined;
  }
}

/** A custom launcher is any element matching the selector, now or added later: one delegated listener. */
document.addEventListener("click", function (e) {
  if (!launcherSelector || !state.view || !e.target || !e.target.closest) return;
  try {
    if (e.target.closest(launcherSelector)) {
      e.preventDefault();
      state.view.isOpen() ? hide() : show();
    }
  } catch (err) {
    launcherSelector = null;
  }
});

(function install() {
  var stub = window.Intercom;
  var queued = stub && (stub.q || []);
  window.Intercom = Intercom;
  var settings = window.intercomSettings;
  var bootQueued = (queued || []).some(function (args) { return args && args[0] === "boot"; });
  if (settings && settings.app_id && !bootQueued) boot(settings);
  (queued || []).forEach(function (args) { Intercom.apply(null, Array.prototype.slice.call(args)); });
})();
