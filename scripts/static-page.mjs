// What the build's prerender (scripts/prerender.mjs) and the browser tests
// (tests/e2e/serve.mjs) share: a built page served on 127.0.0.1, and Debian's headless
// Chromium, which never downloads itself.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".md": "text/markdown; charset=utf-8", ".woff2": "font/woff2" };

/// Serves `dir` (also under the sub-path /kubeplay/, as a static site may be) on a free
/// port of 127.0.0.1: { base, close }.
export async function serveDir(dir) {
  const server = http.createServer((req, res) => {
    const rel = new URL(req.url, "http://x").pathname.replace(/^\/kubeplay\//, "/");
    const file = path.join(dir, rel === "/" ? "index.html" : decodeURIComponent(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

/// Headless Chromium ($CHROMIUM, or Debian's).
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
