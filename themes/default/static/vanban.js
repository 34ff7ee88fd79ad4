/* vanban: small page behaviours, no framework. Copy-link controls and the "/" shortcut. */
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
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    var q = document.getElementById("q");
    if (q) { ev.preventDefault(); q.focus(); }
  });
})();
