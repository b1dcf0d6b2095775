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
import { root, start, waitFor, openPage } from "./serve.mjs";

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
  return openPage(browser, base, { width, height, locale });
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

test("K on a pod already gone kills the pod that replaced it, and a bare pod's gone is gone: the button says so", async () => {
  const { page, ctx, errors } = await open();
  await page.click('[data-test="apply"]');
  await running(page, 3);
  const before = (await statuses(page)).map(([n]) => n);
  const victim = before[0];
  await page.click(`[data-test="pod"][data-name="${victim}"]`);
  await page.keyboard.press("k");
  await waitFor(page, async () => (await page.$('[data-test="gone"]')) !== null || (await statuses(page)), "the gone pod's note", 60000);
  const replacement = (await statuses(page)).map(([n]) => n).find((n) => !before.includes(n));
  assert.ok(replacement, "a replacement");
  // The button names the pod it acts on; K acts on it, never on the old name.
  assert.match(await page.textContent('[data-test="kill-pod"]'), new RegExp(`\\(${replacement}\\)`));
  await page.keyboard.press("k");
  await waitFor(page, async () => (await page.textContent('[data-test="last-command"]')) === `kill pod ${replacement}` || (await page.textContent('[data-test="last-command"]')), "the replacement killed");
  // The details follow it: its own describe, or (gone already, at this speed) its own note.
  await waitFor(
    page,
    async () => {
      const gone = await page.$eval('[data-test="gone"]', (e) => e.textContent).catch(() => "");
      const described = await page.$eval('[data-test="describe"]', (e) => e.textContent).catch(() => "");
      return gone.startsWith(`${replacement} was deleted`) || new RegExp(`Name:\\s+${replacement}\\b`).test(described) || gone;
    },
    "the details follow the replacement",
    5000,
  );
  await page.click('[data-test="console-tab"]');
  assert.doesNotMatch(await page.textContent('[data-test="console-log"]'), /NotFound/);

  // A pod no controller replaces: once gone, K has nothing to kill, and the disabled button says why.
  await page.fill('[data-test="console-input"]', "kubectl run solo --image=nginx:1.27");
  await page.press('[data-test="console-input"]', "Enter");
  await waitFor(page, async () => (await statuses(page)).some(([n, s]) => n === "solo" && s === "Running") || (await statuses(page)), "solo Running");
  await page.click('[data-test="pod"][data-name="solo"]');
  await page.keyboard.press("k");
  await waitFor(page, async () => (await page.$('[data-test="nothing-to-kill"]')) !== null || "still there", "solo gone", 60000);
  assert.equal(await page.$eval('[data-test="kill-pod"]', (b) => b.disabled), true);
  assert.match(await page.textContent('[data-test="nothing-to-kill"]'), /no pod replaced it/);
  const last = await page.textContent('[data-test="last-command"]');
  await page.keyboard.press("k");
  await page.waitForTimeout(300);
  assert.equal(await page.textContent('[data-test="last-command"]'), last, "K ran nothing");
  assert.doesNotMatch(await page.textContent('[data-test="console-log"]'), /NotFound/);
  await shot(page, "kill-gone");
  assert.deepEqual(errors, []);
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
  // A box's name is its text (with its kind as its role's description); a pod's and a
  // node's say their status.
  const shapes = await page.$$eval('[data-test="cluster"] [tabindex="0"]', (els) =>
    els.map((e) => [e.dataset.test, e.getAttribute("role"), e.getAttribute("aria-label") ?? `${e.getAttribute("aria-roledescription")} ${e.textContent.trim()}`]),
  );
  const kinds = new Set(shapes.map(([t]) => t));
  for (const k of ["pod", "node", "service", "deployment"]) assert.ok(kinds.has(k), `${k} is focusable: ${JSON.stringify(shapes)}`);
  for (const [t, , label] of shapes.filter(([t]) => t === "pod")) assert.match(label, /^Pod \S+: Running, 1\/1 ready$/, t);
  assert.ok(shapes.some(([t, , l]) => t === "node" && /^Node docker-desktop: Ready, \d+ pods$/.test(l)), JSON.stringify(shapes));
  assert.ok(shapes.some(([t, , l]) => t === "service" && l.startsWith("Service spring-service")), JSON.stringify(shapes));
  assert.ok(shapes.some(([t, , l]) => t === "deployment" && l.startsWith("Deployment spring-deployment")), JSON.stringify(shapes));
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
  // Space on a shape reached by keyboard selects it too, and leaves the clock alone: the
  // node is the stop before its first pod.
  const node = '[data-test="node"][data-name="docker-desktop"]';
  await page.keyboard.press("Shift+Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.test), "node");
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

test("the pull-policy lab: a results table per pod, the removed image said and brought back", async () => {
  const { page, ctx, errors } = await open();
  // [pod, policy, set by, image on node, outcome, next retry] as the table shows them.
  const rows = () =>
    page.$$eval('[data-test="lab-row"]', (blocks) =>
      blocks.map((b) => [b.dataset.name, ...["policy", "set-by", "image", "outcome", "retry"].map((f) => b.querySelector(`[data-field="${f}"]`).textContent.trim())]),
    );
  await page.click('[data-test="lab-without"]');
  assert.match(await page.textContent('[data-test="lab-removed"]'), /removed the image spring-server .*docker build -t spring-server \./);
  // Without the image: nothing runs; each row says why.
  await waitFor(page, async () => {
    const r = await rows();
    return r.length === 4 && r.every(([, , , , outcome]) => /^(ErrImagePull|ImagePullBackOff|ErrImageNeverPull) /.test(outcome)) ? true : r;
  }, "four failing pods", 30000);
  const without = Object.fromEntries((await rows()).map((r) => [r[0], r]));
  assert.deepEqual(without["policy-always"].slice(1, 4), ["Always", "manifest", "no"]);
  assert.deepEqual(without["policy-unset"].slice(1, 4), ["Always", "defaulted", "no"]);
  assert.deepEqual(without["policy-never"].slice(1, 4), ["Never", "manifest", "no"]);
  assert.match(without["policy-never"][4], /Never forbids pulling/);
  await shot(page, "lab-without");
  // With the image: IfNotPresent and Never run, and their rows never claim a failed pull.
  await page.click('[data-test="lab-with"]');
  assert.equal(await page.$('[data-test="lab-removed"]'), null, "the note goes once the image is back");
  await waitFor(page, async () => {
    const r = await rows();
    return r.filter(([, , , , outcome]) => outcome.startsWith("Running ")).length === 2 ? true : r;
  }, "two Running pods", 30000);
  for (const [name, policy, , image, outcome] of await rows()) {
    if (outcome.startsWith("Running")) {
      assert.ok(["IfNotPresent", "Never"].includes(policy), `${name} runs under ${policy}`);
      assert.equal(image, "yes");
      assert.doesNotMatch(outcome, /fail|ErrImage/i, `${name}: ${outcome}`);
    } else {
      assert.equal(policy, "Always", `${name} fails under ${policy}`);
    }
  }
  await shot(page, "lab-with");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("traffic to compare: a column per proxy mode tried, Reset, a killed pod greyed out", async () => {
  const { page, ctx, errors } = await open();
  await page.click('[data-test="apply"]');
  await running(page, 3);
  await page.click('[data-test="service"][data-name="spring-service"]');
  const table = () => page.evaluate(() => ({
    spreads: [...document.querySelectorAll('[data-test="spread"]')].map((e) => e.textContent),
    totals: [...document.querySelectorAll('[data-test="spread-total"]')].map((e) => Number(e.textContent)),
    rows: [...document.querySelectorAll('[data-test="traffic-row"]')].map((r) => [r.dataset.pod, r.dataset.alive, [...r.querySelectorAll("td")].map((d) => Number(d.textContent))]),
  }));
  await page.click('[data-test="send-burst"]');
  await waitFor(page, async () => ((await table()).totals[0] === 100 ? true : await table()), "100 under iptables", 5000);
  await page.selectOption('[data-test="proxy-mode"]', "ipvs");
  await page.click('[data-test="send-burst"]');
  await waitFor(page, async () => ((await table()).totals.join() === "100,100" ? true : await table()), "a column per mode", 5000);
  let t = await table();
  assert.deepEqual(t.spreads, ["iptables", "ipvs"]);
  // Round robin over three pods: 34, 33, 33.
  assert.deepEqual(t.rows.map(([, , c]) => c[1]).sort(), [33, 33, 34]);
  await shot(page, "traffic-compare");
  // A killed pod stays in the table, greyed out, with what it answered.
  const victim = t.rows[0][0];
  await page.click(`[data-test="pod"][data-name="${victim}"]`);
  await page.click('[data-test="kill-pod"]');
  await page.click('[data-test="service"][data-name="spring-service"]');
  await waitFor(page, async () => ((await table()).rows.find(([p]) => p === victim)?.[1] === "false" ? true : await table()), "the dead pod greyed", 60000);
  assert.equal(await page.$eval(`[data-test="traffic-row"][data-pod="${victim}"]`, (r) => getComputedStyle(r).textDecorationLine), "line-through");
  await shot(page, "traffic-dead-pod");
  // Reset: empty columns go, the live pods stay at zero, the dead one goes.
  await page.click('[data-test="traffic-reset"]');
  await waitFor(page, async () => ((await table()).spreads.length === 0 ? true : await table()), "reset", 5000);
  t = await table();
  assert.equal(t.rows.length, 3, JSON.stringify(t));
  assert.ok(t.rows.every(([, alive]) => alive === "true"));
  await page.click('[data-test="send-one"]');
  await waitFor(page, async () => ((await table()).totals.join() === "1" ? true : await table()), "one request since the reset", 5000);
  assert.deepEqual((await table()).spreads, ["ipvs"]);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the HPA demo says what it waits for, counting down", async () => {
  const { page, ctx, errors } = await open();
  await page.selectOption('[data-test="speed"]', "1");
  await page.click('[data-test="metrics-install"]');
  await page.selectOption('[data-test="speed"]', "100");
  await waitFor(page, async () => ((await page.$('[data-test="metrics-missing"]')) === null && (await page.$('[data-test="metrics-starting"]')) === null) || "not yet", "metrics-server ready", 30000);
  await page.selectOption('[data-test="speed"]', "1");
  await page.click('[data-test="hpa-setup"]');
  await page.waitForSelector('[data-test="hpa-wait"]');
  const first = await page.textContent('[data-test="hpa-wait"]');
  assert.match(first, /^Waiting for .*(metrics window|15 s).*; the controller's next sync: \d+ s\.$/);
  await shot(page, "hpa-wait");
  // It counts down: the seconds change while the clock runs.
  // Read in one go: the note goes when the first computation comes.
  const wait = () => page.evaluate(() => document.querySelector('[data-test="hpa-wait"]')?.textContent ?? null);
  await waitFor(page, async () => ((await wait()) !== first) || "unchanged", "the countdown moving", 10000);
  await page.selectOption('[data-test="speed"]', "100");
  await waitFor(page, async () => (await wait()) === null || (await wait()), "the first computation", 60000);
  assert.match(await page.textContent('[data-test="hpa-formula"]'), /=/);
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

test("the traffic table draws forty pods at most and says how many more the totals count", async () => {
  const { page, ctx, errors } = await open();
  await page.click('[data-test="apply"]');
  await running(page, 3);
  await page.click('[data-test="console-tab"]');
  await page.fill('[data-test="console-input"]', "kubectl scale deployment spring-deployment --replicas=45");
  await page.press('[data-test="console-input"]', "Enter");
  await running(page, 45);
  await page.click('[data-test="service"][data-name="spring-service"]');
  await page.click('[data-test="send-burst"]');
  const total = () => page.evaluate(() => Number(document.querySelector('[data-test="spread-total"]')?.textContent));
  await waitFor(page, async () => ((await total()) === 100 ? true : await total()), "100 requests counted", 5000);
  assert.equal((await page.$$('[data-test="traffic-row"]')).length, 40);
  assert.equal((await page.textContent('[data-test="traffic-more"]')).trim(), "… and 5 more pods, counted in the totals");
  assert.deepEqual(errors, []);
  await ctx.close();
});
