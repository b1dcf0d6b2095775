// ConfigMaps on the page: a pod naming a ConfigMap that does not exist is drawn with a
// red dashed line from the (missing) ConfigMap's box, the pod's own reason written in
// the box; created from the console, the ConfigMap's box fills in, the pod runs and the
// line turns normal. Runs against the built page (dist/), as page.test.mjs does.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, waitFor } from "./serve.mjs";

let served, base, browser;

before(async () => {
  served = await start();
  ({ base, browser } = served);
});

after(async () => {
  await served?.close();
});

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: greeter
spec:
  containers:
  - name: greeter
    image: nginx:1.27
    env:
    - name: GREETING
      valueFrom:
        configMapKeyRef:
          name: greeting
          key: text
`;

function link(page) {
  return page.$$eval('[data-test="config-link"][data-pod="default/greeter"]', (els) =>
    els.map((e) => ({ from: e.dataset.from, blocked: e.dataset.blocked, reason: e.dataset.reason, dashed: getComputedStyle(e).strokeDasharray })),
  );
}

function rows(page) {
  return page.$$eval('[data-test="configmap"][data-name="greeting"] [data-test="config-row"]', (els) => els.map((e) => e.textContent.trim()));
}

test("a pod blocked on a missing ConfigMap shows why on its link, and runs once the ConfigMap exists", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: "en-US" });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base);
  await page.waitForSelector('[data-test="cluster"]');
  await page.selectOption('[data-test="speed"]', "100");
  await page.fill('[data-test="editor"]', POD);
  await page.click('[data-test="apply"]');

  await waitFor(page, async () => {
    const l = await link(page);
    return l.length === 1 && l[0].blocked === "true" ? true : l;
  }, "the blocked link");
  const [blocked] = await link(page);
  assert.equal(blocked.from, "greeting");
  assert.equal(blocked.reason, 'CreateContainerConfigError: configmap "greeting" not found');
  assert.notEqual(blocked.dashed, "none", "a blocked line is dashed, not only red");
  assert.match(await page.textContent('[data-test="configmap"][data-name="greeting"] [data-test="sub"]'), /^ConfigMap · missing$/);
  const listed = await rows(page);
  assert.equal(listed[0], "✕ greeter · env (read at start)");
  assert.equal(listed.slice(1).join(" "), blocked.reason, "the reason is written in the box, in lines");
  assert.equal(await page.getAttribute('[data-test="pod"][data-name="greeter"]', "data-status"), "CreateContainerConfigError");

  await page.click('[data-test="console-tab"]');
  await page.fill('[data-test="console-input"]', "kubectl create configmap greeting --from-literal=text=hello");
  await page.press('[data-test="console-input"]', "Enter");
  assert.match(await page.textContent('[data-test="console-log"]'), /configmap\/greeting created/);

  await waitFor(page, async () => {
    const status = await page.getAttribute('[data-test="pod"][data-name="greeter"]', "data-status");
    const l = await link(page);
    return status === "Running" && l.length === 1 && l[0].blocked === "false" ? true : { status, l };
  }, "the pod Running and its link normal");
  const [ok] = await link(page);
  assert.equal(ok.reason, "");
  assert.equal(ok.dashed, "none");
  assert.equal((await page.textContent('[data-test="configmap"][data-name="greeting"] [data-test="sub"]')).trim(), "ConfigMap · DATA 1");
  assert.deepEqual(await rows(page), ["→ greeter · env (read at start)"]);
  assert.deepEqual(errors, []);
  await ctx.close();
});
