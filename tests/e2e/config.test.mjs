// ConfigMaps on the page: a pod naming a ConfigMap that does not exist is drawn with a
// red dashed line from the (missing) ConfigMap's box, the pod's own reason written in
// the box; created from the console, the ConfigMap's box fills in, the pod runs and the
// line turns normal. Runs against the built page (dist/), as page.test.mjs does.
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
  const { page, ctx, errors } = await openPage(browser, base);
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

const READER = `apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: reader
    image: nginx:1.27
    env:
    - name: COLOUR
      valueFrom:
        configMapKeyRef:
          name: palette
          key: colour
    volumeMounts:
    - name: conf
      mountPath: /etc/palette
  volumes:
  - name: conf
    configMap:
      name: palette
`;

function freshness(page) {
  return page.$$eval('[data-test="configmap"][data-name="palette"] [data-test="config-env"], [data-test="configmap"][data-name="palette"] [data-test="config-file"]', (els) =>
    els.map((e) => `${e.dataset.test}: ${e.textContent.trim()}`),
  );
}

async function run(page, line) {
  await page.fill('[data-test="console-input"]', line);
  await page.press('[data-test="console-input"]', "Enter");
}

test("an edited ConfigMap: the pod's variable stays as it started, its file changes at the kubelet's next sync", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.click('[data-test="console-tab"]');
  await run(page, "kubectl create configmap palette --from-literal=colour=blue");
  await page.fill('[data-test="editor"]', READER);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => {
    const status = await page.getAttribute('[data-test="pod"][data-name="reader"]', "data-status");
    const f = await freshness(page);
    return status === "Running" && f.length === 1 ? true : { status, f };
  }, "the pod Running with its variable read");
  assert.deepEqual(await freshness(page), ["config-env: $COLOUR = blue"]);

  // Paused, the edit's state can be read before the sync.
  await page.click('[data-test="play"]');
  await page.click('[data-test="console-tab"]');
  await run(page, `kubectl patch configmap palette -p '{"data":{"colour":"green"}}'`);
  assert.match(await page.textContent('[data-test="console-log"]'), /configmap\/palette patched/);
  await waitFor(page, async () => {
    const f = await freshness(page);
    return f.length === 2 ? true : f;
  }, "the edit shown in the box");
  const [env, file] = await freshness(page);
  assert.equal(env, "config-env: ! $COLOUR = blue → green · stale until restart");
  assert.match(file, /^config-file: … files: pending sync in ~\d+s$/);
  const left = Number(file.match(/~(\d+)s/)[1]);
  assert.ok(left >= 1 && left <= 60, file);

  await page.click('[data-test="play"]');
  await waitFor(page, async () => {
    const f = await freshness(page);
    return f.length === 2 && /updated at/.test(f[1]) ? true : f;
  }, "the file synced");
  const [envAfter, synced] = await freshness(page);
  assert.equal(envAfter, env, "the environment waits for a restart");
  assert.match(synced, /^config-file: ✓ files updated at \d\d:\d\d:\d\d$/);

  // The console agrees: the file has the new value, the environment the old one.
  await run(page, "kubectl exec reader -- cat /etc/palette/colour");
  await run(page, "kubectl exec reader -- printenv COLOUR");
  const log = await page.textContent('[data-test="console-log"]');
  assert.match(log, /cat \/etc\/palette\/colour\s*green/);
  assert.match(log, /printenv COLOUR\s*blue/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

const VOLUME = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: disk
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  hostPath: {path: /data/disk}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  resources:
    requests: {storage: 1Gi}
`;

test("a PersistentVolume's box: Bound to its claim, Released when the claim is deleted", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.fill('[data-test="editor"]', VOLUME);
  await page.click('[data-test="apply"]');
  const sub = () => page.textContent('[data-test="pv"][data-name="disk"] [data-test="sub"]').then((t) => t?.trim()).catch(() => null);
  await waitFor(page, async () => ((await sub()) === "PV · Bound · default/data · Retain" ? true : await sub()), "the volume bound");
  await page.click('[data-test="pv"][data-name="disk"]');
  assert.match(await page.textContent(".side-panel"), /Reclaim Policy:\s+Retain/);
  await page.click('[data-test="console-tab"]');
  await run(page, "kubectl delete pvc data");
  await waitFor(page, async () => ((await sub()) === "PV · Released · default/data · Retain" ? true : await sub()), "the volume released");
  assert.deepEqual(errors, []);
  await ctx.close();
});
