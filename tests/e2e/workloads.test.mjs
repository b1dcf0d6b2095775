// The workload controllers on the page: each drawn (a StatefulSet's ordinals in order
// with their claims, a DaemonSet's pod per node and why a node has none, a Job's
// progress, a CronJob's Jobs and its runs on a time axis) and acted on from its details (scale, delete a pod and
// see the same name come back, suspend, run a Job now) and from the console. Runs
// against the built page (dist/), as page.test.mjs does.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, waitFor, openPage } from "./serve.mjs";

let served, base, browser;

before(async () => {
  served = await start();
  ({ base, browser } = served);
});

after(async () => {
  await served?.close();
});

async function open(preset) {
  const opened = await openPage(browser, base, { speed: null });
  const { page } = opened;
  if (preset) {
    await page.selectOption('[data-test="preset"]', preset);
    await page.waitForTimeout(300);
  }
  await page.selectOption('[data-test="speed"]', "100");
  return opened;
}

async function apply(page, example) {
  await page.selectOption('[data-test="examples"]', example);
  await page.click('[data-test="apply"]');
}

// The lines listed in a workload's box, in order.
function rows(page, kind, name) {
  return page.$$eval(`[data-test="${kind}"][data-name="${name}"] [data-test="row"]`, (els) => els.map((e) => e.textContent));
}

function sub(page, kind, name) {
  return page.textContent(`[data-test="${kind}"][data-name="${name}"] [data-test="sub"]`);
}

function podStatus(page, name) {
  return page.$$eval(`[data-test="pod"][data-name="${name}"]`, (els) => els.map((e) => e.dataset.status));
}

test("a StatefulSet is drawn ordinal by ordinal with its claims; scaled, a pod deleted comes back under its name", async () => {
  const { page, ctx, errors } = await open();
  await apply(page, "statefulset");
  // OrderedReady: web-0 is listed before web-1 is made, and web-1 before web-2.
  await waitFor(page, async () => {
    const r = await rows(page, "statefulset", "web");
    return r.length === 3 && r.every((l) => l.startsWith("✓")) ? true : r;
  }, "three ready ordinals");
  const listed = await rows(page, "statefulset", "web");
  assert.deepEqual(listed, ["✓ web-0 · www-web-0 Bound", "✓ web-1 · www-web-1 Bound", "✓ web-2 · www-web-2 Bound"]);
  assert.equal((await sub(page, "statefulset", "web")).trim(), "StatefulSet · 3/3");
  // Its pods carry the set's outline, and the box is drawn.
  assert.equal(await page.$$eval('[data-test="pod"].owned', (els) => els.filter((e) => /^web-\d$/.test(e.dataset.name)).length), 3);

  await page.click('[data-test="statefulset"][data-name="web"]');
  await page.click('[data-test="sts-scale-up"]');
  assert.equal((await page.textContent('[data-test="last-command"]')).trim(), "kubectl scale statefulset web --replicas=4");
  await waitFor(page, async () => ((await podStatus(page, "web-3"))[0] === "Running" ? true : await rows(page, "statefulset", "web")), "web-3 Running");
  assert.match((await rows(page, "statefulset", "web"))[3], /web-3 · www-web-3 Bound/);

  // Delete web-1 (at 1×, to see it go): the same name comes back, with the same claim.
  await page.selectOption('[data-test="speed"]', "1");
  await page.click('[data-test="delete-ordinal"][data-name="web-1"]');
  assert.equal((await page.textContent('[data-test="last-command"]')).trim(), "kubectl delete pod web-1 --wait=false");
  await waitFor(page, async () => {
    const s = await podStatus(page, "web-1");
    return s.length === 0 || s[0] !== "Running" ? true : s;
  }, "web-1 going", 10000);
  await page.selectOption('[data-test="speed"]', "100");
  await waitFor(page, async () => ((await podStatus(page, "web-1"))[0] === "Running" ? true : await podStatus(page, "web-1")), "web-1 back");
  assert.match((await rows(page, "statefulset", "web"))[1], /^✓ web-1 · www-web-1 Bound$/);

  // Scaled down to one, the pods go from the highest ordinal; the claims stay.
  await page.click('[data-test="console-tab"]');
  await page.fill('[data-test="console-input"]', "kubectl scale statefulset web --replicas=1");
  await page.press('[data-test="console-input"]', "Enter");
  assert.match(await page.textContent('[data-test="console-log"]'), /statefulset\.apps\/web scaled/);
  await waitFor(page, async () => {
    const r = await rows(page, "statefulset", "web");
    return r.length === 4 && r.slice(1).every((l) => l.includes("(no pod)")) ? true : r;
  }, "web-1..3 gone, claims kept");
  assert.match((await rows(page, "statefulset", "web"))[3], /web-3 \(no pod\) · www-web-3 Bound/);
  assert.equal((await page.textContent('[data-test="sts-replicas"]')).trim(), "1");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a Job shows its completions filling; a CronJob lists its Jobs, is suspended and runs a Job now", async () => {
  const { page, ctx, errors } = await open();
  await apply(page, "job");
  await waitFor(page, async () => ((await page.$$('[data-test="job"][data-name="digits"]')).length === 1 ? true : false), "the Job's box");
  await waitFor(page, async () => {
    const s = (await sub(page, "job", "digits")).trim();
    return s === "Job · 5/5 · Complete" ? true : s;
  }, "the Job complete");
  assert.equal(await page.getAttribute('[data-test="job"][data-name="digits"] [data-test="progress"]', "data-share"), "1.00");
  assert.deepEqual(await rows(page, "job", "digits"), ["■ active 0 · succeeded 5 · failed 0"]);
  await page.click('[data-test="job"][data-name="digits"]');
  assert.match(await page.textContent(".side-panel"), /Pods Statuses:\s+0 Active \(0 Ready\) \/ 5 Succeeded \/ 0 Failed/);

  await apply(page, "cronjob");
  await waitFor(page, async () => {
    const r = await rows(page, "cronjob", "tick");
    return r.some((l) => /tick-\d+ · 1\/1 · Complete/.test(l)) ? true : r;
  }, "a scheduled Job complete");
  // Its runs on a time axis: each Job at its scheduled minute with how it ended and
  // how long it took, then the next run.
  const runs = await page.$$eval('[data-test="cronjob"][data-name="tick"] [data-test="run"]', (els) => els.map((e) => [e.dataset.class, e.dataset.label]));
  assert.ok(runs.some(([c, l]) => c === "complete" && /^\d\d:\d\d · tick-\d+ · Complete · \d+s$/.test(l)), JSON.stringify(runs));
  assert.equal(runs.at(-1)[0], "next", JSON.stringify(runs));
  assert.match(runs.at(-1)[1], /^\d\d:\d\d · next Job in \d+s$/);
  assert.match((await rows(page, "cronjob", "tick"))[0], /^• last schedule \S+ · active [01]$/);
  // Every minute: the next Job is less than a minute away.
  assert.match((await rows(page, "cronjob", "tick"))[1], /^→ next Job in \d+s$/);
  assert.equal((await sub(page, "cronjob", "tick")).trim(), "CronJob · */1 * * * *");
  // The CronJob's Jobs are lines of its box, not boxes of their own.
  assert.equal((await page.$$('[data-test="job"]')).length, 1);

  await page.click('[data-test="cronjob"][data-name="tick"]');
  await page.click('[data-test="cron-suspend"]');
  assert.equal((await page.textContent('[data-test="last-command"]')).trim(), `kubectl patch cronjob tick -p '{"spec":{"suspend":true}}'`);
  await waitFor(page, async () => ((await sub(page, "cronjob", "tick")).includes("suspended") ? true : await sub(page, "cronjob", "tick")), "suspended");
  assert.equal((await page.textContent('[data-test="cron-suspend"]')).trim(), "Resume");
  assert.ok(!(await rows(page, "cronjob", "tick")).some((l) => l.startsWith("→")), "a suspended CronJob has no next Job");

  // Suspended, it still runs a Job asked for by hand.
  await page.click('[data-test="cron-trigger"]');
  assert.equal((await page.textContent('[data-test="last-command"]')).trim(), "kubectl create job tick-manual-1 --from=cronjob/tick");
  await waitFor(page, async () => {
    const r = await rows(page, "cronjob", "tick");
    return r.some((l) => /tick-manual-1 · 1\/1 · Complete/.test(l)) ? true : r;
  }, "the manual Job complete");
  await page.click('[data-test="cron-suspend"]');
  await waitFor(page, async () => (!(await sub(page, "cronjob", "tick")).includes("suspended") ? true : false), "resumed");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("on kind a DaemonSet runs a pod on each worker and says why the control plane has none", async () => {
  const { page, ctx, errors } = await open("kind");
  await apply(page, "daemonset");
  await waitFor(page, async () => {
    const r = await rows(page, "daemonset", "node-agent");
    return r.filter((l) => l.startsWith("✓")).length === 2 ? true : r;
  }, "two agents running");
  const r = await rows(page, "daemonset", "node-agent");
  assert.deepEqual(r[0], "✕ kind-control-plane: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }");
  assert.match(r[1], /^✓ kind-worker: node-agent-[a-z0-9]{5}$/);
  assert.match(r[2], /^✓ kind-worker2: node-agent-[a-z0-9]{5}$/);
  assert.equal((await sub(page, "daemonset", "node-agent")).trim(), "DaemonSet · 2/2");
  // Each agent is drawn in its own worker.
  for (const node of ["kind-worker", "kind-worker2"]) {
    const agents = await page.$$eval(`[data-test="node"][data-name="${node}"] [data-test="pod"]`, (els) => els.filter((e) => e.dataset.name.startsWith("node-agent-")).length);
    assert.equal(agents, 1, node);
  }
  await page.click('[data-test="daemonset"][data-name="node-agent"]');
  assert.match(await page.textContent('[data-test="daemon-node"][data-name="kind-control-plane"]'), /untolerated taint/);
  // Killing a worker's agent: the controller makes another on that node.
  const agent = r[1].split(": ")[1];
  await page.click(`[data-test="pod"][data-name="${agent}"]`);
  await page.click('[data-test="kill-pod"]');
  await waitFor(page, async () => {
    const now = await rows(page, "daemonset", "node-agent");
    return /^✓ kind-worker: node-agent-/.test(now[1]) && !now[1].endsWith(agent) ? true : now;
  }, "a new agent on kind-worker");
  // The old one, once its grace period is over, is gone from the drawing too.
  await waitFor(page, async () => ((await podStatus(page, agent)).length === 0 ? true : await podStatus(page, agent)), "the killed agent gone");
  assert.deepEqual(errors, []);
  await ctx.close();
});
