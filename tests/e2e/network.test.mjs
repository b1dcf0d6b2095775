// Ingresses, NetworkPolicies and ResourceQuotas on the page: an Ingress box with its
// rules and lines to the two Services it routes to, a default-deny policy's fence and
// "ingress denied" badge on the pods it selects (and a request to them drawn dropped),
// a quota's used / hard bars; each box opens describe; axe-core finds no serious
// violation, in English and Korean. Runs against the built page (dist/); screenshots go
// to tests/screenshots/network/ (not committed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { start, waitFor, openPage, root } from "./serve.mjs";

let served, base, browser;
const shots = path.join(root, "tests/screenshots/network");

before(async () => {
  served = await start();
  ({ base, browser } = served);
  fs.mkdirSync(shots, { recursive: true });
});

after(async () => {
  await served?.close();
});

const app = (name) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: c
        image: gcr.io/google-samples/hello-app:1.0
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {cpu: 200m, memory: 128Mi}
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports:
  - port: 8080
`;

const MANIFESTS = `apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
spec:
  hard:
    requests.cpu: "1"
    pods: "4"
---
${app("site")}---
${app("api")}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  rules:
  - host: shop.example
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: site
            port:
              number: 8080
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: api
            port:
              number: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-api
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress]
`;

const rows = (page, test, name) =>
  page.$$eval(`[data-test="${test}"][data-name="${name}"] [data-test="net-row"]`, (els) => els.map((e) => e.textContent.trim()));
const sub = (page, test, name) => page.textContent(`[data-test="${test}"][data-name="${name}"] [data-test="sub"]`).then((t) => t.trim());

async function apply(page, preset = "kind") {
  if (preset) await page.selectOption('[data-test="preset"]', preset);
  await page.fill('[data-test="editor"]', MANIFESTS);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => {
    const s = await page.$$eval('[data-test="pod"]', (els) => els.map((e) => e.dataset.status));
    return s.length === 2 && s.every((x) => x === "Running") ? true : s;
  }, "both pods Running");
}

const axeSource = () => fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

async function audit(page) {
  await page.addScriptTag({ content: axeSource() });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ")) }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

test("an Ingress, a default-deny policy and a quota are drawn with their texts and lines", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { width: 1280, height: 720 });
  await apply(page);

  // The Ingress: its class and (missing) address, a row per rule, its controller's state,
  // and a line to each Service.
  assert.equal(await sub(page, "ingress", "shop"), "Ingress · class <none> · no address");
  assert.deepEqual(await rows(page, "ingress", "shop"), [
    "→ shop.example/ → site:8080",
    "→ shop.example/api → api:8080",
    "! no ingress controller serves it",
  ]);
  const links = await page.$$eval('[data-test="ingress-link"]', (els) => els.map((e) => e.dataset.service).sort());
  assert.deepEqual(links, ["default/api", "default/site"]);
  for (const svc of ["site", "api"]) assert.ok(await page.$(`[data-test="service"][data-name="${svc}"]`), `Service ${svc} drawn`);

  // The policy: the api pod it selects is fenced and marked denied; the site pod is not.
  const api = await page.$eval('[data-test="pod"][data-name^="api-"]', (e) => e.dataset.name);
  assert.equal(await sub(page, "networkpolicy", "deny-api"), "NetworkPolicy · Ingress 0 rules");
  assert.deepEqual(await rows(page, "networkpolicy", "deny-api"), [`⊘ ${api} · ingress denied`]);
  assert.ok(await page.$(`[data-test="pod"][data-name="${api}"] [data-test="fence"]`), "the api pod is fenced");
  assert.ok(await page.$(`[data-test="pod"][data-name="${api}"] [data-test="denied"]`), "the api pod wears the denied badge");
  assert.equal(await page.$('[data-test="pod"][data-name^="site-"] [data-test="fence"]'), null, "the site pod is not selected");
  const label = await page.getAttribute(`[data-test="pod"][data-name="${api}"]`, "aria-label");
  assert.match(label, /NetworkPolicy deny-api, ingress denied/);
  assert.equal(await page.$$eval('[data-test="policy-link"]', (els) => els.map((e) => e.dataset.pod)).then((p) => p.join()), `default/${api}`);

  // The quota: used / hard per resource, as bars.
  assert.equal(await sub(page, "resourcequota", "compute"), "ResourceQuota · used / hard");
  assert.deepEqual(await rows(page, "resourcequota", "compute"), ["pods 2 / 4", "requests.cpu 200m / 1"]);
  const shares = await page.$$eval('[data-test="resourcequota"] [data-test="quota-bar"]', (els) => els.map((e) => e.dataset.share));
  assert.deepEqual(shares, ["0.50", "0.20"]);

  // Legend entries for each new glyph.
  for (const entry of ["ingress", "fence", "denied", "quota", "dropped"]) {
    assert.ok(await page.$(`[data-test="legend-${entry}"]`), `legend entry ${entry}`);
  }
  await page.screenshot({ path: path.join(shots, "network-1280x720.png") });

  // Each box opens describe; the keyboard reaches it.
  await page.click('[data-test="ingress"][data-name="shop"]');
  assert.match(await page.textContent('[data-test="object-describe"]'), /Name:\s+shop[\s\S]*shop\.example\s+\n?\s*\/\s+site:8080/);
  await page.focus('[data-test="networkpolicy"][data-name="deny-api"]');
  await page.keyboard.press("Enter");
  assert.match(await page.textContent('[data-test="object-describe"]'), /Name:\s+deny-api/);
  await page.click('[data-test="resourcequota"][data-name="compute"]');
  assert.match(await page.textContent('[data-test="object-describe"]'), /requests\.cpu\s+200m\s+1/);

  // A request to the denied pods is drawn dropped.
  await page.click('[data-test="service"][data-name="api"]');
  await page.click('[data-test="send-burst"]');
  await waitFor(page, async () => {
    const d = await page.$$eval('[data-test="dot"]', (els) => els.map((e) => e.dataset.dropped));
    return d.length > 0 && d.every((x) => x === "true") ? true : d;
  }, "dropped dots", 5000);

  assert.deepEqual(await audit(page), [], "serious or critical axe violations");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("in Korean the boxes and the legend are Korean, and axe finds nothing serious", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { width: 1280, height: 720, locale: "ko-KR" });
  await apply(page);
  const api = await page.$eval('[data-test="pod"][data-name^="api-"]', (e) => e.dataset.name);
  assert.deepEqual(await rows(page, "networkpolicy", "deny-api"), [`⊘ ${api} · 들어오는 연결 차단`]);
  assert.equal(await sub(page, "ingress", "shop"), "Ingress · class <none> · 주소 없음");
  assert.equal(await sub(page, "resourcequota", "compute"), "ResourceQuota · 사용 / 한도");
  assert.match(await page.textContent('[data-test="legend-denied"]'), /들어오는 연결 차단/);
  await page.screenshot({ path: path.join(shots, "network-ko-1280x720.png") });
  assert.deepEqual(await audit(page), [], "serious or critical axe violations");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("on Docker Desktop the policy is drawn as not enforced: its pods are fenced, none is denied", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { width: 1280, height: 720 });
  await apply(page, "docker-desktop");
  const api = await page.$eval('[data-test="pod"][data-name^="api-"]', (e) => e.dataset.name);
  assert.deepEqual(await rows(page, "networkpolicy", "deny-api"), [`◇ ${api}`, "! not enforced on Docker Desktop"]);
  assert.ok(await page.$(`[data-test="pod"][data-name="${api}"] [data-test="fence"]`), "the selected pod is fenced");
  assert.equal(await page.$('[data-test="denied"]'), null, "nothing is denied");

  // A second namespace with objects: every box names its namespace, and a pod of it
  // carries its namespace above its name.
  await page.click('[data-test="console-tab"]');
  for (const line of ["kubectl create namespace shop", "kubectl create quota small --hard=pods=2 -n shop", "kubectl run cart --image=nginx:1.27 -n shop"]) {
    await page.fill('[data-test="console-input"]', line);
    await page.press('[data-test="console-input"]', "Enter");
  }
  await waitFor(page, async () => ((await page.$('[data-test="resourcequota"][data-name="shop/small"]')) ? true : "no box"), "the quota box of shop");
  assert.ok(await page.$('[data-test="resourcequota"][data-name="default/compute"]'));
  assert.ok(await page.$('[data-test="networkpolicy"][data-name="default/deny-api"]'));
  await waitFor(page, async () => {
    const t = await page.textContent('[data-test="pod"][data-name="cart"] [data-test="pod-name"]').catch(() => null);
    return t === "shop/cart" ? true : t;
  }, "the pod's namespace line");
  assert.match(await page.getAttribute('[data-test="pod"][data-name="cart"]', "aria-label"), /\(namespace: shop\)$/);
  assert.deepEqual(errors, []);
  await ctx.close();
});
