/* DOM building: every piece of data goes in through textContent or checked attributes, never innerHTML. */

/** Creates an element; `attrs` values are set as attributes (or `text` as textContent), children appended. */
function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) {
    var v = attrs[k];
    if (v === undefined || v === null || v === false) return;
    if (k === "text") node.textContent = String(v);
    else node.setAttribute(k, v === true ? "" : String(v));
  });
  (children || []).forEach(function (c) {
    if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  });
  return node;
}

var SAFE_TAGS = { P: 1, BR: 1, A: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, UL: 1, OL: 1, LI: 1, CODE: 1, PRE: 1, BLOCKQUOTE: 1 };

/**
 * A message body (HTML the server already sanitized) rebuilt node by node from an inert parse: only
 * formatting tags and http(s)/mailto links survive, text is copied as text, attributes are never copied.
 */
function safeBody(html) {
  var out = document.createDocumentFragment();
  if (!html) return out;
  var doc = new DOMParser().parseFromString(String(html), "text/html");
  copyChildren(doc.body, out, 0);
  return out;
}

function copyChildren(from, to, depth) {
  if (depth > 20) return;
  for (var n = from.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3) to.appendChild(document.createTextNode(n.nodeValue));
    else if (n.nodeType === 1 && SAFE_TAGS[n.tagName]) {
      var copy = document.createElement(n.tagName.toLowerCase());
      if (n.tagName === "A") {
        var href = n.getAttribute("href") || "";
        if (/^(https?:|mailto:)/i.test(href)) {
          copy.setAttribute("href", href);
          copy.setAttribute("target", "_blank");
          copy.setAttribute("rel", "noopener noreferrer nofollow");
        }
      }
      copyChildren(n, copy, depth + 1);
      to.appendChild(copy);
    } else if (n.nodeType === 1 && n.tagName !== "SCRIPT" && n.tagName !== "STYLE") {
      copyChildren(n, to, depth + 1);
    }
  }
}

/** Plain text of a body, for previews. */
function bodyText(html) {
  var doc = new DOMParser().parseFromString(String(html || ""), "text/html");
  return (doc.body.textContent || "").replace(/\s+/g, " ").trim();
}

function timeLabel(ms) {
  try {
    return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  } catch (e) {
    return "";
  }
}

/** Styles live inside the shadow root, so the host page's CSS never reaches in and ours never leaks out. */
function widgetCss(look) {
  var side = look.alignment === "left" ? "left" : "right";
  var h = look.horizontalPadding + "px";
  var v = look.verticalPadding + "px";
  return [
    ":host{all:initial}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
    ".launcher{position:fixed;" + side + ":" + h + ";bottom:" + v + ";width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;",
    "background:" + look.actionColor + ";color:#fff;box-shadow:0 4px 16px rgba(0,0,0,.25);z-index:2147483000;display:flex;align-items:center;justify-content:center}",
    ".launcher:focus-visible,button:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}",
    ".launcher[hidden]{display:none}",
    ".launcher svg{width:28px;height:28px;fill:currentColor}",
    ".badge{position:absolute;top:-4px;" + side + ":-4px;min-width:20px;height:20px;border-radius:10px;background:#dc2626;color:#fff;font-size:12px;line-height:20px;text-align:center;padding:0 5px}",
    ".badge[hidden]{display:none}",
    ".panel{position:fixed;" + side + ":" + h + ";bottom:calc(" + v + " + 70px);width:370px;max-width:calc(100vw - 24px);height:560px;",
    "max-height:calc(100vh - 100px);background:#fff;color:#111827;border-radius:14px;box-shadow:0 8px 40px rgba(0,0,0,.25);",
    "display:flex;flex-direction:column;overflow:hidden;z-index:2147483001;font-size:14px}",
    ".panel[hidden]{display:none}",
    "@media (max-width:480px){.panel{inset:0;width:100vw;max-width:none;height:100%;max-height:none;border-radius:0}}",
    ".head{background:" + look.backgroundColor + ";color:#fff;padding:14px 16px;display:flex;align-items:center;gap:8px}",
    ".head h2{font-size:16px;margin:0;flex:1;font-weight:600}",
    ".head button{background:transparent;border:0;color:#fff;font-size:20px;cursor:pointer;padding:2px 8px;border-radius:6px}",
    ".body{flex:1;overflow-y:auto;padding:12px}",
    ".convs{list-style:none;margin:0;padding:0}",
    ".convs button{width:100%;text-align:left;background:#f9fafb;border:1px solid #e5e7eb;border-radius:10px;padding:10px 12px;margin-bottom:8px;cursor:pointer;color:inherit;font-size:14px}",
    ".convs .unread{font-weight:700}",
    ".new{width:100%;padding:12px;border:0;border-radius:10px;background:" + look.actionColor + ";color:#fff;font-size:15px;cursor:pointer}",
    ".msg{max-width:80%;margin:6px 0;padding:8px 12px;border-radius:12px;word-wrap:break-word;white-space:normal}",
    ".msg p{margin:0 0 4px}.msg p:last-child{margin:0}.msg a{color:inherit}",
    ".msg.contact{margin-left:auto;background:" + look.actionColor + ";color:#fff}",
    ".msg.team{background:#f3f4f6}",
    ".msg.pending{opacity:.6}",
    ".msg .meta{display:block;font-size:11px;opacity:.7;margin-top:2px}",
    ".composer{display:flex;gap:8px;border-top:1px solid #e5e7eb;padding:10px}",
    ".composer textarea{flex:1;resize:none;border:1px solid #d1d5db;border-radius:8px;padding:8px;font-size:14px;min-height:40px;max-height:120px}",
    ".composer button{border:0;border-radius:8px;background:" + look.actionColor + ";color:#fff;padding:0 14px;cursor:pointer}",
    ".typing{margin:0;padding:4px 14px;font-size:12px;color:#6b7280}.typing[hidden]{display:none}",
    ".empty{color:#6b7280;text-align:center;margin:24px 0}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}",
    ".title{flex:1;min-width:0}.team{display:flex;align-items:center;gap:6px;font-size:12px;opacity:.9;margin-top:2px}",
    ".faces{display:flex}.face{width:22px;height:22px;border-radius:50%;background:rgba(255,255,255,.25);border:1px solid " + look.backgroundColor + ";",
    "font-size:10px;font-weight:700;display:inline-flex;align-items:center;justify-content:center;margin-right:-6px}.faces:not(:empty){margin-right:8px}",
    ".status.online::before{content:'';display:inline-block;width:8px;height:8px;border-radius:50%;background:#22c55e;margin-right:4px}",
    ".msg img{display:block;max-width:100%;height:auto;border-radius:8px;margin:4px 0}",
    ".composer .attach{background:transparent;color:#4b5563;padding:0 6px}.composer .attach svg{width:22px;height:22px;fill:currentColor}",
    ".prompt{margin:8px 0;padding:10px;border:1px solid #e5e7eb;border-radius:10px;background:#f9fafb;font-size:13px}.prompt p{margin:0 0 6px}",
    ".prompt .row{display:flex;gap:6px}.prompt input{flex:1;min-width:0;border:1px solid #d1d5db;border-radius:6px;padding:6px 8px;font-size:14px}",
    ".prompt button{border:0;border-radius:6px;background:" + look.actionColor + ";color:#fff;padding:0 12px;cursor:pointer}.prompt-error{color:#b91c1c}",
  ].join("\n");
}
