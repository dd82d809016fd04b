// Register the service worker where supported. The core flows never depend on it
// (WeChat's in-app browser may not run one); it only adds caching and the offline page.
if ("serviceWorker" in navigator && window.isSecureContext) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  });
}
