// The browser benchmark: kubeplay's built page (dist/) and Webernetes in the same headless
// Chromium, on this machine. Prints figures, never pass/fail. Run through
// scripts/bench-browser.sh, which builds what is missing; options:
//   --pods N --nodes M        the largest run (default 150000 on 5000)
//   --ladder                  also 10, 100, 1,000, 10,000, 100,000 pods (30 per node)
//   --peer-pods N --peer-nodes M   Webernetes' run (default 10000 on 100); --no-peer skips it;
//                             --peer-step pauses its clock and steps it instead of real time
//   --no-page                 skips the page figures (frames, paste, load)
//   --mix-pods N              the mixed workload's size (default 50000, 30 pods a node);
//                             --no-mix skips it
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const dist = path.join(root, "dist");
const out = path.join(here, "out");

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : dflt;
};
const flag = (name) => argv.includes(name);
const PODS = opt("--pods", 150000);
const NODES = opt("--nodes", 5000);
const PEER_PODS = opt("--peer-pods", 10000);
const PEER_NODES = opt("--peer-nodes", 100);
const PEER_MODE = flag("--peer-step") ? "step" : "real";

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/bench/peer.html") {
    // A blank page of the same origin for Webernetes: nothing of kubeplay's runs in it.
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Webernetes</title>");
    return;
  }
  const [base, rel] = url.pathname.startsWith("/bench/") ? [out, url.pathname.slice(7)] : [dist, url.pathname.slice(1) || "index.html"];
  const file = path.join(base, decodeURIComponent(rel));
  if (!file.startsWith(base) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--js-flags=--expose-gc"],
});

const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
const ms = (x) => `${x.toFixed(x < 10 ? 2 : x < 100 ? 1 : 0)} ms`;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const row = (label, value, target) => console.log(`${label.padEnd(62)} ${String(value).padStart(14)}   target ${target}`);

async function freshPage() {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: "en-US" });
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    // The first drawn cluster: the first view index.html keeps (scripts/prerender.mjs),
    // then the live page's first node box.
    new MutationObserver((_, obs) => {
      if (!window.__keptDraw && document.querySelector("[data-first-view] svg.cluster")) window.__keptDraw = performance.now();
      if (document.querySelector('[data-test="node"]')) {
        window.__firstDraw = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(origin);
  await page.waitForFunction(() => window.wasmBindings && window.__firstDraw);
  return { ctx, page };
}

const cores = os.cpus().length;
const { ctx: c0, page: p0 } = await freshPage();
const version = browser.version();
const hw = await p0.evaluate(() => navigator.hardwareConcurrency);
await c0.close();
console.log(`kubeplay browser benchmark: Chromium ${version} headless, ${cores} cores (navigator.hardwareConcurrency ${hw}), ${os.cpus()[0]?.model ?? "?"}`);

// Transfer: what a visitor downloads, gzip -9.
{
  // The cold wasm (crates/split) is fetched once the page is idle, not by the first view.
  const files = fs.readdirSync(dist).filter((f) => /\.(wasm|js|css|html)$/.test(f) && !f.endsWith("_cold.wasm"));
  const sizes = Object.fromEntries(files.map((f) => [path.extname(f).slice(1), zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length]));
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  // The first view is drawn from index.html (which keeps it) and the style alone.
  row(`first view transfer, gzip (html ${kib(sizes.html)}, css ${kib(sizes.css)})`, kib(sizes.html + sizes.css), "≤ 250 KiB");
  row(`live page transfer, gzip (wasm ${kib(sizes.wasm)}, js ${kib(sizes.js)}, html and css)`, kib(total), "");
  // Fetched on first use, not by the first view: the lessons' texts (one lesson, both languages, when opened).
  const lessons = ["en", "ko"].flatMap((l) => fs.readdirSync(path.join(dist, "lessons", l)).map((f) => path.join(dist, "lessons", l, f)));
  const lessonBytes = lessons.reduce((a, f) => a + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
  row(`fetched on first use: ${lessons.length} lesson texts, gzip each`, kib(lessonBytes), "not in the first view");
  const coldWasm = fs.readdirSync(dist).filter((f) => f.endsWith("_cold.wasm"));
  const coldBytes = coldWasm.reduce((a, f) => a + zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length, 0);
  row("fetched when idle or on first call: the cold wasm (kubectl, kustomize, compose, …)", kib(coldBytes), "not in the first view");
}

// The engine in wasm: apply → all Ready, memory, idle second. A fresh page per run,
// since wasm memory only grows.
async function engineRun(pods, nodes) {
  const { ctx, page } = await freshPage();
  const r = JSON.parse(await page.evaluate(([p, n]) => window.wasmBindings.kubeplay_bench(p, n), [pods, nodes]));
  await ctx.close();
  return r;
}
const sizes = flag("--ladder") ? [10, 100, 1000, 10000, 100000, 150000].filter((p) => p < PODS).map((p) => [p, Math.max(1, Math.round(p / 30))]) : [];
sizes.push([PODS, NODES]);
console.log("\nkubeplay engine in this page's wasm: a Deployment applied until every pod is Ready");
console.log(`${"pods".padStart(8)} ${"nodes".padStart(6)} ${"to Ready".padStart(10)} ${"pods/s".padStart(9)} ${"memory/pod".padStart(11)} ${"idle sim s".padStart(11)} ${"sim time".padStart(9)}`);
const results = {};
for (const [p, n] of sizes) {
  const r = await engineRun(p, n);
  results[`${p}/${n}`] = r;
  console.log(`${String(p).padStart(8)} ${String(n).padStart(6)} ${ms(r.ready_ms).padStart(10)} ${(p / (r.ready_ms / 1000)).toFixed(0).padStart(9)} ${(r.memory_bytes / p / 1024).toFixed(2).padStart(7)} KiB ${ms(r.idle_ms).padStart(11)} ${(r.sim_ms / 1000).toFixed(0).padStart(8)}s${r.ready < p ? `  (only ${r.ready} Ready)` : ""}`);
}
const big = results[`${PODS}/${NODES}`];
row(`${PODS} pods on ${NODES} nodes, apply → all Ready (wasm)`, ms(big.ready_ms), "≤ 3000 ms");
row("memory per running pod (wasm linear memory, events included)", `${(big.memory_bytes / PODS / 1024).toFixed(2)} KiB`, "≤ 2 KiB");
row(`one simulated second of the idle ${PODS}-pod cluster`, ms(big.idle_ms), "≤ 2 ms");

// The mixed workload (engine::bench::mix: DaemonSets, StatefulSets with claims, Jobs,
// Deployments mounting a ConfigMap and a Secret, Services, NetworkPolicies) beside the
// plain rollout of as many pods on as many nodes, each in a fresh page.
if (!flag("--no-mix")) {
  const mixPods = opt("--mix-pods", 50000);
  const mixNodes = Math.ceil(mixPods / 30);
  const { ctx, page } = await freshPage();
  const m = JSON.parse(await page.evaluate(([p, n]) => window.wasmBindings.kubeplay_bench_mix(p, n), [mixPods, mixNodes]));
  await ctx.close();
  if (m.error) throw new Error(`the mix did not apply: ${m.error}`);
  const plain = await engineRun(m.pods, mixNodes);
  console.log(`\nthe mixed workload in this page's wasm: ${m.pods} pods on ${mixNodes} nodes, beside the plain rollout of as many`);
  console.log(`${"run".padStart(8)} ${"pods".padStart(8)} ${"to done".padStart(10)} ${"µs/pod".padStart(8)} ${"memory/pod".padStart(11)} ${"done".padStart(8)} ${"sim time".padStart(9)}`);
  const line = (label, pods, took, memory, done, sim) =>
    console.log(`${label.padStart(8)} ${String(pods).padStart(8)} ${ms(took).padStart(10)} ${((took * 1000) / pods).toFixed(1).padStart(8)} ${(memory / pods / 1024).toFixed(2).padStart(7)} KiB ${String(done).padStart(8)} ${(sim / 1000).toFixed(0).padStart(8)}s`);
  line("mix", m.pods, m.done_ms, m.memory_bytes, m.done, m.sim_ms);
  line("rollout", plain.pods, plain.ready_ms, plain.memory_bytes, plain.ready, plain.sim_ms);
  row(`mix ÷ rollout per pod, ${m.pods} pods (wasm)${m.done < m.pods ? ` (only ${m.done} done)` : ""}`, `${(m.done_ms / m.pods / (plain.ready_ms / plain.pods)).toFixed(2)}×`, "≤ 1.5×");
}

// The page itself: frames, paste → drawn, load → first draw.
const deployment = (name, replicas) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n`;
const service = (name) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: NodePort\n  selector:\n    app: ${name}\n  ports:\n  - port: 80\n    targetPort: 80\n`;

// Sets the editor's text as a paste would, applies it, and returns the real ms until the
// frame after the change was painted, and how long the page's input and Apply handlers
// took of it (the rest is style, layout, paint and the wait for the display's next frame,
// up to 16.7 ms at 60 Hz).
async function pasteAndApply(page, text) {
  return page.evaluate(async (text) => {
    const t0 = performance.now();
    const editor = document.querySelector('[data-test="editor"]');
    editor.value = text;
    editor.dispatchEvent(new Event("input", { bubbles: true }));
    document.querySelector('[data-test="apply"]').click();
    const handlers = performance.now() - t0;
    await new Promise((r) => requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = r;
      ch.port2.postMessage(0);
    }));
    return { took: performance.now() - t0, handlers };
  }, text);
}

// Real intervals between animation frames over `seconds`.
async function frames(page, seconds) {
  return page.evaluate(async (seconds) => {
    const gaps = [];
    let last = performance.now();
    const end = last + seconds * 1000;
    await new Promise((done) => {
      const tick = (t) => {
        gaps.push(t - last);
        last = t;
        if (t < end) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    return gaps.slice(1);
  }, seconds);
}

async function setCluster(page, preset, workers) {
  await page.selectOption('[data-test="preset"]', preset);
  await page.fill('[data-test="workers"]', String(workers));
  await page.press('[data-test="workers"]', "Tab");
}

async function waitUntil(page, fn, arg, what, ms = 600000) {
  try {
    await page.waitForFunction(fn, arg, { timeout: ms, polling: 250 });
  } catch (e) {
    throw new Error(`timed out waiting for ${what}`);
  }
}

if (!flag("--no-page")) {
  console.log("\nThe page (frames are real intervals between animation frames, headless, no GPU)");
  {
    const kept = [], loads = [];
    for (let i = 0; i < 3; i++) {
      const { ctx, page } = await freshPage();
      kept.push(await page.evaluate(() => window.__keptDraw ?? NaN));
      loads.push(await page.evaluate(() => window.__firstDraw));
      await ctx.close();
    }
    row("load → first drawn cluster (the kept first view), median of 3", ms(pct(kept, 50)), "≤ 300 ms");
    row("load → live cluster on 127.0.0.1 (median of 3, cold)", ms(pct(loads, 50)), "≤ 500 ms");
  }
  {
    const { ctx, page } = await freshPage();
    // A second after load, as no one pastes sooner (the page warms up its engine then).
    await page.waitForTimeout(1000);
    const seedText = await page.inputValue('[data-test="editor"]');
    // From an empty editor, so the seed is highlighted and counted as new text.
    await pasteAndApply(page, "");
    await page.click('[data-test="reset"]');
    await page.waitForTimeout(300);
    const seed = await pasteAndApply(page, seedText);
    row("paste → drawn: the seed's manifests", `${ms(seed.took)} (handlers ${ms(seed.handlers)})`, "≤ 16 ms");
    await page.click('[data-test="reset"]');
    const docs = Array.from({ length: 2000 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-${i}\n  labels:\n    app: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n`).join("---\n");
    const big = await pasteAndApply(page, docs);
    const drawn = await page.getAttribute('[data-test="cluster"]', "data-pods");
    row(`paste → drawn: a 2,000-document file (${drawn ?? "?"} pods drawn aggregated)`, `${ms(big.took)} (handlers ${ms(big.handlers)})`, "≤ 200 ms");
    await ctx.close();
  }
  {
    const { ctx, page } = await freshPage();
    await setCluster(page, "cloud", 10);
    await page.selectOption('[data-test="speed"]', "100");
    await pasteAndApply(page, deployment("web", 1000) + "---\n" + service("web"));
    await waitUntil(page, () => document.querySelectorAll('[data-test="pod"][data-status="Running"]').length >= 1000, null, "1,000 Running pods");
    await page.selectOption('[data-test="speed"]', "1");
    await page.click('[data-test="service"][data-name="web"]');
    await page.selectOption('[data-test="rate"]', "200");
    await page.waitForTimeout(1500);
    const gaps = await frames(page, 5);
    row(`frames, 1,000 pods drawn, 200 requests/s animated (p95 of ${gaps.length}; p50 ${ms(pct(gaps, 50))})`, ms(pct(gaps, 95)), "p95 ≤ 16.7 ms");
    await ctx.close();
  }
  {
    const { ctx, page } = await freshPage();
    await setCluster(page, "cloud", NODES);
    await page.selectOption('[data-test="speed"]', "100");
    const t0 = Date.now();
    await pasteAndApply(page, deployment("big", PODS));
    const during = await frames(page, 5);
    await waitUntil(page, (n) => {
      const h = document.querySelector('[data-test="cluster"]')?.textContent || "";
      return h.includes(`Deployment big ${n}/${n}`);
    }, PODS, `${PODS} Ready in the page`);
    const rollout = (Date.now() - t0) / 1000;
    await page.selectOption('[data-test="speed"]', "1");
    await page.waitForTimeout(1000);
    const gaps = await frames(page, 5);
    const click = await page.evaluate(async () => {
      const svg = document.querySelector('svg.aggregated');
      const r = svg.getBoundingClientRect();
      const t0 = performance.now();
      svg.dispatchEvent(new MouseEvent("click", { bubbles: true, clientX: r.left + r.width * 0.05, clientY: r.top + r.width * 0.1 }));
      while (!document.querySelector('[data-test="kill-node"]')) await new Promise((res) => requestAnimationFrame(res));
      return performance.now() - t0;
    });
    row(`frames during the ${PODS}-pod rollout at 100× (p95 of ${during.length}, max ${ms(Math.max(...during))})`, ms(pct(during, 95)), "never frozen");
    row(`${PODS}-pod rollout in the page, apply → all Ready drawn (real time)`, `${rollout.toFixed(1)} s`, "—");
    row(`frames at ${PODS} pods, aggregated drawing (p95 of ${gaps.length})`, ms(pct(gaps, 95)), "p95 ≤ 33 ms");
    row("a click on a node tile → its details drawn", ms(click), "≤ 100 ms");
    await ctx.close();
  }
}

// Webernetes on the same browser, same shape.
if (!flag("--no-peer")) {
  const ours = await engineRun(PEER_PODS, PEER_NODES);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(origin + "bench/peer.html");
  const cdp = await ctx.newCDPSession(page);
  await page.evaluate(() => import("/bench/webernetes.js").then((m) => (window.__peer = m)));
  await cdp.send("HeapProfiler.collectGarbage");
  const heap0 = (await cdp.send("Runtime.getHeapUsage")).usedSize;
  const peer = await page.evaluate(([p, n, m]) => window.__peer.run(p, n, m), [PEER_PODS, PEER_NODES, PEER_MODE]);
  await cdp.send("HeapProfiler.collectGarbage");
  const heap1 = (await cdp.send("Runtime.getHeapUsage")).usedSize;
  await page.evaluate(() => window.__peer.release());
  await ctx.close();
  console.log(`\nWebernetes 0.3.5 (npm @ngrok/webernetes), same browser: ${PEER_PODS} pods on ${PEER_NODES} nodes`);
  console.log(`  apply → ${peer.ready}/${PEER_PODS} Ready (${peer.mode}-time clock): ${ms(peer.ready_ms)} wall, ${(peer.sim_ms / 1000).toFixed(0)} s simulated${peer.finished ? "" : " (stopped at the 30-minute limit: the ratio is a lower bound)"}`);
  console.log(`  heap per pod ${((heap1 - heap0) / PEER_PODS / 1024).toFixed(1)} KiB; one idle simulated second ${ms(peer.idle_ms)}`);
  console.log(`kubeplay, same shape: ${ms(ours.ready_ms)} to all Ready, ${(ours.memory_bytes / PEER_PODS / 1024).toFixed(2)} KiB per pod, idle second ${ms(ours.idle_ms)}`);
  row(`${PEER_PODS} pods on ${PEER_NODES} nodes: Webernetes ÷ kubeplay wall time`, `${(peer.ready_ms / ours.ready_ms).toFixed(0)}×`, "≥ 500×");
}

await browser.close();
server.close();
