// storyline: highlight the source sentence a citation points at. No inline script is
// allowed by the page's Content-Security-Policy, so this file is the only script.
(function () {
  "use strict";
  var current = null;

  function highlight(id) {
    var target = id ? document.getElementById(id) : null;
    if (!target || !target.classList.contains("sentence")) { return; }
    if (current) { current.classList.remove("hl"); }
    var box = target.closest("details");
    if (box) { box.open = true; }
    target.classList.add("hl");
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    current = target;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.cite") : null;
    if (!link) { return; }
    var hash = link.getAttribute("href") || "";
    if (hash.charAt(0) !== "#") { return; }
    highlight(decodeURIComponent(hash.slice(1)));
  });
  window.addEventListener("hashchange", function () {
    highlight(decodeURIComponent(location.hash.slice(1)));
  });
  if (location.hash) { highlight(decodeURIComponent(location.hash.slice(1))); }

  // Let an outlet filter <select> submit its form without a button press.
  var auto = document.querySelectorAll("form.search select");
  for (var i = 0; i < auto.length; i++) {
    auto[i].addEventListener("change", function (event) { event.target.form.submit(); });
  }
}());
