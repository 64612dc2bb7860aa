"""The CSS and vanilla JavaScript of the spreadsheet view (``stepthrough_html``).

Kept as text in a module, not as files, so that the page stays self-contained (the view
is inlined into the cell's output) and the build's cache guard, which hashes the .py
files of ``nncode``, notices when they change.
"""

STYLE = """
.nnst{border:1px solid #8a8f98;border-radius:6px;padding:.6em .8em;margin:1em 0;
  font-size:.9em;outline-offset:3px}
.nnst:focus{outline:2px solid #1f6feb}
.nnst-bar{display:flex;gap:.8em;align-items:center;flex-wrap:wrap}
.nnst-bar button{font:inherit;padding:.25em .8em;border-radius:4px;cursor:pointer;
  border:1px solid #57606a;background:transparent;color:inherit}
.nnst-bar button:disabled{opacity:.45;cursor:default}
.nnst-pos{font-weight:600;flex:1;text-align:center}
.nnst-code{margin:.5em 0;padding:.3em .5em;white-space:pre-wrap}
.nnst-formula{min-height:1.4em;font-family:monospace;margin:.3em 0 .6em;
  overflow-wrap:anywhere}
.nnst-tables{display:flex;flex-wrap:wrap;gap:1em 1.5em;align-items:flex-start}
.nnst table{border-collapse:collapse;margin:0}
.nnst caption{caption-side:top;white-space:nowrap;font-family:monospace;font-weight:600;padding:.2em 0;
  text-align:left}
.nnst td{border:1px solid #afb8c1;padding:.15em .45em;text-align:right;
  font-family:monospace;font-variant-numeric:tabular-nums}
.nnst td.nnst-out{cursor:pointer}
.nnst td.nnst-read{background:rgba(255,193,7,.35);outline:2px dashed #9a6700;
  outline-offset:-3px}
.nnst td.nnst-target{background:rgba(31,111,235,.3);outline:3px solid #0550ae;
  outline-offset:-3px;font-weight:700}
.nnst-legend{font-size:.85em;margin-top:.6em}
"""

SCRIPT = """
function nnstMount(uid) {
  var root = document.getElementById(uid);
  if (!root || root.dataset.ready) { return; }
  root.dataset.ready = "1";
  root.tabIndex = 0;
  var data = JSON.parse(document.getElementById(uid + "-data").textContent);
  var prev = root.querySelector(".nnst-prev"), next = root.querySelector(".nnst-next");
  var pos = root.querySelector(".nnst-pos"), code = root.querySelector(".nnst-code");
  var formula = root.querySelector(".nnst-formula");
  var tables = root.querySelector(".nnst-tables");
  var legend = document.createElement("p");
  legend.className = "nnst-legend";
  legend.textContent = "Solid box: the cell being computed (click another cell of the " +
    "result, or tab to it and press Enter, to choose it). Dashed: the cells it reads. Keys: \\u2190 and \\u2192 step.";
  root.appendChild(legend);
  var frame = 0, sel = [0, 0], last = data.frames.length - 1;
  function label(name) {
    return name.slice(-4) === "_new" ? name.slice(0, -4) + " (updated)" : name;
  }
  function fmt(v) { return v.toFixed(4).replace("-", "\\u2212"); }
  function render() {
    var f = data.frames[frame], reads = {};
    pos.textContent = (f.target ? "Step " + f.step : "Steps 0 and 1") + ": " +
      (f.target ? label(f.target) : "the data and the initial weights") +
      " (" + (frame + 1) + " of " + data.frames.length + ")";
    code.textContent = f.code;
    prev.disabled = frame === 0;
    next.disabled = frame === last;
    formula.textContent = "";
    if (f.target) {
      var cell = f.cells[sel[0]][sel[1]];
      cell.reads.forEach(function (r) { reads[r.join(":")] = true; });
      formula.textContent = label(f.target) + "[" + sel[0] + ", " + sel[1] + "] = " +
        cell.formula;
    }
    tables.textContent = "";
    f.shown.forEach(function (name) {
      var m = data.matrices[name], table = document.createElement("table");
      var cap = document.createElement("caption");
      cap.textContent = label(name) + " (" + m.length + "\\u00d7" + m[0].length + ")";
      table.appendChild(cap);
      table.dataset.matrix = name;
      m.forEach(function (row, i) {
        var tr = document.createElement("tr");
        row.forEach(function (v, j) {
          var td = document.createElement("td");
          td.textContent = fmt(v);
          td.dataset.i = i;
          td.dataset.j = j;
          if (name === f.target) {
            td.className = "nnst-out";
            if (i === sel[0] && j === sel[1]) { td.className += " nnst-target"; }
            td.tabIndex = 0;
            td.addEventListener("click", function () { choose(i, j); });
            td.addEventListener("keydown", function (e) {
              if (e.key === "Enter" || e.key === " ") { choose(i, j); e.preventDefault(); }
            });
          } else if (reads[name + ":" + i + ":" + j]) {
            td.className = "nnst-read";
          }
          tr.appendChild(td);
        });
        table.appendChild(tr);
      });
      tables.appendChild(table);
    });
  }
  function choose(i, j) {
    sel = [i, j];
    render();
    root.querySelector("td.nnst-target").focus();
  }
  function go(d) {
    var to = Math.max(0, Math.min(last, frame + d));
    if (to !== frame) { frame = to; sel = [0, 0]; render(); }
  }
  prev.addEventListener("click", function () { go(-1); });
  next.addEventListener("click", function () { go(1); });
  root.addEventListener("keydown", function (e) {
    if (e.key === "ArrowRight") { go(1); e.preventDefault(); }
    if (e.key === "ArrowLeft") { go(-1); e.preventDefault(); }
  });
  render();
}
"""
