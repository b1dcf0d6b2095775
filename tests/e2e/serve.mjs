// What every browser test file shares: the BUILT page (dist/) served on 127.0.0.1 (also
// under the sub-path /kubeplay/, as a static site may be) and Debian's headless Chromium.
// Not a test file itself: node --test runs only *.test.mjs here.
import assert from "node:assert/strict";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dist = path.join(root, "dist");
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".md": "text/markdown; charset=utf-8", ".woff2": "font/woff2" };

/// Serves dist/ and launches the browser: { base, browser, close }.
export async function start() {
  assert.ok(fs.existsSync(path.join(dist, "index.html")), "build the page first: trunk build --release");
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const rel = url.pathname.replace(/^\/kubeplay\//, "/");
    const file = path.join(dist, rel === "/" ? "index.html" : decodeURIComponent(rel));
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const close = async () => {
    await browser.close();
    await new Promise((r) => server.close(r));
  };
  return { base: `http://127.0.0.1:${server.address().port}/`, browser, close };
}

/// Opens the page in a new browser context and waits for the drawing: { page, ctx, errors }
/// (errors collects the page's uncaught exceptions). The clock is set to `speed` (100× unless
/// null, which leaves the page's own).
export async function openPage(browser, url, { width = 1600, height = 1000, locale = "en-US", speed = "100" } = {}) {
  const ctx = await browser.newContext({ viewport: { width, height }, locale });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('[data-test="cluster"]');
  if (speed !== null) await page.selectOption('[data-test="speed"]', speed);
  return { page, ctx, errors };
}

/// Polls `check` every 100 ms until it returns true; fails with what it last returned.
export async function waitFor(page, check, what, ms = 30000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last === true) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}
