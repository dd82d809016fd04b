// Register the service worker where supported. The core flows never depend on it
// (WeChat's in-app browser may not run one); it only adds caching and the offline page.
(function () {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  function register() {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
})();
