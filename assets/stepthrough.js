/* The spreadsheet view of one iteration of the twelve steps (Part IV).
 *
 * Draws every figure of kind "stepthrough" (see figure.js) from the data of
 * nncode.stepthrough.stepthrough: for each frame the matrices shown, the line of code,
 * and for every cell of the result the cells it reads and its arithmetic. The reader
 * steps with the buttons or the arrow keys and picks a cell of the result with a click
 * or with Enter.
 */
(function () {
  "use strict";

  const label = (name) => (name.endsWith("_new") ? `${name.slice(0, -4)} (updated)` : name);
  const fmt = (v) => v.toFixed(4).replace("-", "\u2212");

  function element(parent, tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  function draw(host, data) {
    const root = element(host, "div", "nnst");
    root.tabIndex = 0;
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", "One iteration, step by step");
    const bar = element(root, "div", "nnst-bar");
    const prev = element(bar, "button", "nnst-prev", "\u2190 Back");
    const pos = element(bar, "span", "nnst-pos");
    pos.setAttribute("aria-live", "polite");
    const next = element(bar, "button", "nnst-next", "Forward \u2192");
    prev.type = "button";
    next.type = "button";
    const code = element(root, "pre", "nnst-code");
    const formula = element(root, "div", "nnst-formula");
    formula.setAttribute("aria-live", "polite");
    const tables = element(root, "div", "nnst-tables");
    element(
      root,
      "p",
      "nnst-legend",
      "Solid box: the cell being computed (click another cell of the result, or tab to it " +
        "and press Enter, to choose it). Dashed: the cells it reads. Keys: \u2190 and \u2192 step.",
    );

    const last = data.frames.length - 1;
    let frame = 0;
    let sel = [0, 0];

    function cellNode(tr, name, f, reads, v, i, j) {
      const td = element(tr, "td", "", fmt(v));
      td.dataset.i = i;
      td.dataset.j = j;
      if (name === f.target) {
        td.className = "nnst-out";
        if (i === sel[0] && j === sel[1]) td.className += " nnst-target";
        td.tabIndex = 0;
        td.addEventListener("click", () => choose(i, j));
        td.addEventListener("keydown", (e) => {
          if (e.key === "Enter" || e.key === " ") {
            choose(i, j);
            e.preventDefault();
          }
        });
      } else if (reads.has(`${name}:${i}:${j}`)) {
        td.className = "nnst-read";
      }
    }

    function render() {
      const f = data.frames[frame];
      const reads = new Set();
      pos.textContent =
        `${f.target ? `Step ${f.step}` : "Steps 0 and 1"}: ` +
        `${f.target ? label(f.target) : "the data and the initial weights"} ` +
        `(${frame + 1} of ${data.frames.length})`;
      code.textContent = f.code;
      prev.disabled = frame === 0;
      next.disabled = frame === last;
      formula.textContent = "";
      if (f.target) {
        const cell = f.cells[sel[0]][sel[1]];
        cell.reads.forEach((r) => reads.add(r.join(":")));
        formula.textContent = `${label(f.target)}[${sel[0]}, ${sel[1]}] = ${cell.formula}`;
      }
      tables.textContent = "";
      f.shown.forEach((name) => {
        const m = data.matrices[name];
        const table = element(tables, "table");
        element(table, "caption", "", `${label(name)} (${m.length}\u00d7${m[0].length})`);
        table.dataset.matrix = name;
        m.forEach((row, i) => {
          const tr = element(table, "tr");
          row.forEach((v, j) => cellNode(tr, name, f, reads, v, i, j));
        });
      });
    }

    function choose(i, j) {
      sel = [i, j];
      render();
      root.querySelector("td.nnst-target").focus();
    }

    function go(step) {
      const to = Math.max(0, Math.min(last, frame + step));
      if (to !== frame) {
        frame = to;
        sel = [0, 0];
        render();
      }
    }

    prev.addEventListener("click", () => go(-1));
    next.addEventListener("click", () => go(1));
    root.addEventListener("keydown", (e) => {
      if (e.key === "ArrowRight") {
        go(1);
        e.preventDefault();
      }
      if (e.key === "ArrowLeft") {
        go(-1);
        e.preventDefault();
      }
    });
    render();
  }

  nnFigure.register("stepthrough", draw);
})();
