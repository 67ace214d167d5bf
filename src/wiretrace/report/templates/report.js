(function () {
  "use strict";

  // --- sortable tables: click a header to sort by it (again to reverse) --------------
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    var raw = cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
    if (!numeric) return raw.toLowerCase();
    var n = parseFloat(raw);
    return isNaN(n) ? -Infinity : n;
  }
  function sortBy(th) {
    var table = th.closest("table");
    var body = table.tBodies[0];
    var index = th.cellIndex;
    var numeric = th.getAttribute("data-type") === "num";
    var current = th.getAttribute("aria-sort");
    var dir = current ? (current === "descending" ? "ascending" : "descending")
                      : (numeric ? "descending" : "ascending");
    table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var sign = dir === "ascending" ? 1 : -1;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = cellValue(r1, index, numeric), b = cellValue(r2, index, numeric);
      if (a < b) return -sign;
      if (a > b) return sign;
      return (+r1.getAttribute("data-order")) - (+r2.getAttribute("data-order"));
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll("th.sortable").forEach(function (th) {
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); }
    });
  });

  // --- passages: click one side to bring its counterpart into view ------------------
  function scrollInto(el) {
    var box = el.closest(".text");
    if (box && box.scrollHeight > box.clientHeight + 2) {
      box.scrollTo({ top: Math.max(0, el.offsetTop - box.clientHeight / 3), behavior: "smooth" });
    }
    el.classList.remove("flash");
    void el.offsetWidth;  // restart the animation
    el.classList.add("flash");
  }
  function counterpart(el) {
    var pair = el.closest("[data-pair]");
    var side = el.getAttribute("data-side") === "a" ? "b" : "a";
    return pair && pair.querySelector('.col[data-side="' + side + '"] [data-passage="' +
                                      el.getAttribute("data-passage") + '"]');
  }
  function both(pair, k) {
    return pair.querySelectorAll('.col [data-passage="' + k + '"]');
  }
  document.addEventListener("click", function (e) {
    var more = e.target.closest("[data-more]");
    if (more) {
      var list = more.previousElementSibling;
      if (list) list.classList.add("all");
      more.remove();
      return;
    }
    var chip = e.target.closest(".pchip");
    if (chip) {
      var pair = chip.closest("[data-pair]");
      both(pair, chip.getAttribute("data-goto")).forEach(scrollInto);
      return;
    }
    var psg = e.target.closest(".psg[data-passage]");
    if (!psg) return;
    var other = counterpart(psg);
    if (other) {
      scrollInto(other);
      psg.classList.remove("flash");
      void psg.offsetWidth;
      psg.classList.add("flash");
    }
  });
  document.addEventListener("mouseover", function (e) {
    var psg = e.target.closest(".psg[data-passage]");
    document.querySelectorAll(".psg.hot").forEach(function (h) { h.classList.remove("hot"); });
    if (!psg) return;
    var pair = psg.closest("[data-pair]");
    if (pair) both(pair, psg.getAttribute("data-passage")).forEach(function (h) {
      h.classList.add("hot");
    });
  });

  // --- printing: open every collapsed section ----------------------------------------
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
