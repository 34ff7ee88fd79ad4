/* vanban: small page behaviours, no framework. Copy-link controls, the "/" shortcut
   and the service worker's registration. */
(function () {
  "use strict";
  function toast(text) {
    var el = document.createElement("div");
    el.className = "toast";
    el.setAttribute("role", "status");
    el.textContent = text;
    document.body.appendChild(el);
    setTimeout(function () { el.remove(); }, 4000);
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.pl");
    if (!a) return;
    var url = a.href;
    history.replaceState(null, "", a.getAttribute("href"));
    var target = document.getElementById(a.getAttribute("href").slice(1));
    if (target) target.scrollIntoView();
    ev.preventDefault();
    var done = function () { toast("Đã sao chép liên kết: " + url); };
    var show = function () { toast("Liên kết: " + url); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, show);
    } else {
      show();
    }
  });
  // Service worker (installable hub, pages readable offline after a visit):
  // only on http(s), never from file://, and never in the live preview.
  var proto = location.protocol;
  var form = document.querySelector("form.search[data-root]");
  var live = document.querySelector('script[src="/__vanban/live.js"]');
  if ((proto === "http:" || proto === "https:") && !live && form && "serviceWorker" in navigator) {
    var root = form.getAttribute("data-root") || "./";
    navigator.serviceWorker.register(root + "sw.js").catch(function () {});
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    var q = document.getElementById("q");
    if (q) { ev.preventDefault(); q.focus(); }
  });
})();
