// Small behaviours of the site: search on a document page, highlighting
// of a row and its boxes on a page page. Everything works without them.
(function () {
  "use strict";

  function normalize(s) {
    return s.replace(/\s+/g, " ").trim().toLowerCase();
  }

  function setupSearch() {
    var input = document.getElementById("search");
    var count = document.getElementById("search-count");
    var text = document.getElementById("text");
    if (!input || !text) {
      return;
    }
    var lines = Array.prototype.slice.call(text.querySelectorAll("li.line"));
    function update() {
      var q = normalize(input.value);
      var shown = 0;
      lines.forEach(function (li) {
        var match = q === "" || normalize(li.textContent).indexOf(q) >= 0;
        li.hidden = !match;
        if (match) {
          shown++;
        }
      });
      if (count) {
        count.textContent = q === ""
          ? lines.length + (lines.length === 1 ? " line" : " lines")
          : shown + " of " + lines.length + " lines match";
      }
    }
    input.addEventListener("input", update);
    update();
  }

  function setupHighlight() {
    var rows = document.getElementById("rows");
    if (!rows) {
      return;
    }
    function elements(n) {
      var list = Array.prototype.slice.call(
        document.querySelectorAll('rect.box[data-row="' + n + '"]'));
      var row = document.getElementById("row-" + n);
      if (row) {
        list.push(row);
      }
      return list;
    }
    function set(n, on) {
      elements(n).forEach(function (el) {
        el.classList.toggle("active", on);
      });
    }
    function bind(el, enter, leave) {
      var n = el.getAttribute("data-row");
      el.addEventListener(enter, function () { set(n, true); });
      el.addEventListener(leave, function () {
        var row = document.getElementById("row-" + n);
        if (row && (row === document.activeElement || row.matches(":hover"))) {
          return;
        }
        set(n, false);
      });
    }
    Array.prototype.forEach.call(rows.querySelectorAll("li.row"), function (row) {
      bind(row, "mouseenter", "mouseleave");
      bind(row, "focus", "blur");
    });
    Array.prototype.forEach.call(document.querySelectorAll("rect.box"), function (box) {
      bind(box, "mouseenter", "mouseleave");
    });
  }

  setupSearch();
  setupHighlight();
})();
