/* The one way the book's interactive figures come alive.
 *
 * nncode writes every figure as
 *   <figure class="nn-figure nn-KIND" data-nn-figure="KIND">
 *     <div class="nn-figure-static">...</div>            the static rendering
 *     <script type="application/json" class="nn-figure-data">...</script>
 *   </figure>
 * and the build adds, on the pages that hold such a figure, this file and then
 * assets/KIND.js, all deferred. KIND.js calls nnFigure.register(KIND, draw); for every
 * figure of that kind, draw(host, data, figure) fills a new element `host`, and only when
 * it has succeeded does `host` take the place of the static rendering. A figure whose
 * drawing fails keeps its static rendering, and the error goes to the console.
 */
(function () {
  "use strict";

  let count = 0;

  function mount(figure, draw) {
    const script = figure.querySelector(":scope > script.nn-figure-data");
    const data = script ? JSON.parse(script.textContent) : null;
    const host = document.createElement("div");
    host.className = "nn-figure-live";
    count += 1;
    host.id = `nn-figure-${count}`;
    const fallback = figure.querySelector(":scope > .nn-figure-static");
    figure.insertBefore(host, fallback);
    try {
      draw(host, data, figure);
    } catch (err) {
      host.remove();
      throw err;
    }
    if (fallback) fallback.remove();
    figure.classList.add("nn-figure--live");
  }

  function register(kind, draw) {
    const run = () => {
      const figures = document.querySelectorAll(`[data-nn-figure="${kind}"]:not(.nn-figure--live)`);
      figures.forEach((figure) => {
        try {
          mount(figure, draw);
        } catch (err) {
          console.error(`nn-figure: could not draw a ${kind} figure`, err);
        }
      });
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }

  // Colours that nncode sends with a figure's data ({light: {...}, dark: {...}}) become the
  // CSS variables --nn-NAME of the figure, for the page's current colour mode.
  const themed = new Map();
  function mode() {
    return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
  }
  function paint(element, palette) {
    for (const [name, value] of Object.entries(palette[mode()])) {
      element.style.setProperty(`--nn-${name}`, value);
    }
  }
  function usePalette(element, palette) {
    themed.set(element, palette);
    paint(element, palette);
  }
  new MutationObserver(() => themed.forEach((palette, element) => paint(element, palette))).observe(
    document.documentElement,
    { attributes: true, attributeFilter: ["data-theme"] },
  );

  window.nnFigure = { register, usePalette };
})();
