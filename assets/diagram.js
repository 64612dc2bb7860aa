/* Interactive network diagrams of "Feedforward Neural Networks from Scratch".
 *
 * Draws every figure of kind "diagram" (see figure.js) from the data nncode.diagrams put
 * in it: the network, its values and where every part goes (data.layout, in layout units)
 * with its colours (data.palette). Needs d3 v7 and figure.js, loaded before this file.
 * Notation: neuron k of layer l is x(l)_k, its receptor z(l)_k; the weight w(l)_{i,j}
 * goes FROM neuron i of layer l-1 TO neuron j of layer l and is W[l][i-1][j-1].
 */
(function () {
  "use strict";

  const UNIT = 64; // pixels per layout unit
  const fmt = (v) => d3.format(".3~g")(v).replace("−", "-");
  const reducedMotion = () =>
    window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const stepMs = () => (reducedMotion() ? 60 : 650);

  // Append "base(sup)_sub" as text with a raised and a lowered part.
  function mathLabel(text, base, sup, sub) {
    text.append("tspan").attr("class", "nn-base").text(base);
    text.append("tspan").attr("class", "nn-sup").attr("dy", "-0.55em").text(`(${sup})`);
    text.append("tspan").attr("class", "nn-sub").attr("dy", "0.85em").text(sub);
    return text;
  }
  const plain = (base, sup, sub) => `${base}(${sup})${sub}`;

  function draw(hostNode, data, figure) {
    const g = data.layout;
    const px = (v) => v * UNIT;
    const dims = data.layers;
    const rec = data.receptors;
    const L = dims.length - 1;
    const R = px(g.r);
    const recDx = px(g.receptor_dx);
    const boxH = px(g.box_h);
    const pos = (l, k) => g.neurons[l][k].map(px);
    const font = (name) => px(g.font[name]);
    nnFigure.usePalette(figure, data.palette);
    const host = d3.select(hostNode);

    let description = `Network with layer sizes ${dims.join(", ")}.`;
    if (data.x) description += ` Forward values of sample ${data.sample} are shown.`;
    description += " Press Enter on a neuron or receptor to send an impulse forward.";
    const width = px(g.width);
    const svg = host
      .append("svg")
      .attr("class", "nn-svg")
      .attr("viewBox", `0 0 ${width} ${px(g.height)}`)
      .attr("preserveAspectRatio", "xMidYMid meet")
      .style("max-width", `${g.width * g.pixels}px`) // the box of the static picture
      .attr("role", "group")
      .attr("aria-label", description);

    // where an edge into neuron j of layer l ends: its receptor box, or the neuron itself
    const inPoint = (l, j) => {
      const [x, y] = pos(l, j);
      return [x - recDx - R, y];
    };
    const outPoint = (l, i) => {
      const [x, y] = pos(l, i);
      return [x + R, y];
    };
    // a label "base(sup)sub" in the layout's font sizes (CSS may enlarge them on a phone)
    const sized = (text, size, index) => {
      text.attr("font-size", font(size));
      text.selectAll(".nn-sup, .nn-sub").attr("font-size", font(index));
      return text;
    };

    // --- layer titles
    svg
      .append("g")
      .selectAll("text")
      .data(d3.range(L + 1))
      .join("text")
      .attr("class", "nn-layer-title")
      .attr("font-size", font("title"))
      .attr("x", (l) => px(g.titles[l][0]))
      .attr("y", (l) => px(g.titles[l][1]))
      .attr("text-anchor", "middle")
      .text((l) => `Layer ${l}`);

    // --- edges, coloured by sign and as thick as their weight when the weights are known
    const edges = [];
    for (let l = 1; l <= L; l++)
      for (let i = 0; i < dims[l - 1]; i++)
        for (let j = 0; j < dims[l]; j++) edges.push({ l, i, j, w: data.W ? data.W[l][i][j] : null });
    const edgeSel = svg
      .append("g")
      .attr("class", "nn-edges")
      .selectAll("line")
      .data(edges)
      .join("line")
      .attr("class", (e) => "nn-edge" + (e.w === null ? "" : e.w >= 0 ? " nn-pos" : " nn-neg"))
      .attr("data-l", (e) => e.l)
      .attr("data-i", (e) => e.i + 1)
      .attr("data-j", (e) => e.j + 1)
      .attr("x1", (e) => outPoint(e.l - 1, e.i)[0])
      .attr("y1", (e) => outPoint(e.l - 1, e.i)[1])
      .attr("x2", (e) => inPoint(e.l, e.j)[0])
      .attr("y2", (e) => inPoint(e.l, e.j)[1])
      .attr("stroke-width", (e) => px(g.edge_width[e.l][e.i][e.j]));
    figure.style.setProperty("--nn-lit-width", `${px(g.stroke.lit)}px`);
    edgeSel.append("title").text((e) => {
      let t = `${plain("w", e.l, `${e.i + 1},${e.j + 1}`)}: from neuron ${e.i + 1} of layer ${e.l - 1} to neuron ${e.j + 1} of layer ${e.l}`;
      if (e.w !== null) t += `, weight ${fmt(e.w)}`;
      if (data.dW) t += `, dJ/dw = ${fmt(data.dW[e.l][e.i][e.j])}`;
      return t;
    });

    const labelSel = svg
      .append("g")
      .attr("class", "nn-wlabels")
      .attr("aria-hidden", "true")
      .selectAll("text")
      .data(edges)
      .join("text")
      .attr("class", (e) => "nn-wlabel" + (g.labelled[e.l] ? "" : " nn-dense"))
      .attr("text-anchor", "middle")
      .attr("dominant-baseline", "central")
      .attr("transform", (e) => {
        const [x0, y0] = outPoint(e.l - 1, e.i);
        const [x1, y1] = inPoint(e.l, e.j);
        const t = g.label_t[e.l][e.j];
        return `translate(${x0 + t * (x1 - x0)},${y0 + t * (y1 - y0)})`;
      });
    labelSel.each(function (e) {
      sized(mathLabel(d3.select(this), "w", e.l, `${e.i + 1},${e.j + 1}`), "weight", "index");
    });

    const impulses = svg.append("g").attr("class", "nn-impulses");

    // --- receptors and neurons
    const nodes = [];
    for (let l = 0; l <= L; l++)
      for (let k = 0; k < dims[l]; k++) {
        if (rec && l > 0) nodes.push({ kind: "receptor", l, k });
        nodes.push({ kind: "neuron", l, k });
      }
    // the name starts with what the node shows (label, value, delta), then says what it is
    const nodeLabel = (n) => {
      const vals = n.kind === "neuron" ? data.x : data.z;
      let t = plain(n.kind === "neuron" ? "x" : "z", n.l, n.k + 1);
      if (vals) t += ` ${fmt(vals[n.l][n.k])}`;
      if (n.kind === "receptor" && data.delta) t += ` δ = ${fmt(data.delta[n.l][n.k])}`;
      return `${t}: ${n.kind} ${n.k + 1} of layer ${n.l}. Enter sends an impulse forward.`;
    };
    const nodeSel = svg
      .append("g")
      .attr("class", "nn-nodes")
      .selectAll("g")
      .data(nodes)
      .join("g")
      .attr("class", (n) => `nn-${n.kind}`)
      .attr("data-l", (n) => n.l)
      .attr("data-k", (n) => n.k + 1)
      .attr("tabindex", 0)
      .attr("role", "button")
      .attr("aria-label", nodeLabel)
      .attr("transform", (n) => {
        const [x, y] = pos(n.l, n.k);
        return `translate(${n.kind === "receptor" ? x - recDx : x},${y})`;
      });
    nodeSel
      .filter((n) => n.kind === "receptor")
      .call((s) =>
        s
          .append("line")
          .attr("class", "nn-link")
          .attr("x1", R)
          .attr("x2", recDx - R)
          .attr("y1", 0)
          .attr("y2", 0)
          .attr("stroke-width", px(g.stroke.link)),
      )
      .append("rect")
      .attr("x", -R)
      .attr("y", -boxH)
      .attr("width", 2 * R)
      .attr("height", 2 * boxH)
      .attr("rx", 3);
    nodeSel.filter((n) => n.kind === "neuron").append("circle").attr("r", R);
    nodeSel.selectAll("circle, rect").attr("stroke-width", px(g.stroke.outline));
    nodeSel.each(function (n) {
      const s = d3.select(this);
      const half = n.kind === "neuron" ? R : boxH; // from the centre to the shape's edge
      const label = s.append("text").attr("class", "nn-label").attr("text-anchor", "middle");
      sized(mathLabel(label.attr("dominant-baseline", "central"), n.kind === "neuron" ? "x" : "z", n.l, n.k + 1), "label", "index");
      const vals = n.kind === "neuron" ? data.x : data.z;
      if (vals) {
        const v = vals[n.l][n.k];
        s.append("text")
          .attr("class", "nn-value")
          .attr("font-size", font("value"))
          .attr("text-anchor", "middle")
          .attr("y", half + px(g.value_gap))
          .attr("data-value", v)
          .text(` ${fmt(v)}`); // the space keeps the name "x(l)k value" readable
      }
      if (n.kind === "receptor" && data.delta) {
        const v = data.delta[n.l][n.k];
        s.append("text")
          .attr("class", "nn-delta")
          .attr("font-size", font("value"))
          .attr("text-anchor", "middle")
          .attr("y", -half - px(g.delta_gap))
          .attr("data-value", v)
          .classed("nn-on", true)
          .text(` δ = ${fmt(v)}`);
      }
    });

    const status = host.append("p").attr("class", "nn-status").attr("aria-live", "polite");

    // --- impulses: a dot runs along each outgoing edge, layer by layer
    function flash(kind, l, k, cls) {
      nodeSel
        .filter((n) => n.kind === kind && n.l === l && n.k === k)
        .classed(cls, true)
        .transition()
        .delay(stepMs())
        .on("end", function () {
          d3.select(this).classed(cls, false);
        });
    }
    function runDot(from, to, cls) {
      return impulses
        .append("circle")
        .attr("class", cls)
        .attr("r", 5)
        .attr("cx", from[0])
        .attr("cy", from[1])
        .transition()
        .duration(stepMs())
        .ease(d3.easeCubicInOut)
        .attr("cx", to[0])
        .attr("cy", to[1])
        .remove()
        .end()
        .catch(() => undefined);
    }
    async function fireFrom(l, active) {
      // `active`: indices of the neurons of layer l that fire
      for (; l < L && active.length; l++) {
        const runs = [];
        for (const i of active)
          for (let j = 0; j < dims[l + 1]; j++) runs.push(runDot(outPoint(l, i), inPoint(l + 1, j), "nn-impulse"));
        await Promise.all(runs);
        const next = d3.range(dims[l + 1]);
        if (rec) {
          next.forEach((j) => flash("receptor", l + 1, j, "nn-hit"));
          await Promise.all(
            next.map((j) => {
              const [x, y] = pos(l + 1, j);
              return runDot([x - recDx + R, y], [x - R, y], "nn-impulse");
            }),
          );
        }
        next.forEach((j) => flash("neuron", l + 1, j, "nn-hit"));
        active = next;
      }
    }
    function fire(n) {
      status.text(`Impulse from ${plain(n.kind === "neuron" ? "x" : "z", n.l, n.k + 1)} travels forward.`);
      if (n.kind === "receptor") {
        const [x, y] = pos(n.l, n.k);
        runDot([x - recDx + R, y], [x - R, y], "nn-impulse").then(() => {
          flash("neuron", n.l, n.k, "nn-hit");
          return fireFrom(n.l, [n.k]);
        });
      } else {
        flash("neuron", n.l, n.k, "nn-hit");
        fireFrom(n.l, [n.k]);
      }
    }
    nodeSel
      .on("click", (event, n) => fire(n))
      .on("keydown", (event, n) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          fire(n);
        }
      });

    // --- rows and columns of W(l): light up the edges they hold
    // is edge e in the selection (a row, a column or one cell of W(l))?
    const holds = (sel, e) =>
      sel !== null &&
      e.l === sel.layer &&
      (sel.kind === "row" ? e.i + 1 === sel.index : sel.kind === "col" ? e.j + 1 === sel.index : e.i + 1 === sel.i && e.j + 1 === sel.j);
    function light(sel) {
      edgeSel.classed("nn-lit", (e) => holds(sel, e)).classed("nn-dim", (e) => sel !== null && e.l === sel.layer && !holds(sel, e));
      labelSel.classed("nn-show", (e) => holds(sel, e));
    }
    let pinned = data.highlight || null;
    light(pinned);
    const mats = host.append("div").attr("class", "nn-matrices");
    for (let l = 1; l <= L; l++) {
      const table = mats.append("table").attr("class", "nn-matrix").attr("data-l", l);
      const cap = table.append("caption");
      mathLabel(cap.append("span").attr("class", "nn-mathcap"), "W", l, "");
      cap.append("span").text(` (${dims[l - 1]}×${dims[l]}): row i = from x(${l - 1})i, column j = to neuron j of layer ${l}`).attr("class", "nn-visually-hidden");
      const head = table.append("thead").append("tr");
      head.append("td");
      const bind = (btn, sel, text) =>
        btn
          .attr("type", "button")
          .attr("aria-pressed", "false")
          .text(text)
          .on("mouseenter focus", () => light(sel))
          .on("mouseleave blur", () => light(pinned))
          .on("click", function () {
            const same = pinned && JSON.stringify(pinned) === JSON.stringify(sel);
            pinned = same ? null : sel;
            mats.selectAll("button").attr("aria-pressed", "false");
            if (!same) d3.select(this).attr("aria-pressed", "true");
            light(pinned);
            status.text(same ? "Selection cleared." : `Edges of ${sel.kind} ${sel.index} of W(${l}) lit up.`);
          });
      for (let j = 0; j < dims[l]; j++)
        bind(head.append("th").attr("scope", "col").append("button").attr("class", "nn-col").attr("data-index", j + 1).attr("aria-label", `col ${j + 1} of W(${l}): the weights into neuron ${j + 1} of layer ${l}`), { layer: l, kind: "col", index: j + 1 }, `col ${j + 1}`);
      const body = table.append("tbody");
      for (let i = 0; i < dims[l - 1]; i++) {
        const tr = body.append("tr");
        bind(tr.append("th").attr("scope", "row").append("button").attr("class", "nn-row").attr("data-index", i + 1).attr("aria-label", `row ${i + 1} of W(${l}): the weights out of neuron ${i + 1} of layer ${l - 1}`), { layer: l, kind: "row", index: i + 1 }, `row ${i + 1}`);
        for (let j = 0; j < dims[l]; j++) {
          const td = tr.append("td").on("mouseenter", () => light({ layer: l, kind: "cell", i: i + 1, j: j + 1 })).on("mouseleave", () => light(pinned));
          if (data.W) td.text(fmt(data.W[l][i][j]));
          else mathLabel(td.append("span"), "w", l, `${i + 1},${j + 1}`);
        }
      }
    }
    if (pinned)
      mats
        .selectAll(`table[data-l="${pinned.layer}"] button.nn-${pinned.kind}[data-index="${pinned.index}"]`)
        .attr("aria-pressed", "true");

    // --- the backward pass: deltas appear from the output back, dots run backwards
    if (data.delta) {
      svg.classed("nn-backward-ready", true);
      const btn = host
        .insert("div", ".nn-matrices")
        .attr("class", "nn-controls")
        .append("button")
        .attr("type", "button")
        .attr("class", "nn-play-backward")
        .text("Play the backward pass");
      btn.on("click", async () => {
        btn.attr("disabled", true);
        svg.classed("nn-backward-shown", false).classed("nn-backward-running", true);
        svg.selectAll(".nn-delta").classed("nn-on", false);
        for (let l = L; l >= 1; l--) {
          svg.selectAll(".nn-receptor").filter((n) => n.l === l).select(".nn-delta").classed("nn-on", true);
          status.text(`Layer ${l}: δ(${l}) = [${data.delta[l].map(fmt).join(", ")}]`);
          const runs = [];
          for (let j = 0; j < dims[l]; j++)
            for (let i = 0; i < dims[l - 1]; i++) runs.push(runDot(inPoint(l, j), outPoint(l - 1, i), "nn-impulse nn-impulse-back"));
          await Promise.all(runs);
        }
        svg.classed("nn-backward-running", false).classed("nn-backward-shown", true);
        status.text("Backward pass done: every receptor shows its δ = dJ/dz.");
        btn.attr("disabled", null);
      });
    }
  }

  nnFigure.register("diagram", draw);
})();
