/* The transport: where Parley is, who this browser is, and JSON calls carrying the session token. */

var currentScript = document.currentScript || findOwnScript();

/** Our script tag when currentScript is unavailable (some loaders): the last one loading /widget/. */
function findOwnScript() {
  var all = document.getElementsByTagName("script");
  for (var i = all.length - 1; i >= 0; i--) {
    if (/\/widget\/[^/?#]+([?#].*)?$/.test(all[i].src || "")) return all[i];
  }
  return null;
}

/**
 * The backend is wherever this script came from (never `api_base`: Intercom's npm SDK always overwrites it).
 * A path prefix in front of /widget/ is kept, for Parley served under a sub-path.
 */
var SCRIPT_URL = new URL(currentScript ? currentScript.src : location.href, location.href);
var BASE = SCRIPT_URL.origin + SCRIPT_URL.pathname.replace(/\/widget\/[^/]*$/, "");
var SCRIPT_APP_ID = decodeURIComponent((SCRIPT_URL.pathname.match(/\/widget\/([^/]+)$/) || [])[1] || "");

var memoryStore = {};
function storeGet(key) {
  try { return window.localStorage.getItem(key); } catch (e) { return memoryStore[key] || null; }
}
function storeSet(key, value) {
  try {
    if (value === null) window.localStorage.removeItem(key); else window.localStorage.setItem(key, value);
  } catch (e) {
    if (value === null) delete memoryStore[key]; else memoryStore[key] = value;
  }
}

function randomId() {
  var bytes = new Uint8Array(16);
  (window.crypto || window.msCrypto).getRandomValues(bytes);
  var out = "";
  for (var i = 0; i < bytes.length; i++) out += ("0" + bytes[i].toString(16)).slice(-2);
  return out;
}

/** This browser's visitor id for an app: created once, forgotten on shutdown (logout). */
function visitorId(appId) {
  var key = "parley_visitor_" + appId;
  var id = storeGet(key);
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = randomId();
    storeSet(key, id);
  }
  return id;
}
function forgetVisitor(appId) {
  storeSet("parley_visitor_" + appId, null);
}

/** An error answer from Parley, with its HTTP status and the field it names. */
function ApiError(status, body) {
  this.status = status;
  this.message = (body && body.message) || "HTTP " + status;
  this.field = body && body.field;
}

/** One JSON call; the session token travels in the Authorization header (no cookies cross origins). */
function api(method, path, body, session) {
  var headers = { "Content-Type": "application/json" };
  if (session) headers.Authorization = "Bearer " + session;
  return fetch(BASE + path, {
    method: method,
    headers: headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "omit",
    mode: "cors",
  }).then(function (res) {
    return res.text().then(function (text) {
      var json = null;
      try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
      if (!res.ok) throw new ApiError(res.status, json);
      return json;
    });
  });
}

/** A multipart upload (an image and optional text fields), answered like `api`. */
function upload(path, fields, file, session) {
  var form = new FormData();
  Object.keys(fields).forEach(function (k) { if (fields[k] !== undefined) form.append(k, fields[k]); });
  form.append("file", file, file.name || "image");
  return fetch(BASE + path, { method: "POST", headers: { Authorization: "Bearer " + session }, body: form, credentials: "omit", mode: "cors" }).then(function (res) {
    return res.text().then(function (text) {
      var json = null;
      try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
      if (!res.ok) throw new ApiError(res.status, json);
      return json;
    });
  });
}

/** The live stream of this contact: parts, unread counts, seen receipts, typing. */
function openStream(session, lastEventId, handlers) {
  var url = BASE + "/messenger/stream?session=" + encodeURIComponent(session);
  if (lastEventId) url += "&last_event_id=" + encodeURIComponent(lastEventId);
  var es = new EventSource(url);
  Object.keys(handlers).forEach(function (name) {
    es.addEventListener(name, function (e) {
      var data = null;
      try { data = e.data ? JSON.parse(e.data) : null; } catch (err) { data = null; }
      handlers[name](data, e.lastEventId);
    });
  });
  return es;
}

function newClientId() {
  return "cm_" + randomId();
}
