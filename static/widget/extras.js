/* The team in the header (names, initials, away state), images in messages, and the "replies by email" prompt. */

function initials(name) {
  var words = String(name || "?").trim().split(/\s+/);
  return ((words[0] || "?")[0] + (words.length > 1 ? words[words.length - 1][0] : "")).toUpperCase();
}

/** Who wrote a part, as the contact sees it: "You", the operator's name, or "Team". */
function authorLabel(part) {
  if (part.author && part.author.type === "contact") return "You";
  var id = part.author && part.author.id;
  var ops = (state.team && state.team.operators) || [];
  for (var i = 0; i < ops.length; i++) if (ops[i].id === id) return ops[i].name;
  return "Team";
}

/** Parley's own files need the session (an <img> sends no header); other http(s) URLs are used as they are. */
function fileUrl(url) {
  url = String(url || "");
  if (url.indexOf("/messenger/files/") === 0) return BASE + url + "?session=" + encodeURIComponent(state.session || "");
  return /^https?:\/\//i.test(url) ? url : null;
}

/** An attachment: an image shown inline (a link to the full size), anything else a link with its name. */
function attachmentNode(a) {
  var src = a && fileUrl(a.url);
  if (!src) return null;
  var link = { href: src, target: "_blank", rel: "noopener noreferrer", class: "file" };
  if (!/^image\//.test(a.contentType || "")) return el("a", Object.assign(link, { text: a.name || "File" }));
  return el("a", link, [el("img", { src: src, alt: a.name || "Image", loading: "lazy", width: a.width, height: a.height })]);
}

/** The header under the team name: up to three teammates as initials, and whether someone is around. */
View.prototype.setTeam = function (team) {
  var box = this.d.team;
  box.textContent = "";
  if (!team) return;
  var faces = el("span", { class: "faces", "aria-hidden": "true" });
  (team.operators || []).filter(function (o) { return !o.away; }).slice(0, 3).forEach(function (o) {
    faces.appendChild(el("span", { class: "face", title: o.name, text: initials(o.name) }));
  });
  var names = (team.operators || []).filter(function (o) { return !o.away; }).slice(0, 3).map(function (o) { return o.name.split(/\s+/)[0]; });
  var status = team.online ? "Online" + (names.length ? ": " + names.join(", ") : "") + " · replies in minutes" : "Away · we reply by email or here later";
  box.appendChild(faces);
  box.appendChild(el("span", { class: "status" + (team.online ? " online" : ""), text: status }));
};

/**
 * Asks an anonymous visitor where to send replies, under the thread. `submit(email)` returns a promise; the
 * prompt then thanks them, or shows the server's message and stays.
 */
View.prototype.askEmail = function (submit) {
  var t = this.thread;
  if (!t || t.prompt) return;
  var input = el("input", { type: "email", required: true, maxlength: "255", placeholder: "you@example.com", "aria-label": "Your email" });
  var error = el("p", { class: "prompt-error", role: "alert", hidden: true });
  var form = el("form", { class: "prompt" }, [el("p", { text: "Get notified of replies by email:" }), el("div", { class: "row" }, [input, el("button", { type: "submit", text: "Save" })]), error]);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var email = input.value.trim();
    if (!email) return;
    submit(email).then(function () {
      form.replaceWith(el("p", { class: "prompt done", text: "Thanks! We'll email replies to " + email + "." }));
    }, function (err) {
      error.hidden = false;
      error.textContent = err.message || "That address was not accepted.";
    });
  });
  t.prompt = form;
  this.d.body.appendChild(form);
  this.d.body.scrollTop = this.d.body.scrollHeight;
};
