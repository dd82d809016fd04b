/* Check-in at the door: the staff phone's camera reads a ticket's QR code and sends it.
   Loaded on every page (small); jsQR (vendor/jsQR.js) is fetched only when the camera starts.
   The form: <form data-checkin> with an input[name=ticket]; a button[data-scan] starts/stops. */
(function () {
  "use strict";
  var stream = null, timer = null, video = null;

  function loadDecoder(done) {
    if (window.jsQR) return done();
    var s = document.createElement("script");
    s.src = "/vendor/jsQR.js";
    s.onload = done;
    document.head.appendChild(s);
  }

  function stop(button) {
    if (timer) clearInterval(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    if (video) video.remove();
    video = null;
    if (button) button.textContent = button.getAttribute("data-start-label");
  }

  function start(button) {
    var form = button.closest("form");
    if (!form || !navigator.mediaDevices) return;
    loadDecoder(function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
        stream = s;
        video = document.createElement("video");
        video.setAttribute("playsinline", "");
        video.muted = true;
        video.className = "qy-scan-video";
        video.srcObject = s;
        form.appendChild(video);
        video.play();
        button.textContent = button.getAttribute("data-stop-label");
        var canvas = document.createElement("canvas"), ctx = canvas.getContext("2d", { willReadFrequently: true });
        timer = setInterval(function () {
          if (!video || video.readyState < 2) return;
          canvas.width = video.videoWidth; canvas.height = video.videoHeight;
          ctx.drawImage(video, 0, 0);
          var found = window.jsQR(ctx.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
          if (found && found.data) {
            var input = form.querySelector("input[name=ticket]");
            var setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
            setter.call(input, found.data);
            input.dispatchEvent(new Event("input", { bubbles: true }));
            stop(button);
            form.requestSubmit();
          }
        }, 250);
      }).catch(function () { stop(button); });
    });
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-scan]");
    if (!button) return;
    e.preventDefault();
    if (stream) stop(button); else start(button);
  });
})();
