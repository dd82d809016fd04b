// The inspection run page (/inspect/run/<id>): ticks that survive bad signal.
//
// Every tick is written to localStorage first, then posted to /api/inspections/<id>/ticks.
// Until the server confirms it, it stays "pending" on the phone: a dropped connection, a locked
// screen or a closed tab loses nothing, and the next chance (back online, page shown again, a
// timer, reopening the page) sends it again. The server keeps one answer per item and the
// newest change by the phone's clock, so sending twice never makes a duplicate.
(function () {
  "use strict";
  var KEY = "qy-ins-v1-";
  var run = null; // {id, answers: {item: {result, note, photos}}, pending: {item: {result, rts, note, nts}}}
  var msgs = {};
  var flushing = false, again = false, timer = null, noteTimers = {};

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function fmt(s, n) { return String(s || "").replace("{n}", n); }

  function load(id) {
    try { return JSON.parse(localStorage.getItem(KEY + id) || "null"); } catch (e) { return null; }
  }
  function save() {
    try { localStorage.setItem(KEY + run.id, JSON.stringify({ answers: run.answers, pending: run.pending })); } catch (e) { /* full: still posted */ }
  }
  function answer(item) {
    return run.answers[item] || (run.answers[item] = { result: "", note: "", photos: [] });
  }
  function pendingCount() { return Object.keys(run.pending).length; }

  // ---- drawing ------------------------------------------------------------------------------

  function rows() { return $all(".qy-ins-item[data-item]"); }

  function drawRow(row) {
    var a = answer(row.getAttribute("data-item"));
    row.setAttribute("data-answer", a.result || "");
    $all("[data-set]", row).forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-set") === a.result ? "true" : "false");
    });
    var note = $("[data-note]", row);
    if (note && document.activeElement !== note && note.value !== (a.note || "")) note.value = a.note || "";
    var box = $("[data-photos]", row);
    if (box) {
      box.textContent = "";
      (a.photos || []).forEach(function (p) {
        var fig = document.createElement("span");
        fig.className = "qy-ins-thumb";
        var img = document.createElement("img");
        img.src = p.thumb; img.alt = msgs.photoAlt || ""; img.loading = "lazy";
        var del = document.createElement("button");
        del.type = "button"; del.className = "qy-ins-thumb-del"; del.textContent = "×";
        del.setAttribute("aria-label", msgs.removePhoto || "");
        del.setAttribute("data-remove", String(p.id));
        fig.appendChild(img); fig.appendChild(del); box.appendChild(fig);
      });
    }
    var need = row.getAttribute("data-photo") === "1" && a.result === "fail" && !(a.photos || []).length;
    row.setAttribute("data-needs-photo", need ? "1" : "");
  }

  function drawProgress() {
    var all = rows(), done = all.filter(function (r) { return !!answer(r.getAttribute("data-item")).result; }).length;
    var bar = $("#ins-bar"), count = $("#ins-count"), prog = $("#ins-progress");
    if (bar) bar.style.width = (all.length ? Math.round(100 * done / all.length) : 0) + "%";
    if (count) count.textContent = done + " / " + all.length;
    if (prog) { prog.setAttribute("aria-valuenow", String(done)); prog.setAttribute("aria-valuemax", String(all.length)); }
    var sync = $("#ins-sync"), n = pendingCount();
    if (sync) {
      sync.textContent = n ? (navigator.onLine ? fmt(msgs.syncing, n) : fmt(msgs.offline, n)) : msgs.saved;
      sync.setAttribute("data-pending", n ? "1" : "");
    }
  }

  function drawAll() { rows().forEach(drawRow); drawProgress(); }

  function say(text, row) {
    var box = row ? $("[data-msg]", row) : $("#ins-error");
    if (box) box.textContent = text || "";
  }

  // ---- talking to the server ----------------------------------------------------------------

  function post(path, body, isJson) {
    var opts = { method: "POST", credentials: "same-origin", headers: { "X-Quanyi": "1" }, body: body };
    if (isJson) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
    return fetch("/api/inspections/" + run.id + path, opts).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) { return { status: res.status, data: data }; });
    });
  }

  function flush() {
    if (!run) return Promise.resolve();
    if (flushing) { again = true; return Promise.resolve(); }
    var sent = {}, ticks = [];
    Object.keys(run.pending).forEach(function (item) {
      var p = run.pending[item];
      sent[item] = { rts: p.rts, nts: p.nts };
      if (p.rts) ticks.push({ item: +item, ts: p.rts, result: p.result });
      if (p.nts) ticks.push({ item: +item, ts: p.nts, note: p.note });
    });
    if (!ticks.length) { drawProgress(); return Promise.resolve(); }
    flushing = true;
    var id = run.id;
    return post("/ticks", { ticks: ticks }, true).then(function (r) {
      if (!run || run.id !== id) return;
      if (r.status === 200 || r.data.closed || r.status === 400) {
        // Confirmed (or refused for good): forget what was sent unless it changed meanwhile.
        Object.keys(sent).forEach(function (item) {
          var p = run.pending[item];
          if (!p) return;
          if (p.rts === sent[item].rts) { delete p.rts; delete p.result; }
          if (p.nts === sent[item].nts) { delete p.nts; delete p.note; }
          if (!p.rts && !p.nts) delete run.pending[item];
        });
        save();
      }
      say(r.status === 200 ? "" : (r.data.error || msgs.failed));
    }, function () { /* offline: stays pending */ }).then(function () {
      flushing = false;
      drawProgress();
      if (again) { again = false; return flush(); }
    });
  }

  function schedule() {
    if (timer) return;
    timer = setInterval(function () {
      if (!run || !pendingCount()) { clearInterval(timer); timer = null; return; }
      flush();
    }, 10000);
  }

  // Record a change on the phone at once; send it now, or (typing) once the typing pauses.
  function tick(item, field, value, later) {
    var a = answer(item), p = run.pending[item] || (run.pending[item] = {});
    var ts = Math.max(Date.now(), (field === "result" ? p.rts : p.nts) + 1 || 0);
    if (field === "result") { a.result = value; p.result = value; p.rts = ts; }
    else { a.note = value; p.note = value; p.nts = ts; }
    save();
    schedule();
    drawProgress();
    clearTimeout(noteTimers[item]);
    if (later) { noteTimers[item] = setTimeout(flush, later); return Promise.resolve(); }
    return flush();
  }

  // ---- events -------------------------------------------------------------------------------

  function onClick(ev) {
    if (!run) return;
    var t = ev.target.closest ? ev.target.closest("button") : null;
    if (!t) return;
    var row = t.closest(".qy-ins-item");
    if (t.hasAttribute("data-set") && row) {
      tick(row.getAttribute("data-item"), "result", t.getAttribute("data-set"));
      drawRow(row); drawProgress();
      say("", row);
    } else if (t.hasAttribute("data-remove") && row) {
      removePhoto(row, +t.getAttribute("data-remove"));
    } else if (t.id === "ins-next") {
      nextUnanswered();
    } else if (t.id === "ins-submit") {
      submit(t);
    }
  }

  function onInput(ev) {
    if (!run || !ev.target.hasAttribute || !ev.target.hasAttribute("data-note")) return;
    var row = ev.target.closest(".qy-ins-item");
    tick(row.getAttribute("data-item"), "note", ev.target.value, 600);
  }

  function onChange(ev) {
    if (!run || !ev.target.hasAttribute || !ev.target.hasAttribute("data-photo-input")) return;
    var input = ev.target, row = input.closest(".qy-ins-item"), file = input.files && input.files[0];
    if (!file) return;
    if (!navigator.onLine) { say(msgs.photoOffline, row); input.value = ""; return; }
    var item = row.getAttribute("data-item"), form = new FormData();
    form.append("file", file);
    say(msgs.uploading, row);
    row.setAttribute("data-uploading", "1");
    post("/photos?item=" + item, form, false).then(function (r) {
      if (r.status === 200) {
        answer(item).photos.push({ id: r.data.photo, thumb: r.data.thumb });
        save(); say("", row);
      } else { say(r.data.error || msgs.failed, row); }
    }, function () { say(msgs.photoOffline, row); }).then(function () {
      row.removeAttribute("data-uploading"); input.value = ""; drawRow(row);
    });
  }

  function removePhoto(row, photoId) {
    var item = row.getAttribute("data-item");
    post("/photos/remove?item=" + item + "&photo=" + photoId, null, false).then(function (r) {
      if (r.status === 200) {
        var a = answer(item);
        a.photos = a.photos.filter(function (p) { return p.id !== photoId; });
        save(); drawRow(row); say("", row);
      } else { say(r.data.error || msgs.failed, row); }
    }, function () { say(msgs.photoOffline, row); });
  }

  function nextUnanswered() {
    var todo = rows().filter(function (r) { return !answer(r.getAttribute("data-item")).result; });
    if (!todo.length) { var s = $("#ins-submit"); if (s) { s.scrollIntoView({ block: "center" }); s.focus(); } return; }
    var after = todo.filter(function (r) { return r.getBoundingClientRect().top > 140; });
    var target = after[0] || todo[0];
    target.scrollIntoView({ block: "center" });
    var first = $("[data-set]", target);
    if (first) first.focus({ preventScroll: true });
  }

  function submit(button) {
    say("");
    var todo = rows().filter(function (r) { return !answer(r.getAttribute("data-item")).result; });
    if (todo.length) {
      say(fmt(msgs.unanswered, todo.length)); todo[0].scrollIntoView({ block: "center" }); return;
    }
    var noPhoto = rows().filter(function (r) { return r.getAttribute("data-needs-photo") === "1"; });
    if (noPhoto.length) {
      say(fmt(msgs.needPhotos, noPhoto.length)); noPhoto[0].scrollIntoView({ block: "center" }); return;
    }
    button.disabled = true;
    var id = run.id;
    flush().then(function () {
      if (pendingCount()) { say(fmt(msgs.notSynced, pendingCount())); return null; }
      return post("/submit", null, false);
    }).then(function (r) {
      if (!r) return;
      if (r.status === 200) {
        try { localStorage.removeItem(KEY + id); } catch (e) { /* ignore */ }
        window.location.assign(r.data.report);
        return;
      }
      say(r.data.error || msgs.failed);
    }, function () { say(fmt(msgs.notSynced, pendingCount() || 1)); }).then(function () { button.disabled = false; });
  }

  // ---- start --------------------------------------------------------------------------------

  function start(root) {
    var data;
    try { data = JSON.parse(root.getAttribute("data-run") || "null"); } catch (e) { data = null; }
    if (!data || !data.id) return;
    try { msgs = JSON.parse(root.getAttribute("data-msgs") || "{}"); } catch (e) { msgs = {}; }
    var kept = load(data.id) || {};
    run = { id: data.id, answers: data.answers || {}, pending: kept.pending || {} };
    // What this phone changed but the server has not confirmed wins over the server's copy.
    Object.keys(run.pending).forEach(function (item) {
      var p = run.pending[item], a = answer(item);
      if (p.rts) a.result = p.result;
      if (p.nts) a.note = p.note;
    });
    save();
    drawAll();
    if (pendingCount()) { schedule(); flush(); }
  }

  // Called on every DOM change: compares, and parses the page's data only when it is new.
  var startedRoot = null, startedRaw = null;
  function check() {
    var root = document.getElementById("ins-run");
    if (!root) { run = null; startedRoot = startedRaw = null; return; }
    var raw = root.getAttribute("data-run") || "";
    if (raw && (root !== startedRoot || raw !== startedRaw)) { startedRoot = root; startedRaw = raw; start(root); }
    else if (run && rows().some(function (r) { return !r.hasAttribute("data-answer"); })) drawAll();
  }

  document.addEventListener("click", onClick);
  document.addEventListener("input", onInput);
  document.addEventListener("change", onChange);
  window.addEventListener("online", function () { drawProgress(); flush(); });
  window.addEventListener("offline", drawProgress);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") flush(); });
  window.addEventListener("pagehide", save);
  new MutationObserver(check).observe(document.documentElement, { childList: true, subtree: true, attributes: true,
                                                                  attributeFilter: ["data-run"] });
  check();
})();
