// The page's wasm in two parts (crates/split): the first view runs without the cold part,
// which arrives once the page is idle; a cold function called before then fetches it on
// the spot; kompose's converter and kubectl, both cold, answer as they did before the split.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openPage, start, waitFor } from "./serve.mjs";

let served, base, browser;

before(async () => {
  served = await start();
  ({ base, browser } = served);
});

after(async () => {
  await served?.close();
});

const cold = (page) => page.evaluate(() => window.kubeplayCold);
const coldRequests = (page) => {
  const seen = [];
  page.on("request", (r) => {
    if (r.url().endsWith("_cold.wasm")) seen.push(r.url());
  });
  return seen;
};

async function kubectl(page, line) {
  await page.click('[data-test="console-tab"]');
  await page.fill('[data-test="console-input"]', line);
  await page.press('[data-test="console-input"]', "Enter");
}

test("the first view is drawn without the cold part, which arrives once the page is idle", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: "en-US" });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const seen = coldRequests(page);
  await page.goto(base);
  await page.waitForSelector('[data-test="node"]');
  // The Events tab, shown first, prints kubectl's table without kubectl's interpreter.
  await waitFor(page, async () => /NAMESPACE\s+LAST SEEN\s+TYPE/.test(await page.textContent('[data-test="events"]')), "the events table");
  assert.deepEqual(await cold(page), { status: "waiting", by: null, error: null });
  assert.deepEqual(seen, []);
  await waitFor(page, async () => (await cold(page)).status === "ready", "the prefetch", 15000);
  assert.equal((await cold(page)).by, "prefetch");
  assert.equal(seen.length, 1);
  await kubectl(page, "kubectl get nodes");
  await waitFor(page, async () => /docker-desktop\s+Ready\s+control-plane/.test(await page.textContent('[data-test="console-log"]')), "kubectl's answer");
  assert.equal(seen.length, 1, "fetched once");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a cold function called before the prefetch fetches the cold part there and then", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: "en-US" });
  let refused = 0;
  // The idle prefetch fails (as on a dropped connection); the first kubectl line must
  // still be answered.
  await ctx.route("**/*_cold.wasm", (route) => (refused++ === 0 ? route.fulfill({ status: 503, body: "" }) : route.continue()));
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base);
  await page.waitForSelector('[data-test="node"]');
  await waitFor(page, async () => (await cold(page)).error !== null, "the failed prefetch", 15000);
  assert.equal((await cold(page)).status, "waiting");
  assert.match((await cold(page)).error, /HTTP 503/);
  await kubectl(page, "kubectl get pods -A --no-headers");
  await waitFor(page, async () => /kube-system\s+coredns-\S+\s+1\/1\s+Running/.test(await page.textContent('[data-test="console-log"]')), "kubectl's answer");
  const state = await cold(page);
  assert.equal(state.status, "ready");
  assert.match(state.by, /^c\d+$/, "loaded by the first cold call");
  assert.equal(refused, 2);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the compose panel converts only once opened, with kompose's converter from the cold part", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  assert.equal(await page.textContent('[data-test="compose-out"]'), "");
  await page.click('[data-test="compose"] summary');
  await waitFor(page, async () => /kind: Deployment/.test(await page.textContent('[data-test="compose-out"]')), "kompose's manifests");
  assert.equal(await page.isDisabled('[data-test="compose-apply"]'), false);
  await page.click('[data-test="compose-apply"]');
  await waitFor(page, async () => (await page.$$('[data-test="pod"]')).length > 0, "the converted workload's pods");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the browser benchmark's mixed workload runs from the cold part, every pod done", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: "en-US" });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base);
  await page.waitForSelector('[data-test="node"]');
  const m = JSON.parse(await page.evaluate(() => window.wasmBindings.kubeplay_bench_mix(600, 10)));
  assert.equal(m.error, undefined);
  assert.equal(m.pods, 600);
  assert.equal(m.done, 600, `every pod of the mix Ready or Succeeded after ${m.sim_ms} simulated ms`);
  assert.ok(m.done_ms > 0 && m.memory_bytes >= 0);
  assert.equal((await cold(page)).status, "ready");
  assert.deepEqual(errors, []);
  await ctx.close();
});
