// Drafts kept on the phone, with no server round trip per keystroke.
//
// A form marked data-draft="<key>" has its named text fields saved to localStorage as they are
// typed, and put back whenever the form (or a field of it) appears again: a reload, a dropped
// connection, another visit. The fields are uncontrolled: the server reads them once, from the
// submitted form.
//  - data-keep="<name>" on a field (a phone, an e-mail): remembered across forms and kept after
//    sending, so the next form is pre-filled.
//  - data-count-for="<field id>" on an element: shows that field's length live ("12 / 2000"), in
//    its data-count attribute (drawn by CSS): React owns the element's text, and changing text
//    before React hydrates the page would be a hydration mismatch.
//  - a hidden input data-submit-key: the form's idempotency key, kept until the send succeeds,
//    so a retry after a lost answer files nothing twice.
//  - a busy server: when a send has no answer after SLOW_MS, the form shows its "人多,稍等"
//    notice (an element .qy-slow, shown by CSS while the form carries data-waiting) instead of
//    seeming to hang; the first change the answer makes to the form hides it. A send the server
//    turned away (past capacity: core/admission.py) calls window.quanyiDraft.busy(), which
//    hides it too: the server's own notice says to tap again.
// After a successful send the server calls window.quanyiDraft.sent("<key>"), or (a plain page
// answered over HTTP) shows an element data-draft-sent="<key>".
//  - a button data-copy="<text>" (hidden until this script runs) copies its text.
//  - a page reached by a redirect ending in #sent=<key> (a plain form answered with another page)
//    forgets that form's draft too.
//  - a form data-autosubmit is sent when one of its selects changes (its button stays, for
//    phones without scripts).
//  - a form data-fresh-session (logging in or out) drops the tab's app session token when sent,
//    so the next page starts a new session instead of showing the previous person's state.
//  - an element data-live="<url>" is refreshed from that URL (an HTML fragment of ours) every
//    data-live-every seconds while the page is visible.
(function () {
  var DRAFT = "qy_draft:";
  var KEY = "qy_key:";
  var KEEP = "qy_keep:";
  var SLOW_MS = 1500;
  var restored = new WeakSet(); // fields already filled from storage (no attribute: React owns those)

  function load(name) {
    try {
      return JSON.parse(localStorage.getItem(name) || "null");
    } catch (e) {
      return null;
    }
  }
  function save(name, value) {
    try {
      localStorage.setItem(name, JSON.stringify(value));
    } catch (e) {
      /* private mode or full: the draft just is not kept */
    }
  }
  function newKey() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }
  function draftable(el) {
    if (!el.name || el.closest(".qy-hp") || el.hasAttribute("data-no-draft")) return false;
    if (el.tagName === "TEXTAREA") return true;
    return el.tagName === "INPUT" && /^(text|tel|email|number|search|datetime-local|date|)$/.test(el.type);
  }
  function formKey(el) {
    var form = el.closest && el.closest("form[data-draft]");
    return form ? form.getAttribute("data-draft") : "";
  }
  function count(form) {
    form.querySelectorAll("[data-count-for]").forEach(function (out) {
      var field = document.getElementById(out.getAttribute("data-count-for"));
      if (!field) return;
      var max = field.getAttribute("maxlength");
      out.setAttribute("data-count", field.value.length + (max ? " / " + max : ""));
    });
  }
  function restore(form) {
    var key = form.getAttribute("data-draft");
    var draft = load(DRAFT + key) || {};
    var typed = {};
    form.querySelectorAll("input, textarea").forEach(function (el) {
      if (restored.has(el)) return;
      restored.add(el);
      if (el.hasAttribute("data-submit-key")) {
        var k = load(KEY + key);
        if (!k) save(KEY + key, (k = newKey()));
        el.value = k;
        return;
      }
      if (!draftable(el)) return;
      if (el.value) {
        // Typed before this script ran (a plain page paints its form first): keep it too.
        if (el.value !== el.defaultValue) typed[el.name] = el.value;
        return;
      }
      var keep = el.getAttribute("data-keep");
      var value = draft[el.name];
      if (value == null && keep) value = load(KEEP + keep);
      if (typeof value === "string") el.value = value;
    });
    if (Object.keys(typed).length) save(DRAFT + key, Object.assign(draft, typed));
    count(form);
  }
  var announced = new WeakSet();
  function scan() {
    document.querySelectorAll("[data-draft-sent]").forEach(function (el) {
      if (announced.has(el)) return;
      announced.add(el);
      window.quanyiDraft.sent(el.getAttribute("data-draft-sent"));
    });
    document.querySelectorAll("form[data-draft]").forEach(restore);
    document.querySelectorAll("button[data-copy][hidden]").forEach(function (btn) {
      if (!navigator.clipboard) return;
      btn.hidden = false;
      btn.addEventListener("click", function () {
        navigator.clipboard.writeText(btn.getAttribute("data-copy")).then(function () {
          btn.textContent = btn.getAttribute("data-copied") || btn.textContent;
        });
      });
    });
  }
  function remember(ev) {
    var el = ev.target;
    var key = formKey(el);
    if (!key || !draftable(el)) return;
    var draft = load(DRAFT + key) || {};
    draft[el.name] = el.value;
    save(DRAFT + key, draft);
    if (el.hasAttribute("data-keep")) save(KEEP + el.getAttribute("data-keep"), el.value);
    count(el.closest("form"));
  }

  var waits = []; // the forms' pending "人多,稍等" timers, ended by an answer or by busy()
  window.quanyiDraft = {
    // The server turned the send away (too busy): no "still waiting" notice, the form is as it was.
    busy: function () {
      waits.splice(0).forEach(function (end) {
        end();
      });
    },
    // The form was sent: forget its draft and key; clear its fields except the kept ones.
    sent: function (key) {
      localStorage.removeItem(DRAFT + key);
      localStorage.removeItem(KEY + key);
      document.querySelectorAll('form[data-draft="' + key + '"]').forEach(function (form) {
        form.querySelectorAll("input, textarea").forEach(function (el) {
          if (el.hasAttribute("data-submit-key")) {
            restored.delete(el);
          } else if (draftable(el) && !el.hasAttribute("data-keep")) {
            el.value = "";
          }
        });
        restore(form);
      });
    },
  };

  function waitFor(ev) {
    var form = ev.target;
    if (!form.matches || !form.matches("form[data-draft]")) return;
    var answered = false;
    function end() {
      answered = true;
      form.removeAttribute("data-waiting");
      watch.disconnect();
      var i = waits.indexOf(end);
      if (i >= 0) waits.splice(i, 1);
    }
    var watch = new MutationObserver(end);
    waits.push(end);
    watch.observe(form, { childList: true, subtree: true, characterData: true });
    setTimeout(function () {
      if (!answered && document.contains(form)) form.setAttribute("data-waiting", "");
    }, SLOW_MS);
    setTimeout(end, 120000);
  }

  // A page shown again from the back/forward cache still holds the key of a form already sent:
  // take the phone's current one.
  window.addEventListener("pageshow", function (ev) {
    if (!ev.persisted) return;
    document.querySelectorAll("form[data-draft] input[data-submit-key]").forEach(function (el) {
      restored.delete(el);
    });
    scan();
  });
  var sentHash = /^#sent=([\w-]{1,80})$/.exec(location.hash);
  if (sentHash) {
    window.quanyiDraft.sent(sentHash[1]);
    history.replaceState(history.state, "", location.pathname + location.search);
  }
  document.addEventListener(
    "change",
    function (ev) {
      var form = ev.target.form;
      if (ev.target.tagName === "SELECT" && form && form.hasAttribute("data-autosubmit")) form.submit();
    },
    true
  );
  document.querySelectorAll("[data-live]").forEach(function (el) {
    var every = (parseInt(el.getAttribute("data-live-every"), 10) || 30) * 1000;
    setInterval(function () {
      if (document.hidden) return;
      fetch(el.getAttribute("data-live"), { credentials: "same-origin", cache: "no-store" })
        .then(function (r) {
          return r.ok ? r.text() : null;
        })
        .then(function (html) {
          if (html !== null) el.innerHTML = html;
        })
        .catch(function () {
          /* no signal: keep what is shown */
        });
    }, every);
  });
  document.addEventListener(
    "submit",
    function (ev) {
      if (!ev.target.hasAttribute || !ev.target.hasAttribute("data-fresh-session")) return;
      try {
        sessionStorage.removeItem("token");
      } catch (e) {
        /* storage blocked: the server still checks the new cookie on every event */
      }
    },
    true
  );
  document.addEventListener("submit", waitFor, true);
  document.addEventListener("input", remember, true);
  document.addEventListener("change", remember, true);
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      scan();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  scan();
})();
