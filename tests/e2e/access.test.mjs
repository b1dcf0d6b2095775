// The page for a room, continued: what a killed pod's details say, a pod a Service
// cannot reach yet, and the page by keyboard and screen reader (Tab to every shape of
// the drawing, Enter opens it, shortcuts on the buttons, a visible focus ring, and
// axe-core's audit with no serious or critical violation, in English and Korean).
// Runs against the built page (dist/); screenshots go to tests/screenshots/room/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { root, start, waitFor } from "./serve.mjs";

const shots = path.join(root, "tests/screenshots/room");
let served, base, browser;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  served = await start();
  ({ base, browser } = served);
});

after(async () => {
  await served?.close();
});

async function open(locale = "en-US", [width, height] = [1280, 720]) {
  const ctx = await browser.newContext({ viewport: { width, height }, locale });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base);
  await page.waitForSelector('[data-test="cluster"]');
  await page.selectOption('[data-test="speed"]', "100");
  return { page, ctx, errors };
}

const statuses = (page) => page.$$eval('[data-test="pod"]', (els) => els.map((e) => [e.dataset.name, e.dataset.status]));

async function running(page, n) {
  await waitFor(page, async () => ((await statuses(page)).filter(([, s]) => s === "Running").length >= n ? true : await statuses(page)), `${n} Running pods`);
  await page.waitForTimeout(700);
}

async function shot(page, name) {
  const { width, height } = page.viewportSize();
  await page.screenshot({ path: path.join(shots, `${name}-${width}x${height}.png`) });
}

test("after a kill the details follow the replacement pod, not NotFound", async () => {
  const { page, ctx, errors } = await open();
  await page.click('[data-test="apply"]');
  await running(page, 3);
  const before = (await statuses(page)).map(([n]) => n);
  const victim = before[0];
  await page.click(`[data-test="pod"][data-name="${victim}"]`);
  await page.click('[data-test="kill-pod"]');
  // Terminating for its grace period, then gone: the panel says what became of it.
  await waitFor(page, async () => (await page.$('[data-test="gone"]')) !== null || (await statuses(page)), "the gone pod's note", 60000);
  const note = await page.textContent('[data-test="gone"]');
  const now = (await statuses(page)).map(([n]) => n);
  const fresh = now.filter((n) => !before.includes(n));
  assert.equal(fresh.length, 1, `one replacement: ${now}`);
  assert.match(note, new RegExp(`^${victim} was deleted \\S+ ago; replaced by ${fresh[0]}\\.$`));
  assert.doesNotMatch(await page.textContent(".side-panel, body"), /NotFound/);
  await shot(page, "after-kill");
  await page.click('[data-test="show-replacement"]');
  await waitFor(page, async () => (await page.$eval(`[data-test="pod"][data-name="${fresh[0]}"]`, (e) => e.classList.contains("selected"))) || "not selected", "the replacement selected", 3000);
  assert.match(await page.textContent('[data-test="describe"]'), new RegExp(`Name:\\s+${fresh[0]}`));
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("in Korean the note of a killed pod is Korean", async () => {
  const { page, ctx } = await open("ko-KR");
  await page.click('[data-test="apply"]');
  await running(page, 3);
  const victim = (await statuses(page))[0][0];
  await page.click(`[data-test="pod"][data-name="${victim}"]`);
  await page.keyboard.press("k");
  await waitFor(page, async () => (await page.$('[data-test="gone"]')) !== null || (await statuses(page)), "the gone pod's note", 60000);
  assert.match(await page.textContent('[data-test="gone"]'), new RegExp(`^${victim} 파드는 \\S+ 전에 삭제되었고, \\S+ 파드가 그 자리를 대신합니다\\.$`));
  await ctx.close();
});

// A Deployment whose pods wait 60 s for their readiness probe, behind the seed's Service.
const SLOW = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: slow
spec:
  replicas: 1
  selector:
    matchLabels: {app: backend-app}
  template:
    metadata:
      labels: {app: backend-app}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        readinessProbe:
          httpGet: {path: /, port: 80}
          initialDelaySeconds: 600
`;

test("a pod Running but not Ready is named beside the Service's traffic buttons", async () => {
  const { page, ctx, errors } = await open();
  const seed = await page.inputValue('[data-test="editor"]');
  await page.fill('[data-test="editor"]', seed + "\n---\n" + SLOW);
  await page.click('[data-test="apply"]');
  await running(page, 4);
  const slow = (await statuses(page)).find(([n]) => n.startsWith("slow-"))[0];
  await page.click('[data-test="service"][data-name="spring-service"]');
  await waitFor(page, async () => (await page.$('[data-test="unready"]')) !== null, "the unready note", 5000);
  assert.equal(await page.textContent('[data-test="unready"]'), `Running but not Ready yet, so no requests reach it: ${slow}`);
  // The note sits with the buttons that send the requests.
  const [note, send] = await Promise.all(['[data-test="unready"]', '[data-test="send-one"]'].map((s) => page.$eval(s, (e) => e.getBoundingClientRect().top)));
  assert.ok(Math.abs(note - send) < 120, `the note is ${note - send}px from the buttons`);
  await shot(page, "unready");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("by keyboard: Tab reaches every pod, node, Service and Deployment; Enter opens one; shortcuts press buttons", async () => {
  const { page, ctx, errors } = await open();
  await page.click('[data-test="apply"]');
  await running(page, 3);
  // Every shape of the drawing is in the tab order and named with its status.
  const shapes = await page.$$eval('[data-test="cluster"] [tabindex="0"]', (els) => els.map((e) => [e.dataset.test, e.getAttribute("role"), e.getAttribute("aria-label")]));
  const kinds = new Set(shapes.map(([t]) => t));
  for (const k of ["pod", "node", "service", "deployment"]) assert.ok(kinds.has(k), `${k} is focusable: ${JSON.stringify(shapes)}`);
  for (const [t, , label] of shapes.filter(([t]) => t === "pod")) assert.match(label, /^Pod \S+: Running, 1\/1 ready$/, t);
  assert.ok(shapes.some(([t, , l]) => t === "node" && /^Node docker-desktop: Ready, \d+ pods$/.test(l)), JSON.stringify(shapes));
  assert.ok(shapes.some(([t, , l]) => t === "service" && l.startsWith("Service spring-service: ")), JSON.stringify(shapes));
  // Tab from the top of the page reaches a pod; its focus ring is drawn and differs
  // from the selected outline.
  await page.focus('[data-test="speed"]');
  let reached = null;
  for (let i = 0; i < 200 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => (document.activeElement?.dataset?.test === "pod" ? document.activeElement.dataset.name : null));
  }
  assert.ok(reached, "Tab reaches a pod");
  const ring = await page.$eval(`[data-test="pod"][data-name="${reached}"] rect`, (e) => [getComputedStyle(e).strokeDasharray, parseFloat(getComputedStyle(e).strokeWidth)]);
  assert.notEqual(ring[0], "none", "a dashed focus ring");
  assert.ok(ring[1] >= 5, `ring ${ring[1]}px`);
  await shot(page, "focus-pod");
  await page.keyboard.press("Enter");
  await waitFor(page, async () => (await page.$eval(`[data-test="pod"][data-name="${reached}"]`, (e) => e.classList.contains("selected"))) || "not selected", "Enter selects the pod", 3000);
  // Space on a focused shape selects it too, and leaves the clock alone.
  const node = '[data-test="node"][data-name="docker-desktop"]';
  await page.focus(node);
  const playing = await page.textContent('[data-test="play"]').catch(() => null);
  await page.keyboard.press(" ");
  await waitFor(page, async () => (await page.$eval(node, (e) => e.classList.contains("selected"))) || "not selected", "Space selects the node", 3000);
  if (playing !== null) assert.equal(await page.textContent('[data-test="play"]'), playing, "Space on a shape does not play or pause");
  // The buttons show their keys; pressing the key presses the button.
  assert.match(await page.textContent('[data-test="kill-node"]'), /K$/);
  assert.equal(await page.getAttribute('[data-test="kill-node"]', "aria-keyshortcuts"), "K");
  await page.focus('[data-test="service"][data-name="spring-service"]');
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-test="send-one"]');
  assert.match(await page.textContent('[data-test="send-one"]'), /S$/);
  await page.keyboard.press("b");
  await waitFor(page, async () => (await page.$$eval('[data-test="hits"]', (els) => els.reduce((a, e) => a + Number(e.textContent), 0))) === 100 || "no burst", "B sends a burst", 5000);
  // The editor shows focus too.
  await page.focus('[data-test="editor"]');
  const outline = await page.$eval(".editor", (e) => getComputedStyle(e).outlineStyle);
  assert.equal(outline, "solid");
  assert.deepEqual(errors, []);
  await ctx.close();
});

// axe-core's audit of the whole page, injected from node_modules.
const axeSource = () => fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

async function audit(page) {
  await page.addScriptTag({ content: axeSource() });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ")) }));
  });
  return result;
}

for (const locale of ["en-US", "ko-KR"]) {
  test(`axe-core at 1280×720 (${locale}): no serious or critical violation`, async () => {
    const { page, ctx, errors } = await open(locale);
    await page.click('[data-test="apply"]');
    await running(page, 3);
    await page.click('[data-test="service"][data-name="spring-service"]');
    await page.click('[data-test="send-burst"]');
    const pod = (await statuses(page))[0][0];
    await page.click(`[data-test="pod"][data-name="${pod}"]`);
    await page.waitForSelector('[data-test="describe"]');
    const violations = await audit(page);
    for (const v of violations) console.log(`${locale} axe ${v.impact} ${v.id}: ${v.help} — ${v.nodes.join(" | ")}`);
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad, [], "serious or critical violations");
    await shot(page, `axe-${locale}`);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
