// What every browser test file shares: the BUILT page (dist/) served on 127.0.0.1 (also
// under the sub-path /kubeplay/, as a static site may be) and Debian's headless Chromium.
// Not a test file itself: node --test runs only *.test.mjs here.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { launchChromium, serveDir } from "../../scripts/static-page.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dist = path.join(root, "dist");

/// A built file's size as a host that compresses sends it: gzip -9 (node's zlib).
export const gzipped = (rel) => zlib.gzipSync(fs.readFileSync(path.join(dist, rel)), { level: 9 }).length;

/// Serves dist/ and launches the browser: { base, browser, close }.
export async function start() {
  assert.ok(fs.existsSync(path.join(dist, "index.html")), "build the page first: trunk build --release");
  const served = await serveDir(dist);
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await served.close();
  };
  return { base: served.base, browser, close };
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
