// Compare, in the built page (dist/), at a projector's 1280×720: two clusters side by side
// on one clock from the seed's text. The pull-policy comparison: a pod killed in both, A's
// replacement (imagePullPolicy: Always) pulls its image again, B's (IfNotPresent) finds it
// on the node, as a real kubelet's events say. The iptables vs IPVS comparison: the same
// requests spread at random on A and in turn on B. Leaving Compare gives A back as it was.
// Screenshots go to tests/screenshots/ (git-ignored).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { root, start, waitFor, openPage } from "./serve.mjs";

const shots = path.join(root, "tests/screenshots");

let served, base, browser;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  served = await start();
  ({ base, browser } = served);
});

after(async () => {
  await served?.close();
});

const side = (s) => `[data-test="compare-panel"] [data-test="side-${s}"]`;
const pods = (page, s) => page.$$eval(`${side(s)} [data-test="pod"]`, (els) => els.map((e) => [e.dataset.name, e.dataset.status]));
const names = async (page, s) => (await pods(page, s)).map(([n]) => n).sort();
const out = (page, s) => page.textContent(`${side(s)} [data-test="side-out"]`);

async function line(page, target, text) {
  await page.click(`[data-test="compare-panel"] [data-test="target-${target}"]`);
  await page.fill('[data-test="cmp-line"]', text);
  await page.press('[data-test="cmp-line"]', "Enter");
}

async function bothSettled(page) {
  await waitFor(page, async () => {
    const [a, b] = [await pods(page, "a"), await pods(page, "b")];
    return a.length === 3 && b.length === 3 && b.every(([, s]) => s === "Running") ? true : { a, b };
  }, "three pods on each side, B's Running");
}

test("pull policy side by side: a killed pod pulls again under Always, not under IfNotPresent", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { width: 1280, height: 720 });
  await page.click('[data-test="compare"]');
  await page.waitForSelector(side("b"));
  assert.match(await page.textContent(`${side("a")} [data-test="variant-label"]`), /imagePullPolicy: Always/);
  assert.match(await page.textContent(`${side("b")} [data-test="variant-label"]`), /imagePullPolicy: IfNotPresent/);
  const diff = await page.textContent('[data-test="cmp-diff"]');
  assert.match(diff, /^-\s+imagePullPolicy : Always$/m);
  assert.match(diff, /^\+\s+imagePullPolicy : IfNotPresent$/m);
  assert.equal(diff.split("\n").filter((l) => /^[-+](?![-+])/.test(l)).length, 2, "one line differs");
  await bothSettled(page);
  // A's local image cannot be pulled from a registry: Always fails where IfNotPresent runs.
  assert.ok((await pods(page, "a")).every(([, s]) => /ErrImagePull|ImagePullBackOff/.test(s)), JSON.stringify(await pods(page, "a")));
  const [beforeA, beforeB] = [await names(page, "a"), await names(page, "b")];
  assert.notDeepEqual(beforeA, beforeB, "the pod template differs, so does its hash");
  await page.screenshot({ path: path.join(shots, "compare-pull-policy-1280x720.png") });

  await page.click('[data-test="cmp-kill-pod"]');
  const [killedA] = beforeA;
  assert.match(await out(page, "a"), new RegExp(`pod "${killedA}" deleted`));
  const killedB = (await out(page, "b")).match(/pod "([^"]+)" deleted/)?.[1];
  assert.ok(killedB && beforeB.includes(killedB), `B killed one of its own pods: ${await out(page, "b")}`);
  assert.equal(killedB.split("-").length, killedA.split("-").length, "the same name stem");
  let newA, newB;
  await waitFor(page, async () => {
    newA = (await names(page, "a")).find((n) => !beforeA.includes(n));
    newB = (await pods(page, "b")).find(([n, s]) => !beforeB.includes(n) && s === "Running")?.[0];
    return Boolean(newA && newB) || { a: await pods(page, "a"), b: await pods(page, "b") };
  }, "a replacement on each side");
  await waitFor(page, async () => {
    await line(page, "a", `kubectl get events --field-selector involvedObject.name=${newA}`);
    return /Pulling image "spring-server"/.test(await out(page, "a")) || (await out(page, "a"));
  }, "A's replacement pulling");
  const eventsA = await out(page, "a");
  assert.doesNotMatch(eventsA, /already present on machine/);
  await line(page, "b", `kubectl get events --field-selector involvedObject.name=${newB}`);
  const eventsB = await out(page, "b");
  assert.match(eventsB, /Container image "spring-server" already present on machine/);
  assert.doesNotMatch(eventsB, /Pulling/);
  await page.screenshot({ path: path.join(shots, "compare-pull-policy-killed-1280x720.png") });

  // axe-core's audit of the comparison: no serious or critical violation.
  await page.addScriptTag({ content: fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8") });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ")) }));
  });
  assert.deepEqual(violations, [], "serious or critical violations");

  // One clock: paused, both sides show the same instant; played, both move on together.
  const clocks = () => page.$$eval('[data-test="compare-panel"] [data-test="side-clock"]', (els) => els.map((e) => e.textContent));
  const play = '[data-test="compare-panel"] [data-test="play"]';
  await page.click(play);
  assert.equal((await page.textContent(play)).trim(), "Play");
  const [ca, cb] = await clocks();
  assert.ok(/^\+\d+m/.test(ca) && ca === cb, `one clock: ${ca} ${cb}`);
  await page.click(play);
  await waitFor(page, async () => {
    const [a, b] = await clocks();
    return (a !== ca && a === b) || { a, b };
  }, "both clocks moving on together");

  // Projector mode works while comparing: larger labels, both drawings still on screen.
  await page.check('[data-test="cmp-projector"]');
  const label = await page.$eval(`${side("a")} .compare-label`, (e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(label >= 28, `a projector-sized label: ${label}px`);
  for (const s of ["a", "b"]) {
    const box = await page.$eval(`${side(s)} [data-test="stage"]`, (e) => e.getBoundingClientRect().toJSON());
    assert.ok(box.width > 500 && box.height > 150, `side ${s}'s drawing keeps its room: ${JSON.stringify(box)}`);
  }
  await page.screenshot({ path: path.join(shots, "compare-projector-1280x720.png") });
  await page.uncheck('[data-test="cmp-projector"]');

  // Leaving gives the single cluster back: A's pods, the page's own drawing.
  const lastA = await names(page, "a");
  await page.click('[data-test="compare"]');
  await page.waitForSelector(side("a"), { state: "detached" });
  const single = (await page.$$eval('main [data-test="pod"]', (els) => els.map((e) => e.dataset.name))).sort();
  assert.ok(single.some((n) => lastA.includes(n)), `A's pods are back: ${single} vs ${lastA}`);
  assert.ok(single.every((n) => !beforeB.includes(n)), "none of B's");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("iptables vs IPVS side by side: the same 100 requests, at random on A and in turn on B", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { width: 1280, height: 720 });
  await page.click('[data-test="compare"]');
  await page.click('[data-test="variant-proxy-mode"]');
  assert.match(await page.textContent('[data-test="cmp-diff"]'), /-mode: "iptables"\n\+mode: "ipvs"/);
  await waitFor(page, async () => {
    const [a, b] = [await pods(page, "a"), await pods(page, "b")];
    return a.length === 3 && b.length === 3 && [...a, ...b].every(([, s]) => s === "Running") ? true : { a, b };
  }, "three Running pods on each side");
  await page.click('[data-test="compare-panel"] [data-test="target-both"]');
  // The simulator's `request` verb on each side: ANSWERED per pod.
  const counts = async (s) => [...(await out(page, s)).matchAll(/^\S+\s+docker-desktop\s+(\d+)\s/gm)].map((m) => Number(m[1]));
  const spreads = [];
  for (let round = 0; round < 2; round++) {
    await page.click('[data-test="cmp-traffic"]');
    assert.match(await out(page, "a"), /100 request\(s\) to service\/spring-service .*\(iptables mode\): 100 answered/);
    assert.match(await out(page, "b"), /100 request\(s\) to service\/spring-service .*\(ipvs mode\): 100 answered/);
    const [a, b] = [await counts("a"), await counts("b")];
    assert.equal(a.reduce((x, y) => x + y, 0), 100, await out(page, "a"));
    assert.deepEqual(b.slice().sort(), [33, 33, 34], `round robin: ${b}`);
    spreads.push(Math.max(...a) - Math.min(...a));
  }
  assert.ok(Math.max(...spreads) > 1, `at random, some batch is uneven: ${spreads}`);
  await page.screenshot({ path: path.join(shots, "compare-proxy-mode-1280x720.png") });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the other variants: maxSurge 0 vs 1, without / with an HPA, and B edited by hand, each shown as its diff", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { width: 1280, height: 720 });
  await page.click('[data-test="compare"]');
  const diff = () => page.textContent('[data-test="cmp-diff"]');
  await page.click('[data-test="variant-max-surge"]');
  assert.match(await page.textContent(`${side("b")} [data-test="variant-label"]`), /maxSurge: 1/);
  assert.match(await diff(), /^-\s+maxSurge: 0\n\+\s+maxSurge: 1$/m);
  await page.click('[data-test="variant-hpa"]');
  assert.match(await diff(), /^\+kind: HorizontalPodAutoscaler$/m);
  assert.match(await diff(), /^\+\s+name: spring-deployment$/m);
  await waitFor(page, async () => (await page.$$(`${side("b")} [data-test="hpa"], ${side("b")} [data-name="spring-deployment"]`)).length > 0 || "B drawn", "B's drawing");
  await page.click('[data-test="variant-edited"]');
  assert.match(await diff(), /no difference yet/);
  const text = await page.inputValue('[data-test="cmp-edit-b"]');
  await page.fill('[data-test="cmp-edit-b"]', text.replace("replicas: 3", "replicas: 5"));
  assert.match(await diff(), /^-\s+replicas: 3 .*\n\+\s+replicas: 5 /m);
  await page.click('[data-test="compare-panel"] [data-test="target-b"]');
  await page.click('[data-test="cmp-apply"]');
  assert.match(await out(page, "b"), /deployment.apps\/spring-deployment configured/);
  await waitFor(page, async () => ((await pods(page, "b")).length === 5 && (await pods(page, "a")).length === 3) || { a: await pods(page, "a"), b: await pods(page, "b") }, "five pods on B, three on A");
  await page.screenshot({ path: path.join(shots, "compare-edited-1280x720.png") });
  assert.deepEqual(errors, []);
  await ctx.close();
});
