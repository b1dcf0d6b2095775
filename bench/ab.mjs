// Two builds of the page side by side: the engine's benchmark (`kubeplay_bench`) in each
// page's own wasm, alternating A, B, A, B … in one headless Chromium, each run in a fresh
// page, so that both meet the same machine. Prints each run and the medians.
//   node bench/ab.mjs DIST_A DIST_B [--pods 150000] [--nodes 5000] [--rounds 3]
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const flag = (name, d) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const dists = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1].startsWith("--"))).slice(0, 2).map((d) => path.resolve(d));
if (dists.length !== 2) {
  console.error("usage: node bench/ab.mjs DIST_A DIST_B [--pods N] [--nodes M] [--rounds R]");
  process.exit(2);
}
const [PODS, NODES, ROUNDS] = [flag("--pods", 150000), flag("--nodes", 5000), flag("--rounds", 3)];
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

function serve(dir) {
  const server = http.createServer((req, res) => {
    const rel = new URL(req.url, "http://x").pathname;
    const file = path.join(dir, rel === "/" ? "index.html" : decodeURIComponent(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r(server)));
}

const servers = await Promise.all(dists.map(serve));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const times = [[], []];
for (let round = 0; round < ROUNDS; round++) {
  for (const k of [0, 1]) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`http://127.0.0.1:${servers[k].address().port}/`);
    await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.kubeplay_bench);
    const r = JSON.parse(await page.evaluate(([p, n]) => window.wasmBindings.kubeplay_bench(p, n), [PODS, NODES]));
    await ctx.close();
    times[k].push(r.ready_ms);
    console.log(`round ${round + 1} ${"AB"[k]}: ${PODS} pods on ${NODES} nodes to Ready in ${Math.round(r.ready_ms)} ms`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const k of [0, 1]) console.log(`${"AB"[k]} ${dists[k]}: median ${Math.round(median(times[k]))} ms of ${ROUNDS}`);
await browser.close();
servers.forEach((s) => s.close());
