"""The review page's one script: Approve / Request changes and notes per clip and scene, exported as
decisions.json (schema decisions).

The page allows exactly this script, by its sha256 in the Content-Security-Policy, and no other, and no
request: the file is built in memory and handed to the browser as a download (a Blob URL on a link with
the `download` attribute). The controls exist only when the script runs, so without JavaScript the page
reads as a read-only page. It reads what it needs from the page's markup (autoescaped by Jinja): each
clip's `data-key`, its items (key, platform, digest) in `data-items` and, for a clip that cannot be
approved, the reason in `data-blocked`; it writes text with `textContent` only. While the page is open the
decisions live in memory and in the tab's sessionStorage (a reload keeps them).
"""

SCRIPT = r"""
(function () {
  "use strict";
  var body = document.body;
  var storeName = "creator-kit-decisions:" + (body.getAttribute("data-page") || "");
  var state = {reviewer: "", clips: {}};
  try {
    var saved = JSON.parse(window.sessionStorage.getItem(storeName) || "null");
    if (saved && typeof saved === "object" && saved.clips && typeof saved.clips === "object") {
      state = saved;
    }
  } catch (error) { /* no storage (a private window): memory only */ }

  function save() {
    try { window.sessionStorage.setItem(storeName, JSON.stringify(state)); } catch (error) { /* memory only */ }
  }
  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text) { element.textContent = text; }
    return element;
  }
  function clipState(key) {
    if (!Object.prototype.hasOwnProperty.call(state.clips, key)) {
      state.clips[key] = {decision: null, note: "", scenes: {}, time: null};
    }
    return state.clips[key];
  }
  function itemsOf(section) {
    try { return JSON.parse(section.getAttribute("data-items") || "[]"); } catch (error) { return []; }
  }

  var sections = Array.prototype.slice.call(document.querySelectorAll("section.clip[data-key]"));
  var bar = make("section", "decide-bar");
  bar.id = "decide";
  bar.appendChild(make("h2", "", "Your decisions"));
  var nameLabel = make("label", "reviewer-label", "Reviewer name ");
  var nameInput = make("input", "reviewer");
  nameInput.type = "text";
  nameInput.id = "reviewer";
  nameInput.maxLength = 200;
  nameInput.dir = "auto";
  nameInput.autocomplete = "name";
  nameInput.name = "reviewer";
  nameInput.placeholder = "your name";
  nameInput.value = state.reviewer || "";
  nameInput.addEventListener("input", function () { state.reviewer = nameInput.value; save(); });
  nameLabel.appendChild(nameInput);
  var progress = make("span", "progress");
  progress.id = "decided";
  var download = make("button", "download", "Download decisions.json");
  download.type = "button";
  download.id = "download-decisions";
  var message = make("p", "decide-message");
  message.id = "decide-message";
  message.setAttribute("role", "status");
  var row = make("div", "decide-row");
  row.appendChild(nameLabel);
  row.appendChild(download);
  row.appendChild(progress);
  bar.appendChild(row);
  bar.appendChild(message);
  var rendered = sections.length > 0 && sections.every(function (section) {
    return itemsOf(section).every(function (item) { return Boolean(item.inputs_sha256); });
  });
  var hint = make("p", "muted", rendered ?
    "Approve or request changes on each clip, with notes if you like, then download decisions.json and give it " +
    "to whoever runs: creator-kit approve decisions.json --batch OUT" :
    "This page shows scripts, not rendered clips: its decisions.json can be shared, but only decisions made on " +
    "the page of a batch (creator-kit review OUT -o review.html) can be recorded with creator-kit approve.");
  hint.id = "decide-hint";
  bar.appendChild(hint);
  var header = document.querySelector("header");
  header.appendChild(bar);

  function refresh() {
    var decided = sections.filter(function (section) {
      var saved = state.clips[section.getAttribute("data-key")];
      return saved && saved.decision;
    }).length;
    progress.textContent = decided + " of " + sections.length + " clip" + (sections.length === 1 ? "" : "s") +
      " decided";
  }

  sections.forEach(function (section) {
    var key = section.getAttribute("data-key");
    var blocked = section.getAttribute("data-blocked");
    var panel = make("div", "decide-panel");
    var buttons = make("div", "decide-buttons");
    var approve = make("button", "approve", "Approve");
    approve.type = "button";
    var change = make("button", "request-changes", "Request changes");
    change.type = "button";
    var status = make("span", "decision-status");
    buttons.appendChild(approve);
    buttons.appendChild(change);
    buttons.appendChild(status);
    panel.appendChild(buttons);
    if (blocked) {
      approve.disabled = true;
      approve.title = blocked;
      panel.appendChild(make("p", "blocked", blocked));
    }
    var noteLabel = make("label", "clip-note-label", "Note on this clip");
    var note = make("textarea", "clip-note");
    note.rows = 2;
    note.maxLength = 5000;
    note.dir = "auto";
    note.placeholder = "What should change, or anything the team should know";
    note.value = clipState(key).note || "";
    note.addEventListener("input", function () { clipState(key).note = note.value; save(); });
    noteLabel.appendChild(note);
    panel.appendChild(noteLabel);

    function show() {
      var saved = clipState(key);
      approve.setAttribute("aria-pressed", String(saved.decision === "approved"));
      change.setAttribute("aria-pressed", String(saved.decision === "changes-requested"));
      status.textContent = saved.decision === "approved" ? "You approve this clip." :
        saved.decision === "changes-requested" ? "You request changes: say which in the notes." : "";
      section.setAttribute("data-decision", saved.decision || "");
      refresh();
    }
    function decide(decision) {
      var saved = clipState(key);
      saved.decision = saved.decision === decision ? null : decision;
      saved.time = new Date().toISOString();
      save();
      show();
    }
    approve.addEventListener("click", function () { if (!approve.disabled) { decide("approved"); } });
    change.addEventListener("click", function () { decide("changes-requested"); });
    if (blocked && clipState(key).decision === "approved") { clipState(key).decision = null; }

    var counts = section.querySelector(".counts");
    counts.parentNode.insertBefore(panel, counts.nextSibling);
    Array.prototype.forEach.call(section.querySelectorAll('.scene[data-kind="scene"]'), function (scene) {
      var index = scene.getAttribute("data-index");
      var label = make("label", "scene-note", "Note on scene " + (Number(index) + 1));
      var area = make("textarea");
      area.rows = 2;
      area.maxLength = 5000;
      area.dir = "auto";
      area.setAttribute("data-index", index);
      area.value = clipState(key).scenes[index] || "";
      area.addEventListener("input", function () { clipState(key).scenes[index] = area.value; save(); });
      label.appendChild(area);
      scene.lastElementChild.appendChild(label);
    });
    show();
  });

  function entries(reviewer) {
    var found = [];
    sections.forEach(function (section) {
      var saved = state.clips[section.getAttribute("data-key")];
      if (!saved || !saved.decision) { return; }
      var sceneNotes = Object.keys(saved.scenes || {}).filter(function (index) {
        return String(saved.scenes[index]).trim();
      }).map(function (index) {
        return {index: Number(index), note: String(saved.scenes[index]).trim()};
      }).sort(function (a, b) { return a.index - b.index; });
      itemsOf(section).forEach(function (item) {
        found.push({clip: item.key, inputs_sha256: item.inputs_sha256, decision: saved.decision,
          note: String(saved.note || "").trim(), scene_notes: sceneNotes, reviewer: reviewer,
          time: saved.time || new Date().toISOString()});
      });
    });
    return found;
  }

  download.addEventListener("click", function () {
    var reviewer = nameInput.value.trim();
    if (!reviewer) {
      message.textContent = "Type your name first: every decision carries it.";
      nameInput.focus();
      return;
    }
    var decisions = entries(reviewer);
    if (!decisions.length) {
      message.textContent = "Decide on a clip first: Approve or Request changes.";
      return;
    }
    var file = {format: "creator-kit-decisions", version: 1, generator: body.getAttribute("data-generator") || "",
      page_generated: body.getAttribute("data-generated") || "", reviewer: reviewer, decisions: decisions};
    var blob = new Blob([JSON.stringify(file, null, 2) + "\n"], {type: "application/json"});
    var link = make("a");
    link.href = URL.createObjectURL(blob);
    link.download = "decisions.json";
    link.hidden = true;
    body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    message.textContent = "decisions.json: " + decisions.length + " decision" + (decisions.length === 1 ? "" : "s") +
      " (one per clip and platform). Record them: creator-kit approve decisions.json --batch OUT";
  });
  refresh();
}());
"""
