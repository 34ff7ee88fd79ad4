/* vanban: small page behaviours, no framework. Copy-link controls, the "/" shortcut
   and the service worker's registration. */
(function () {
  "use strict";
  function toast(text) {
    var el = document.createElement("div");
    el.className = "toast";
    el.setAttribute("role", "status");
    el.textContent = text;
    (document.querySelector("main") || document.body).appendChild(el);
    setTimeout(function () { el.remove(); }, 4000);
  }
  // Where the clipboard cannot be used: the link in a selected field to copy
  // by hand (Ctrl+C); it closes on Escape (focus back on the control) or blur.
  function showLink(url, from) {
    var el = document.createElement("div");
    el.className = "toast";
    var label = document.createElement("label");
    label.textContent = "Liên kết (nhấn Ctrl+C để sao chép): ";
    var field = document.createElement("input");
    field.readOnly = true;
    field.value = url;
    label.appendChild(field);
    el.appendChild(label);
    (document.querySelector("main") || document.body).appendChild(el);
    field.focus();
    field.select();
    var close = function () { if (el.parentNode) el.parentNode.removeChild(el); };
    field.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { from.focus(); close(); }
    });
    field.addEventListener("blur", close);
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
    var show = function () { showLink(url, a); };
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
