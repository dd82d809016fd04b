// Accessible names for controls the framework renders without one: react-dropzone's hidden
// file input carries no label. It gets the name of its drop zone (a labelled element).
(function () {
  function name() {
    document.querySelectorAll('input[type="file"]:not([aria-label])').forEach(function (input) {
      var zone = input.closest("[aria-label]");
      input.setAttribute("aria-label", zone ? zone.getAttribute("aria-label") : "添加照片");
    });
  }
  new MutationObserver(name).observe(document.documentElement, { childList: true, subtree: true });
  name();
})();
