// scribe site: search of the canonical text, and rows highlighted with
// their boxes on the scan. Every page works without it.
(function () {
  "use strict";

  var search = document.getElementById("search");
  if (search) {
    var box = document.getElementById("search-box");
    if (box) box.hidden = false;
    var lines = Array.prototype.slice.call(document.querySelectorAll("#text li.line"));
    var count = document.getElementById("search-count");
    var texts = lines.map(function (li) { return li.textContent.toLowerCase(); });
    var run = function () {
      var q = search.value.trim().toLowerCase();
      var n = 0;
      for (var i = 0; i < lines.length; i++) {
        var hit = q === "" || texts[i].indexOf(q) >= 0;
        lines[i].hidden = !hit;
        if (hit) n++;
      }
      if (count) {
        count.textContent = q === "" ? lines.length + " lines" :
          n + (n === 1 ? " line matches" : " lines match") + " of " + lines.length;
      }
    };
    search.addEventListener("input", run);
    run();
  }

  var rows = document.querySelectorAll("#rows li.row");
  if (!rows.length) return;
  var byRow = {};
  rows.forEach(function (li) { byRow[li.dataset.row] = li; });
  var boxes = function (n) {
    return document.querySelectorAll('#scan rect.box[data-row="' + n + '"]');
  };
  var mark = function (n, on) {
    var li = byRow[n];
    if (li) li.classList.toggle("active", on);
    boxes(n).forEach(function (r) { r.classList.toggle("active", on); });
  };
  rows.forEach(function (li) {
    var n = li.dataset.row;
    li.addEventListener("mouseenter", function () { mark(n, true); });
    li.addEventListener("mouseleave", function () { if (document.activeElement !== li) mark(n, false); });
    li.addEventListener("focus", function () { mark(n, true); });
    li.addEventListener("blur", function () { mark(n, false); });
    li.addEventListener("keydown", function (e) {
      if (e.target !== li) return;
      var to = null;
      if (e.key === "ArrowDown" || e.key === "j") to = li.nextElementSibling;
      if (e.key === "ArrowUp" || e.key === "k") to = li.previousElementSibling;
      if (to) { e.preventDefault(); to.focus(); }
    });
  });
  document.querySelectorAll("#scan rect.box").forEach(function (r) {
    var n = r.dataset.row;
    r.addEventListener("mouseenter", function () { mark(n, true); });
    r.addEventListener("mouseleave", function () {
      var li = byRow[n];
      if (!li || document.activeElement !== li) mark(n, false);
    });
    r.addEventListener("click", function () {
      var li = byRow[n];
      if (li) { li.focus(); li.scrollIntoView({ block: "nearest" }); }
    });
  });
})();
