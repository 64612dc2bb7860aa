// Lighthouse (desktop preset) on pages of the built site, served on 127.0.0.1.
// Usage: CHROME_PATH=/usr/bin/chromium node tools/a11y/lighthouse.mjs SITE_DIR OUT_DIR PAGE...
// Prints, per page: performance and accessibility scores, page weight, FCP and LCP, and
// the failing accessibility audits; writes each full report to OUT_DIR/<page>.json.
// Requests to other hosts are blocked by Chromium's host resolver (the build machine is
// offline), so a CDN asset counts as a failed request, not as a slow one.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";

const [siteDir, outDir, ...pages] = process.argv.slice(2);
if (!siteDir || !outDir || pages.length === 0) {
  console.error("usage: lighthouse.mjs SITE_DIR OUT_DIR PAGE...");
  process.exit(2);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
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

const root = path.resolve(siteDir);
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
    // Like the static host the book is published on (GitHub Pages): text is gzipped when
    // the browser accepts it, and everything has a cache lifetime of ten minutes.
    const headers = { "Content-Type": type, "Cache-Control": "max-age=600" };
    const text = /^(text\/|application\/json|image\/svg)/.test(type);
    if (text && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
      body = zlib.gzipSync(body);
      headers["Content-Encoding"] = "gzip";
    }
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404).end("not found");
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: [
    ...chromiumFlags,
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  ],
});

await mkdir(outDir, { recursive: true });
const rows = [];
try {
  for (const page of pages) {
    const result = await lighthouse(
      base + page,
      { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] },
      desktopConfig,
    );
    const lhr = result.lhr;
    await writeFile(path.join(outDir, page.replaceAll("/", "_") + ".json"), result.report);
    const a11yFails = lhr.categories.accessibility.auditRefs
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
      .map((ref) => ref.id);
    rows.push({
      page,
      performance: Math.round(lhr.categories.performance.score * 100),
      accessibility: Math.round(lhr.categories.accessibility.score * 100),
      weightKiB: Math.round(lhr.audits["total-byte-weight"].numericValue / 1024),
      fcpMs: Math.round(lhr.audits["first-contentful-paint"].numericValue),
      lcpMs: Math.round(lhr.audits["largest-contentful-paint"].numericValue),
      a11yFails: a11yFails.join(", ") || "-",
    });
  }
} finally {
  await chrome.kill();
  server.close();
}

console.log("\nLighthouse 12 (desktop preset), Debian Chromium, site served on 127.0.0.1\n");
console.log("| page | performance | accessibility | page weight (KiB) | FCP (ms) | LCP (ms) | failing a11y audits |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  console.log(
    `| ${r.page} | ${r.performance} | ${r.accessibility} | ${r.weightKiB} | ${r.fcpMs} | ${r.lcpMs} | ${r.a11yFails} |`,
  );
}
