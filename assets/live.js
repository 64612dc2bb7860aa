// Live code: the cells of a chapter run in the page, on a Jupyter kernel.
//
// The reader clicks "Live Code" in the launch menu (the rocket); sphinx-thebe then loads
// thebe from the site itself (_thebe/index.js, copied there by
// tools/sphinx_ext/nnbook_live.py) and calls thebe.bootstrap(). This script, loaded
// deferred on every chapter page, wraps that bootstrap so that
//
// - the kernel comes from a local Jupyter server when the site serves _thebe/server.json
//   (written by `make live`, tools/live_serve.py: base URL, token, optional timeout in
//   seconds), and from Binder (mybinder.org, the book's binder/ environment) otherwise;
// - a status box under the title says what is happening while the kernel starts (Binder
//   can take minutes), with a log of thebe's own status messages;
// - if the kernel fails or does not start in time, the box says what to do instead: open
//   the chapter on Binder, in Colab, or download the notebook (the links of
//   <script id="nn-launch-links">, written by tools/sphinx_ext/nnbook_launch.py).
(() => {
  "use strict";

  const root = document.documentElement.dataset.content_root || "./";
  const TIMEOUT_S = { local: 60, binder: 600 };
  let current;

  const launchLinks = () => {
    const el = document.getElementById("nn-launch-links");
    try {
      return el ? JSON.parse(el.textContent) : {};
    } catch {
      return {};
    }
  };

  // The status box: created under the chapter's title the first time it is needed.
  const statusBox = () => {
    let box = document.querySelector(".nn-live-status");
    if (!box) {
      box = document.createElement("div");
      box.className = "nn-live-status";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      box.innerHTML =
        '<p class="nn-live-message"></p><div class="nn-live-actions"></div>' +
        '<details><summary>Details</summary><ol class="nn-live-log"></ol></details>';
      const anchor =
        document.querySelector(".thebe-launch-button") || document.querySelector("section h1");
      if (anchor) {
        anchor.insertAdjacentElement("afterend", box);
      } else {
        document.querySelector("main, body").prepend(box);
      }
    }
    return box;
  };

  const log = (text) => {
    const item = document.createElement("li");
    item.textContent = text;
    statusBox().querySelector(".nn-live-log").appendChild(item);
  };

  // The message of the box, which the log keeps too (a later message replaces it).
  const say = (state, text) => {
    const box = statusBox();
    box.dataset.state = state;
    box.querySelector(".nn-live-message").textContent = text;
    log(text);
  };

  const link = (href, text) => {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  };

  // What the reader can do when live code cannot start: each way that this page offers.
  const offerFallback = (reason) => {
    const box = statusBox();
    if (box.dataset.state === "failed") return;
    say("failed", `Live code could not start: ${reason}. You can still run this chapter:`);
    const links = launchLinks();
    const list = document.createElement("ul");
    const ways = [
      ["binder", "open it on Binder", " (a full Jupyter in your browser; starting it can take a few minutes)"],
      ["colab", "open it in Google Colab", " (needs a Google account; the first cell installs nncode)"],
      ["download", "download the notebook", " and run it in your own Jupyter (its first cell installs nncode)"],
    ];
    for (const [key, text, note] of ways) {
      if (!links[key]) continue;
      const item = document.createElement("li");
      const a = link(links[key], text);
      a.className = `nn-live-${key}`;
      if (key === "download") a.setAttribute("download", "");
      item.append(a, note);
      list.appendChild(item);
    }
    box.querySelector(".nn-live-actions").replaceChildren(list);
    // sphinx-thebe's button under the title would go on spinning: it stopped
    document.querySelectorAll(".thebe-launch-button .spinner").forEach((el) => el.remove());
    document.querySelectorAll(".thebe-launch-button .status").forEach((el) => {
      el.textContent = "failed";
    });
  };

  const localServer = async () => {
    try {
      const reply = await fetch(root + "_thebe/server.json", { cache: "no-store" });
      return reply.ok ? await reply.json() : null;
    } catch {
      return null;
    }
  };

  // thebe 0.9 pairs the n-th cell with the n-th output placeholder: give every cell one
  // (cells without output have none), or outputs land under the wrong cell.
  const addOutputPlaceholders = () => {
    document.querySelectorAll("[data-executable]").forEach((source) => {
      const next = source.nextElementSibling;
      if (!next || !next.hasAttribute("data-output")) {
        const output = document.createElement("div");
        output.className = "cell_output docutils container";
        output.setAttribute("data-output", "");
        source.insertAdjacentElement("afterend", output);
      }
    });
  };

  const addStyleSheet = () => {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = root + "_thebe/thebe.css";
    document.head.appendChild(css);
  };

  const wrap = (thebe) => {
    if (!thebe || thebe.nnbookWrapped || typeof thebe.bootstrap !== "function") return;
    const original = thebe.bootstrap;
    thebe.nnbookWrapped = true;
    thebe.bootstrap = async (options = {}) => {
      addOutputPlaceholders();
      addStyleSheet();
      const server = await localServer();
      const where = server ? "local" : "binder";
      const seconds = Number((server && server.timeout) || TIMEOUT_S[where]);
      if (server) {
        say("starting", "Connecting to the local Jupyter server started by `make live`…");
      } else {
        say(
          "starting",
          "Starting a Binder server on mybinder.org with this book's environment. The first " +
            "start can take a few minutes; the run buttons work once the kernel is ready.",
        );
      }
      let failed = false;
      const fail = (reason) => {
        failed = true;
        offerFallback(reason);
      };
      thebe.on("status", (event, data) => {
        log(`${data.status}: ${data.message}`);
        if (server) {
          document.querySelectorAll(".thebe-launch-button .launch_msg").forEach((el) => {
            el.textContent = "Local Jupyter server: ";
          });
        }
      });
      thebe.on("error", (event, data) => fail(data.message || String(data.status)));
      const timer = setTimeout(
        () => fail(`no kernel after ${seconds} seconds`),
        seconds * 1000,
      );
      const kernelName = window.kernelName || "python3";
      const settings = server
        ? {
            useBinder: false,
            serverSettings: {
              baseUrl: server.baseUrl,
              wsUrl: server.wsUrl,
              token: server.token,
              appendToken: true,
            },
          }
        : {
            useBinder: true,
            binderOptions: {
              ...(options.binderOptions || {}),
              ...(launchLinks().binderhub ? { binderUrl: launchLinks().binderhub } : {}),
            },
          };
      try {
        const result = await original({
          ...options,
          ...settings,
          useJupyterLite: false,
          requestKernel: true,
          mathjaxUrl: "", // no MathJax 2 from a CDN: outputs show LaTeX as text
          kernelOptions: { kernelName },
        });
        if (!result || !result.session) throw new Error("the server gave no kernel");
        clearTimeout(timer);
        if (!failed) {
          say(
            "ready",
            "The kernel is ready: edit a cell and press “run”. Run the cells in order, from the top.",
          );
        }
        return result;
      } catch (error) {
        clearTimeout(timer);
        fail(error && error.message ? error.message : String(error));
        return undefined;
      }
    };
  };

  // thebe sets window.thebelab when its script runs: wrap its bootstrap at that moment,
  // before sphinx-thebe calls it.
  Object.defineProperty(window, "thebelab", {
    configurable: true,
    get: () => current,
    set: (value) => {
      current = value;
      wrap(value);
    },
  });
})();
