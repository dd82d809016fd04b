/* The survey answer page (/q/<code>): display rules, the progress line, choices kept on the phone
   with the typed text (draft.js keeps text fields; this keeps radios, checkboxes and selects under
   the same draft key), and the most a multiple-choice question allows. The server checks all of
   it again. */
(function () {
  "use strict";
  var sent = document.querySelector("[data-draft-sent]");
  if (sent) { // the thanks page: forget the choices of the survey just sent
    try { localStorage.removeItem("qy_choices:" + sent.getAttribute("data-draft-sent")); } catch (e) { /* */ }
  }
  var form = document.querySelector("form[data-survey]");
  if (!form) return;
  var key = "qy_choices:" + form.getAttribute("data-draft");
  var progress = document.getElementById("survey-progress");

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function save() {
    var out = {};
    form.querySelectorAll("input[type=radio]:checked, input[type=checkbox]:checked").forEach(function (el) {
      (out[el.name] = out[el.name] || []).push(el.value);
    });
    form.querySelectorAll("select").forEach(function (el) { if (el.value) out[el.name] = [el.value]; });
    try { localStorage.setItem(key, JSON.stringify(out)); } catch (e) { /* private mode */ }
  }
  function restore() {
    var saved = load();
    if (form.querySelector("input[type=radio]:checked, input[type=checkbox]:checked")) return; // the server re-showed them
    Object.keys(saved).forEach(function (name) {
      saved[name].forEach(function (value) {
        var el = form.querySelector('[name="' + name + '"][value="' + value + '"]');
        if (el && (el.type === "radio" || el.type === "checkbox")) el.checked = true;
        var sel = form.querySelector('select[name="' + name + '"]');
        if (sel) sel.value = value;
      });
    });
  }
  function answered(q) {
    return !!q.querySelector("input[type=radio]:checked, input[type=checkbox]:checked") ||
      Array.prototype.some.call(q.querySelectorAll("input[type=text], input[type=number], textarea, select"), function (el) {
        return el.value.trim() !== "";
      });
  }
  function shownNow(el) {
    var rule = el.getAttribute("data-show-if");
    if (!rule) return true;
    var parts = rule.split(":");
    var cond = document.getElementById(parts[0]);
    if (!cond || cond.hidden) return false;
    return !!cond.querySelector('input[value="' + parts[1] + '"]:checked');
  }
  function update() {
    form.querySelectorAll("[data-show-if]").forEach(function (el) {
      var show = shownNow(el);
      el.hidden = !show;
      el.querySelectorAll("input, textarea, select").forEach(function (f) { f.disabled = !show; });
    });
    var qs = Array.prototype.filter.call(form.querySelectorAll("fieldset.q"), function (q) { return !q.hidden; });
    var done = qs.filter(answered).length;
    progress.textContent = "已答 " + done + " / " + qs.length; // the server drew it first (no layout shift)
    form.querySelectorAll("input[data-max]").forEach(function (box) {
      var group = form.querySelectorAll('input[name="' + box.name + '"]:checked').length;
      box.disabled = !box.checked && group >= parseInt(box.getAttribute("data-max"), 10);
    });
  }
  form.addEventListener("change", function () { save(); update(); });
  form.addEventListener("input", update);
  restore();
  update();
})();
