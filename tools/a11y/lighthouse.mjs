// Lighthouse 12 on pages of built sites, with the mobile preset (Lighthouse's default:
// simulated slow 4G, 4x CPU slowdown) and the desktop preset, each page several times.
// Usage:
//   CHROME_PATH=/usr/bin/chromium node tools/a11y/lighthouse.mjs [options] PAGE...
//     --site LABEL=DIR   a built site (repeat to compare sites: before=..., after=...);
//                        default: site=_build/html
//     --out DIR          where the JSON reports go (default _build/lighthouse)
//     --runs N           runs of each page, preset and site (default 3); the table gives
//                        the median of each figure
//     --presets LIST     mobile,desktop (default both)
// Each site is served on 127.0.0.1 as GitHub Pages serves the book: text gzipped, a cache
// lifetime of ten minutes. The runs are interleaved (run 1 of every page, preset and site,
// then run 2, ...), so that the load of a shared machine weighs on every site alike; the
// load average is printed before and after. Writes OUT/LABEL/PRESET/PAGE.runK.json and
// OUT/summary.json, and prints one table per preset: performance, FCP, LCP, TBT, CLS,
// bytes transferred, accessibility and the failing accessibility audits.
// Requests to other hosts are blocked by Chromium's host resolver (the build machine is
// offline), so a CDN asset counts as a failed request, not as a slow one.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";

function parseArgs(argv) {
  const opts = { sites: [], out: "_build/lighthouse", runs: 3, presets: ["mobile", "desktop"], pages: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--site") {
      const [label, dir] = value().split(/=(.*)/s);
      if (!label || !dir) throw new Error("--site takes LABEL=DIR");
      opts.sites.push({ label, dir });
    } else if (arg === "--out") opts.out = value();
    else if (arg === "--runs") opts.runs = Number(value());
    else if (arg === "--presets") opts.presets = value().split(",").filter(Boolean);
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else opts.pages.push(arg);
  }
  if (opts.sites.length === 0) opts.sites.push({ label: "site", dir: "_build/html" });
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error("--runs takes a whole number >= 1");
  for (const p of opts.presets) {
    if (!["mobile", "desktop"].includes(p)) throw new Error(`unknown preset ${p} (mobile, desktop)`);
  }
  if (opts.pages.length === 0) throw new Error("name at least one PAGE (relative to the site)");
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(`lighthouse.mjs: ${error.message}\n`);
  console.error("usage: lighthouse.mjs [--site LABEL=DIR]... [--out DIR] [--runs N] [--presets mobile,desktop] PAGE...");
  process.exit(2);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".ico": "image/x-icon",
  ".txt": "text/plain",
};

// The flags every tool of this repository starts Debian's Chromium with.
const chromiumFlags = (await readFile(new URL("./chromium-flags.txt", import.meta.url), "utf8"))
  .split(/\s+/)
  .filter(Boolean);

// A static server for one site: like the static host the book is published on (GitHub
// Pages), text is gzipped when the browser accepts it and everything may be cached for ten
// minutes. Compressed bodies are kept, so that the server's own work stays out of the timings.
function serve(siteDir) {
  const root = path.resolve(siteDir);
  const gzipped = new Map();
  const server = http.createServer(async (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = path.join(root, urlPath);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (urlPath.endsWith("/")) file = path.join(file, "index.html");
    try {
      let body = await readFile(file);
      const type = TYPES[path.extname(file)] ?? "application/octet-stream";
      const headers = { "Content-Type": type, "Cache-Control": "max-age=600" };
      const text = /^(text\/|application\/json|image\/svg)/.test(type);
      if (text && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
        if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(body, { level: 6 }));
        body = gzipped.get(file);
        headers["Content-Encoding"] = "gzip";
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, base: `http://127.0.0.1:${server.address().port}/` })),
  );
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(", ");

for (const site of opts.sites) site.served = await serve(site.dir);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: [...chromiumFlags, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});

const loadBefore = loadavg();
const started = Date.now();
const results = []; // one per run
try {
  for (let run = 1; run <= opts.runs; run++) {
    for (const page of opts.pages) {
      for (const preset of opts.presets) {
        for (const site of opts.sites) {
          const flags = { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] };
          const result = await lighthouse(site.served.base + page, flags, preset === "desktop" ? desktopConfig : undefined);
          const lhr = result.lhr;
          const dir = path.join(opts.out, site.label, preset);
          await mkdir(dir, { recursive: true });
          await writeFile(path.join(dir, `${page.replaceAll("/", "_")}.run${run}.json`), result.report);
          const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
          const a11yFails = lhr.categories.accessibility.auditRefs
            .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
            .map((ref) => ref.id);
          const row = {
            site: site.label,
            page,
            preset,
            run,
            performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
            accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
            fcpMs: audit("first-contentful-paint"),
            lcpMs: audit("largest-contentful-paint"),
            tbtMs: audit("total-blocking-time"),
            cls: audit("cumulative-layout-shift"),
            transferKiB: audit("total-byte-weight") / 1024,
            a11yFails,
            runtimeError: lhr.runtimeError?.message ?? null,
          };
          results.push(row);
          process.stderr.write(
            `run ${run}/${opts.runs} ${site.label} ${preset} ${page}: performance ${row.performance}, ` +
              `LCP ${Math.round(row.lcpMs)} ms (load ${loadavg()})\n`,
          );
        }
      }
    }
  }
} finally {
  await chrome.kill();
  for (const site of opts.sites) site.served.server.close();
}
const loadAfter = loadavg();

const summary = [];
for (const preset of opts.presets) {
  for (const page of opts.pages) {
    for (const site of opts.sites) {
      const runs = results.filter((r) => r.preset === preset && r.page === page && r.site === site.label);
      const med = (key) => median(runs.map((r) => r[key]));
      summary.push({
        preset,
        page,
        site: site.label,
        runs: runs.length,
        performance: med("performance"),
        fcpMs: Math.round(med("fcpMs")),
        lcpMs: Math.round(med("lcpMs")),
        tbtMs: Math.round(med("tbtMs")),
        cls: Number(med("cls").toFixed(3)),
        transferKiB: Math.round(med("transferKiB")),
        accessibility: med("accessibility"),
        a11yFails: [...new Set(runs.flatMap((r) => r.a11yFails))],
        errors: [...new Set(runs.map((r) => r.runtimeError).filter(Boolean))],
      });
    }
  }
}
await mkdir(opts.out, { recursive: true });
await writeFile(
  path.join(opts.out, "summary.json"),
  JSON.stringify({ loadBefore, loadAfter, minutes: (Date.now() - started) / 60000, runs: results, medians: summary }, null, 2),
);

const NAMES = { mobile: "mobile preset: simulated slow 4G, 4x CPU slowdown", desktop: "desktop preset" };
console.log(`\nLighthouse 12, Debian Chromium; each site served gzipped on 127.0.0.1.`);
console.log(`Median of ${opts.runs} run(s), interleaved; load average (1, 5, 15 min) ${loadBefore} before, ${loadAfter} after.`);
for (const preset of opts.presets) {
  console.log(`\n${NAMES[preset]}\n`);
  const multi = opts.sites.length > 1;
  console.log(`| page |${multi ? " site |" : ""} performance | FCP (ms) | LCP (ms) | TBT (ms) | CLS | transfer (KiB) | accessibility | failing a11y audits |`);
  console.log(`| --- |${multi ? " --- |" : ""} --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const r of summary.filter((s) => s.preset === preset)) {
    const fails = [...r.a11yFails, ...r.errors].join(", ") || "-";
    console.log(
      `| ${r.page} |${multi ? ` ${r.site} |` : ""} ${r.performance} | ${r.fcpMs} | ${r.lcpMs} | ${r.tbtMs} | ${r.cls} | ${r.transferKiB} | ${r.accessibility} | ${fails} |`,
    );
  }
}
