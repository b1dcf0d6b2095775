// Importing a real cluster's dump on the built page (dist/): a two-node dump in JSON (as
// `kubectl get … -o json` writes it) with a Deployment, its ReplicaSet and a pod on each
// node is imported; the nodes and pods are drawn where the dump had them, a killed node's
// pod comes up again on the other, the share link carries the imported cluster, and the
// page's "Download for kind" gives a tar with kind-config.yaml and replay.sh. Bad dumps
// show the engine's message, keep the text and leave the cluster as it was. Screenshots go
// to tests/screenshots/ (git-ignored).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
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

const node = (name, zone) => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, uid: `uid-${name}`, resourceVersion: "100", labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone }, managedFields: [{ manager: "kubelet", operation: "Update" }] },
  spec: { podCIDR: "10.244.1.0/24" },
  status: { capacity: { cpu: "2", memory: "4005892Ki", pods: "110" }, allocatable: { cpu: "2", memory: "4005892Ki", pods: "110" } },
});
const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] } };
const pod = (name, nodeName) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name,
    namespace: "default",
    uid: `uid-${name}`,
    labels: { app: "web", "pod-template-hash": "5d8f7c9b6d" },
    ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-5d8f7c9b6d", uid: "uid-rs", controller: true }],
  },
  spec: { ...template.spec, nodeName },
  status: { phase: "Running", podIP: "10.244.1.5" },
});
const DUMP = JSON.stringify(
  {
    apiVersion: "v1",
    kind: "List",
    items: [
      node("alpha", "zone-a"),
      node("beta", "zone-b"),
      pod("web-5d8f7c9b6d-aaaaa", "alpha"),
      pod("web-5d8f7c9b6d-bbbbb", "beta"),
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: { name: "web-5d8f7c9b6d", namespace: "default", uid: "uid-rs", labels: { app: "web", "pod-template-hash": "5d8f7c9b6d" }, annotations: { "deployment.kubernetes.io/revision": "1" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: "uid-d", controller: true }] },
        spec: { replicas: 2, selector: { matchLabels: { app: "web", "pod-template-hash": "5d8f7c9b6d" } }, template: { metadata: { labels: { app: "web", "pod-template-hash": "5d8f7c9b6d" } }, spec: template.spec } },
      },
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default", uid: "uid-d", annotations: { "deployment.kubernetes.io/revision": "1" } }, spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template } },
      { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, type: "Opaque", data: { password: "c2VjcmV0" } },
      { apiVersion: "v1", kind: "Pod", metadata: { name: "coredns-1", namespace: "kube-system" }, spec: { containers: [{ name: "c", image: "coredns" }] } },
    ],
  },
  null,
  2,
);

// As a paste does: the whole value, then one input event.
async function paste(page, text) {
  await page.$eval('[data-test="import-in"]', (el, t) => {
    el.value = t;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
}

const podsOn = (page, nodeName) =>
  page.$$eval(`[data-test="node"][data-name="${nodeName}"] [data-test="pod"]`, (els) => els.map((e) => [e.dataset.name, e.dataset.status]));

async function importDump(page) {
  await page.click('[data-test="import"] > summary');
  await paste(page, DUMP);
  await page.click('[data-test="import-apply"]');
  // Asked first: the cluster shown is not replaced yet.
  await page.waitForSelector('[data-test="import-ask"]');
  assert.equal(await page.$$eval('[data-test="node"][data-name="alpha"]', (e) => e.length), 0);
  await page.click('[data-test="import-replace"]');
  await page.waitForSelector('[data-test="import-report"]');
}

test("a two-node dump becomes the page's cluster; a killed node's pod comes up on the other", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { height: 1100 });
  await importDump(page);
  const kinds = await page.textContent('[data-test="import-kinds"]');
  for (const k of ["2 Node", "1 Secret", "2 Pod", "1 ReplicaSet", "1 Deployment"]) assert.ok(kinds.includes(k), `${k} in ${kinds}`);
  assert.equal(await page.textContent('[data-test="import-nodes"]'), "NAME    CPU   MEMORY      PODS   TAINTS\nalpha   2     4005892Ki   110    <none>\nbeta    2     4005892Ki   110    <none>\n");
  assert.match(await page.textContent('[data-test="import-report"]'), /Secrets whose values were dropped.* 1/);
  // The header counts the imported cluster's workers, not the preset's three.
  assert.equal(await page.inputValue('[data-test="workers"]'), "2");
  assert.match(await page.textContent('[data-test="import-left"]'), /Pod kube-system\/coredns-1: the cluster's own namespace, not simulated/);
  // The nodes of the dump and no other; each pod drawn on the node the dump put it on.
  await waitFor(page, async () => {
    const names = await page.$$eval('[data-test="node"]', (e) => e.map((n) => n.dataset.name));
    const a = await podsOn(page, "alpha");
    const b = await podsOn(page, "beta");
    return JSON.stringify(names) === '["alpha","beta"]' && a[0]?.[0] === "web-5d8f7c9b6d-aaaaa" && a[0]?.[1] === "Running" && b[0]?.[0] === "web-5d8f7c9b6d-bbbbb" && b[0]?.[1] === "Running" ? true : { names, a, b };
  }, "the dump's pods Running on their nodes");
  // The Deployment adopted its ReplicaSet: no new rollout, the same two pods.
  await page.click('[data-test="console-tab"]');
  await page.fill('[data-test="console-input"]', "kubectl get rs");
  await page.press('[data-test="console-input"]', "Enter");
  await waitFor(page, async () => /web-5d8f7c9b6d\s+2\s+2\s+2/.test(await page.textContent('[data-test="console-log"]')) || (await page.textContent('[data-test="console-log"]')), "one ReplicaSet of 2");
  await page.screenshot({ path: path.join(shots, "import-two-nodes.png") });
  // Kill beta: its pod is evicted once the node is NotReady past the toleration, and the
  // ReplicaSet's replacement runs on alpha.
  await page.click('[data-test="node"][data-name="beta"] .node-name');
  await page.click('[data-test="kill-node"]');
  await waitFor(page, async () => {
    const a = await podsOn(page, "alpha");
    return a.filter(([, s]) => s === "Running").length === 2 ? true : a;
  }, "two Running pods on alpha", 90000);
  await page.screenshot({ path: path.join(shots, "import-node-killed.png") });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the share link carries the imported cluster, and Download for kind gives its folder as a tar", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { height: 1100 });
  await importDump(page);
  await page.click('[data-test="share"]');
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#v1\./);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-test="download-kind"]')]);
  assert.equal(download.suggestedFilename(), "kubeplay-scenario.tar");
  const tar = fs.readFileSync(await download.path());
  // ustar: a 512-byte header per file (its name at 0, its size in octal at 124), the data
  // padded to 512 bytes, two zero blocks at the end.
  const names = [];
  const files = {};
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0; ) {
    const name = tar.subarray(at, at + 100).toString("latin1").replace(/\0.*$/s, "");
    const size = parseInt(tar.subarray(at + 124, at + 136).toString("latin1"), 8);
    assert.equal(tar.subarray(at + 257, at + 262).toString("latin1"), "ustar");
    names.push(name);
    files[name] = tar.subarray(at + 512, at + 512 + size).toString("utf8");
    at += 512 + Math.ceil(size / 512) * 512;
  }
  assert.ok(names.includes("kubeplay-scenario/kind-config.yaml"), names.join(" "));
  assert.ok(names.includes("kubeplay-scenario/replay.sh"), names.join(" "));
  assert.match(files["kubeplay-scenario/replay.sh"], /kubectl apply -f manifests\/001-dump\.yaml/);
  // The link opened elsewhere rebuilds the imported cluster.
  const other = await openPage(browser, base + hash, { height: 1100 });
  await waitFor(other.page, async () => {
    const names = await other.page.$$eval('[data-test="node"]', (e) => e.map((n) => n.dataset.name));
    return JSON.stringify(names) === '["alpha","beta"]' ? true : names;
  }, "the imported nodes from the link");
  assert.deepEqual(other.errors, []);
  await other.ctx.close();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("an imported cluster too large for a link: Share says so and leaves the address alone", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { height: 1100 });
  // Random hex does not deflate below half: 40 ConfigMaps of 8 KiB make a link of over 100 KB.
  const hex = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("");
  const items = [node("alpha", "zone-a")];
  for (let i = 0; i < 40; i++) items.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `blob-${i}`, namespace: "default" }, data: { blob: hex(8192) } });
  await page.click('[data-test="import"] > summary');
  await paste(page, JSON.stringify({ apiVersion: "v1", kind: "List", items }));
  await page.click('[data-test="import-apply"]');
  await page.click('[data-test="import-replace"]');
  await page.waitForSelector('[data-test="import-report"]');
  assert.match(await page.textContent('[data-test="import-kinds"]'), /40 ConfigMap/);
  await page.click('[data-test="share"]');
  await waitFor(page, async () => /too large to carry in a share link/.test(await page.textContent('[data-test="apply-out"]')) || (await page.textContent('[data-test="apply-out"]')), "the sentence");
  assert.equal(await page.evaluate(() => location.hash), "");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("bad dumps show the engine's message, keep the text and change nothing", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { height: 1100 });
  const before = await page.$$eval('[data-test="node"]', (e) => e.map((n) => n.dataset.name));
  await page.click('[data-test="import"] > summary');
  const cut = DUMP.slice(0, 700);
  await paste(page, cut);
  await page.click('[data-test="import-apply"]');
  await page.waitForSelector('[data-test="import-error"]');
  assert.match(await page.textContent('[data-test="import-error"]'), /cut short\?\): line \d+/);
  assert.equal(await page.inputValue('[data-test="import-in"]'), cut, "the user's text is kept");
  await page.screenshot({ path: path.join(shots, "import-cut-short.png") });
  await paste(page, "services:\n  web:\n    image: nginx\n");
  await page.click('[data-test="import-apply"]');
  await waitFor(page, async () => (await page.textContent('[data-test="import-error"]')).includes("Docker Compose") || (await page.textContent('[data-test="import-error"]')), "the compose file named");
  assert.equal(await page.$$eval('[data-test="import-ask"]', (e) => e.length), 0, "nothing to confirm");
  assert.deepEqual(await page.$$eval('[data-test="node"]', (e) => e.map((n) => n.dataset.name)), before, "the cluster is the one before");
  // A file opened, a file dropped on the panel: their text in the box. A file over the
  // engine's limit is refused unread, the text kept.
  await page.setInputFiles('[data-test="import-file"]', { name: "dump.json", mimeType: "application/json", buffer: Buffer.from(DUMP) });
  await waitFor(page, async () => (await page.inputValue('[data-test="import-in"]')) === DUMP || "not yet", "the opened file's text");
  await page.setInputFiles('[data-test="import-file"]', { name: "huge.yaml", mimeType: "text/yaml", buffer: Buffer.alloc(17 * 1024 * 1024, 0x61) });
  await waitFor(page, async () => /huge\.yaml: the dump is 17\.8 MB; kubeplay imports dumps of up to 16\.8 MB/.test(await page.textContent('[data-test="import-error"]')) || (await page.textContent('[data-test="import-error"]')), "the size refusal");
  assert.equal(await page.inputValue('[data-test="import-in"]'), DUMP, "the text before is kept");
  const dropped = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(["apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"], "pod.yaml", { type: "text/yaml" }));
    return dt;
  });
  await page.dispatchEvent('[data-test="import"]', "drop", { dataTransfer: dropped });
  await waitFor(page, async () => (await page.inputValue('[data-test="import-in"]')).startsWith("apiVersion: v1\nkind: Pod") || "not yet", "the dropped file's text");
  await page.click('[data-test="import-apply"]');
  await waitFor(page, async () => /one Pod, not a List/.test(await page.textContent('[data-test="import-error"]')) || (await page.textContent('[data-test="import-error"]')), "one object refused");
  // The sample dump is fetched when asked for, and reads.
  await page.click('[data-test="import-sample"]');
  await waitFor(page, async () => (await page.inputValue('[data-test="import-in"]')).includes("worker-2") || "not yet", "the sample dump");
  await page.click('[data-test="import-apply"]');
  await page.waitForSelector('[data-test="import-ask"]');
  await page.click('[data-test="import-cancel"]');
  assert.deepEqual(await page.$$eval('[data-test="node"]', (e) => e.map((n) => n.dataset.name)), before, "cancelled: the cluster is the one before");
  assert.deepEqual(errors, []);
  await ctx.close();
});
