// End-to-end tests of the BUILT page (dist/), served on 127.0.0.1 and driven in Debian's
// headless Chromium through playwright-core. Screenshots go to tests/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { root, start, waitFor } from "./serve.mjs";
import zlib from "node:zlib";

const shots = path.join(root, "tests/screenshots");

let served, base, browser;
const foreign = [];

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  served = await start();
  ({ base, browser } = served);
});

after(async () => {
  await served?.close();
});

async function open(url = base, context) {
  const ctx = context || (await browser.newContext({ viewport: { width: 1600, height: 1100 }, locale: "en-US" }));
  const page = await ctx.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('[data-test="cluster"]');
  return { page, ctx, errors };
}

// As a paste does: the whole value, then one input event (page.fill types too slowly for
// thousands of documents).
async function paste(page, text) {
  await page.evaluate((t) => {
    const el = document.querySelector('[data-test="editor"]');
    el.value = t;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
}

async function fast(page) {
  await page.selectOption('[data-test="speed"]', "100");
}

async function podStatuses(page) {
  return page.$$eval('[data-test="pod"]', (els) => els.map((e) => [e.getAttribute("data-name"), e.getAttribute("data-status")]));
}

async function threeRunning(page) {
  await waitFor(page, async () => (await podStatuses(page)).filter(([, s]) => s === "Running").length === 3 || (await podStatuses(page)), "three Running pods");
}

// A share link's scenario: `#v1.` + base64url(raw deflate of "preset\nseed\nworkers\nactions\ntext").
function decodeShare(url) {
  const code = url.split("#")[1] || "";
  assert.match(code, /^v1\./, url);
  const raw = zlib.inflateRawSync(Buffer.from(code.slice(3), "base64url")).toString("utf8");
  const [preset, seed, workers, actions, ...text] = raw.split("\n");
  return { preset, seed: Number(seed), workers: Number(workers), actions: JSON.parse(actions), text: text.join("\n") };
}

async function share(page) {
  await page.click('[data-test="share"]');
  return decodeShare(page.url());
}

// The simulated time since the start, in seconds, from the clock above the drawing (`1m5s`).
async function elapsed(page) {
  const t = (await page.textContent('[data-test="elapsed"]')).trim();
  const m = t.match(/^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/);
  assert.ok(m, `clock: ${t}`);
  return Number(m[1] || 0) * 3600 + Number(m[2] || 0) * 60 + Number(m[3] || 0);
}

// What the console printed for one line.
async function consoleRun(page, line) {
  const before = (await page.textContent('[data-test="console-log"]')).length;
  await page.fill('[data-test="console-input"]', line);
  await page.press('[data-test="console-input"]', "Enter");
  const out = (await page.textContent('[data-test="console-log"]')).slice(before);
  assert.ok(out.startsWith(`$ ${line}\n`), out);
  return out.slice(line.length + 3);
}

test("the seed Deployment draws three running pods, and a killed pod is replaced", async () => {
  const { page, ctx, errors } = await open();
  const text = await page.inputValue('[data-test="editor"]');
  assert.match(text, /spring-deployment/);
  await fast(page);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => {
    const s = await podStatuses(page);
    return s.length === 3 && s.every(([, st]) => st === "Running") ? true : s;
  }, "three Running pods");
  await page.screenshot({ path: path.join(shots, "seed-deployment.png"), fullPage: true });
  const before = (await podStatuses(page)).map(([n]) => n);
  await page.click(`[data-test="pod"][data-name="${before[0]}"]`);
  await page.click('[data-test="kill-pod"]');
  assert.match(await page.textContent('[data-test="last-command"]'), /kubectl delete pod/);
  await waitFor(page, async () => {
    const s = await podStatuses(page);
    const names = s.map(([n]) => n);
    return !names.includes(before[0]) && s.filter(([, st]) => st === "Running").length === 3 ? true : s;
  }, "a replacement pod");
  await page.screenshot({ path: path.join(shots, "self-healing.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a request burst through the Service reaches every pod", async () => {
  const { page, ctx } = await open();
  await fast(page);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => (await podStatuses(page)).filter(([, s]) => s === "Running").length === 3 || (await podStatuses(page)), "three Running pods");
  await page.click('[data-test="service"][data-name="spring-service"]');
  await page.click('[data-test="send-burst"]');
  // The button shows what a student would type for the same thing.
  assert.match(await page.textContent('[data-test="last-command"]'), /curl -s http:\/\/192\.168\.65\.3:30000\//);
  const hits = await page.$$eval('[data-test="hits"]', (els) => els.map((e) => Number(e.textContent)));
  assert.equal(hits.length, 3, `hits ${hits}`);
  assert.ok(hits.every((h) => h > 0), `hits ${hits}`);
  assert.equal(hits.reduce((a, b) => a + b, 0), 100);
  // Requests are drawn as dots travelling to the pods.
  await page.waitForSelector('[data-test="dot"]', { timeout: 2000 });
  await page.screenshot({ path: path.join(shots, "requests-in-flight.png"), fullPage: true });
  await page.screenshot({ path: path.join(shots, "service-traffic.png"), fullPage: true });
  await ctx.close();
});

test("the pull-policy lab shows the four outcomes", async () => {
  const { page, ctx } = await open();
  await fast(page);
  await page.click('[data-test="lab-without"]');
  await waitFor(page, async () => {
    const s = Object.fromEntries(await podStatuses(page));
    const bad = (x) => x === "ErrImagePull" || x === "ImagePullBackOff";
    return bad(s["policy-always"]) && bad(s["policy-ifnotpresent"]) && bad(s["policy-unset"]) && s["policy-never"] === "ErrImageNeverPull" ? true : s;
  }, "four failures without the image");
  await page.screenshot({ path: path.join(shots, "pull-lab-without.png"), fullPage: true });
  await page.click('[data-test="lab-with"]');
  await waitFor(page, async () => {
    const s = Object.fromEntries(await podStatuses(page));
    const bad = (x) => x === "ErrImagePull" || x === "ImagePullBackOff";
    return bad(s["policy-always"]) && bad(s["policy-unset"]) && s["policy-ifnotpresent"] === "Running" && s["policy-never"] === "Running" ? true : s;
  }, "IfNotPresent and Never running after docker build");
  // Each pod explains itself: the defaulted policy of the unset one, and why it fails.
  await page.click('[data-test="pod"][data-name="policy-unset"]');
  const story = await page.textContent('[data-test="stories"]');
  assert.match(story, /imagePullPolicy Always \(not set: the tag is latest or missing/);
  assert.match(story, /the pull fails/);
  await page.screenshot({ path: path.join(shots, "pull-lab-with.png"), fullPage: true });
  await ctx.close();
});

test("a YAML error is marked at its line and the text is kept", async () => {
  const { page, ctx } = await open();
  const broken = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers:\n  - name: app\n    image: nginx\n    imagePullPolicyy: Always\n";
  await page.fill('[data-test="editor"]', broken);
  await page.click('[data-test="apply"]');
  const item = await page.waitForSelector('[data-test="diagnostics"] li.error');
  assert.equal(await item.getAttribute("data-line"), "9");
  assert.match(await item.textContent(), /unknown field "spec.containers\[0\].imagePullPolicyy"/);
  assert.equal(await page.getAttribute('.gutter-line.error', "data-line"), "9");
  assert.equal(await page.inputValue('[data-test="editor"]'), broken);
  await page.screenshot({ path: path.join(shots, "yaml-error.png"), fullPage: true });
  // The text survives a reload.
  await page.reload();
  await page.waitForSelector('[data-test="cluster"]');
  assert.equal(await page.inputValue('[data-test="editor"]'), broken);
  await ctx.close();
});

test("a share link restores the scenario in a fresh browser", async () => {
  const { page, ctx } = await open();
  await page.selectOption('[data-test="preset"]', "kind");
  await page.fill('[data-test="workers"]', "3");
  await page.press('[data-test="workers"]', "Tab");
  await fast(page);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => (await podStatuses(page)).filter(([, s]) => s === "Running").length === 3 || (await podStatuses(page)), "three Running pods");
  await page.click('[data-test="play"]'); // pause, so the scenario stands still
  const names = (await podStatuses(page)).map(([n]) => n).sort();
  const text = await page.inputValue('[data-test="editor"]');
  await page.click('[data-test="share"]');
  const url = page.url();
  assert.match(url, /#v1\./);
  await ctx.close();
  const fresh = await open(url);
  assert.equal(await fresh.page.inputValue('[data-test="editor"]'), text);
  assert.equal(await fresh.page.inputValue('[data-test="preset"]'), "kind");
  // Replaying the same actions from the same seed gives the same pods, names included.
  assert.deepEqual((await podStatuses(fresh.page)).map(([n]) => n).sort(), names);
  // kind's control plane + the 3 workers chosen.
  assert.equal(await fresh.page.$$eval('[data-test="node"]', (e) => e.length), 4);
  await fresh.ctx.close();
});

test("switching to Korean changes the labels, not kubectl's output", async () => {
  const { page, ctx } = await open();
  assert.equal((await page.textContent('[data-test="apply"]')).trim(), "Apply");
  await page.click('[data-test="lang"]');
  assert.equal((await page.textContent('[data-test="apply"]')).trim(), "적용");
  await page.click('[data-test="apply"]');
  assert.match(await page.textContent('[data-test="apply-out"]'), /deployment.apps\/spring-deployment (created|unchanged|configured)/);
  await page.screenshot({ path: path.join(shots, "korean.png"), fullPage: true });
  await ctx.close();
});

test("the console runs kubectl through the engine", async () => {
  const { page, ctx } = await open();
  await page.click('[data-test="console-tab"]');
  await page.fill('[data-test="console-input"]', "kubectl get nodes");
  await page.press('[data-test="console-input"]', "Enter");
  assert.match(await page.textContent('[data-test="console-log"]'), /NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\ndocker-desktop\s+Ready\s+control-plane/);
  await ctx.close();
});

test("served from a sub-path, ClientIP affinity keeps a client on one pod", async () => {
  const { page, ctx, errors } = await open(base + "kubeplay/");
  await fast(page);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => (await podStatuses(page)).filter(([, s]) => s === "Running").length === 3 || (await podStatuses(page)), "three Running pods");
  await page.click('[data-test="service"][data-name="spring-service"]');
  await page.selectOption('[data-test="proxy-mode"]', "clientip");
  assert.match(await page.textContent('[data-test="last-command"]'), /sessionAffinity/);
  await page.click('[data-test="send-burst"]');
  const hits = await page.$$eval('[data-test="hits"]', (els) => els.map((e) => Number(e.textContent)));
  assert.deepEqual(hits.filter((h) => h > 0), [100], `hits ${hits}`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("turning the load dial makes the HPA grow the drawn pods, and the chart has points", async () => {
  const { page, ctx, errors } = await open();
  await fast(page);
  // Docker Desktop ships no metrics-server: the panel's first step installs it.
  await page.click('[data-test="metrics-install"]');
  assert.match(await page.textContent('[data-test="last-command"]'), /metrics-server\/releases\/latest\/download\/components\.yaml/);
  await waitFor(
    page,
    async () => ((await page.$('[data-test="metrics-missing"]')) === null && (await page.$('[data-test="metrics-starting"]')) === null) || "not yet",
    "metrics-server ready",
    30000,
  );
  await page.click('[data-test="hpa-setup"]');
  assert.match(await page.inputValue('[data-test="editor"]'), /HorizontalPodAutoscaler/);
  const running = async () => (await podStatuses(page)).filter(([n, st]) => n.startsWith("php-apache") && st === "Running").length;
  await waitFor(page, async () => ((await running()) === 1 ? true : await podStatuses(page)), "one Running php-apache pod");
  await page.$eval('[data-test="load-dial"]', (el) => {
    el.value = "20";
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
  assert.match(await page.textContent('[data-test="last-command"]'), /load generator → svc\/php-apache: 20/);
  await waitFor(page, async () => ((await running()) >= 4 ? true : await podStatuses(page)), "the HPA scaling up", 30000);
  const points = Number(await page.getAttribute('[data-test="hpa-chart"]', "data-points"));
  assert.ok(points > 0, `chart points: ${points}`);
  assert.match(await page.textContent('[data-test="hpa-formula"]'), /pods? × \d+% \/ 50% = /);
  await page.screenshot({ path: path.join(shots, "autoscaling.png"), fullPage: true });
  await page.click('[data-test="demo-zero"]');
  assert.match(await page.textContent('[data-test="last-command"]'), /off/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("bad input never reaches the panic hook, markup stays text, and the text survives", async () => {
  const { page, ctx, errors } = await open();
  const pod = (name, extra = "") => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${extra}spec:\n  containers:\n  - name: app\n    image: nginx:1.27\n`;
  let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (const [p, n] of [["a", "b"], ["b", "c"], ["c", "d"], ["d", "e"], ["e", "f"], ["f", "g"], ["g", "h"], ["h", "i"]]) bomb += `${n}: &${n} [${Array(9).fill("*" + p).join(",")}]\n`;
  const cases = [
    "",
    "- a\n- b\n",
    "<html><body>hi</body></html>",
    "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: three\n",
    bomb,
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: ${"[".repeat(200)}${"]".repeat(200)}\n`,
    pod("a".repeat(300)),
    pod("<script>window.__pwned=1</script>"),
    pod("p", '  labels:\n    app: "<script>window.__pwned=1</script>"\n'),
    Array.from({ length: 2000 }, (_, i) => pod(`many-${i}`)).join("---\n"),
    "apiVersion: v1\nkind: Pod\u0000\n",
    "{\"apiVersion\":\"v1\",",
  ];
  for (const text of cases) {
    await paste(page, text);
    await page.click('[data-test="apply"]');
    await page.waitForTimeout(50);
    assert.equal(await page.$$eval(".panic", (e) => e.length), 0, `panic hook reached by ${JSON.stringify(text.slice(0, 80))}`);
    assert.equal(await page.inputValue('[data-test="editor"]'), text.replace(/\r\n?/g, "\n"), "the text is kept");
  }
  // Markup in an annotation is applied and shown as text, never as HTML.
  await page.click('[data-test="reset"]');
  const xss = pod("xss", "  annotations:\n    x: '\"><img src=x onerror=\"window.__pwned=1\">'\n");
  await paste(page, xss);
  await page.click('[data-test="apply"]');
  await page.waitForSelector('[data-test="pod"][data-name="xss"]');
  await page.click('[data-test="pod"][data-name="xss"]');
  await page.waitForTimeout(200);
  assert.match(await page.textContent("body"), /onerror=/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.$$eval("img", (e) => e.length), 0);
  assert.match(await page.textContent('[data-test="limits"]'), /16 MiB/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a large cluster is drawn a tile per node, a tile click opens its node, tables are cut", async () => {
  const { page, ctx, errors } = await open();
  await page.selectOption('[data-test="preset"]', "cloud");
  await page.fill('[data-test="workers"]', "80");
  await page.press('[data-test="workers"]', "Tab");
  await fast(page);
  const manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\nspec:\n  replicas: 3000\n  selector:\n    matchLabels:\n      app: big\n  template:\n    metadata:\n      labels:\n        app: big\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n";
  await paste(page, manifest);
  await page.click('[data-test="apply"]');
  await page.waitForSelector('[data-test="tiles"]', { timeout: 20000 });
  assert.equal(await page.getAttribute('[data-test="tiles"]', "data-nodes"), "80");
  // No pod is drawn alone: a few SVG paths, not thousands of elements.
  assert.equal(await page.$$eval('[data-test="pod"]', (e) => e.length), 0);
  await waitFor(page, async () => (await page.textContent('[data-test="cluster"]')).includes("Deployment big 3000/3000") || (await page.textContent('[data-test="cluster"]')), "3,000 Ready pods", 60000);
  assert.ok((await page.$$("svg.aggregated path")).length <= 5);
  // The legend explains the tiles while they are drawn.
  assert.equal(await page.$$eval('[data-test="legend-tile"]', (e) => e.length), 5);
  // A click on the first tile opens the first node, with kubectl's describe.
  await page.evaluate(() => {
    const svg = document.querySelector("svg.aggregated");
    const r = svg.getBoundingClientRect();
    const scale = r.width / 1000;
    svg.dispatchEvent(new MouseEvent("click", { bubbles: true, clientX: r.left + 14 * scale, clientY: r.top + 86 * scale }));
  });
  await page.waitForSelector('[data-test="kill-node"]');
  assert.match(await page.textContent(".side-panel"), /Name:\s+node-1\b/);
  // The events tab shows the first 500 lines and says how many more the console has.
  assert.match(await page.textContent('[data-test="events"]'), /… \d+ lines more/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a long paste is shown through a window of its lines, and a click there edits at that line", async () => {
  const { page, ctx, errors } = await open();
  const doc = (i, port = "80") => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-${i}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    ports:\n    - containerPort: ${port}\n`;
  // 11 lines a document with its separator; document 1500 has an error on its line 10.
  const docs = Array.from({ length: 2000 }, (_, i) => doc(i, i === 1500 ? "eighty" : "80"));
  const text = docs.join("---\n");
  await paste(page, text);
  assert.ok(await page.isHidden('[data-test="editor"]'), "the textarea is not laid out");
  assert.match(await page.textContent('[data-test="editor-windowed"]'), /^22,000 lines, shown as a preview/);
  assert.match(await page.textContent('[data-test="editor-window"]'), /name: web-0\n/);
  assert.equal(await page.inputValue('[data-test="editor"]'), text, "the textarea holds the whole text");
  // The error is marked at its line, which is drawn once scrolled to.
  await page.click('[data-test="apply"]');
  const bad = 1500 * 11 + 10;
  await page.waitForSelector(`.gutter-line.error.mark[data-line="${bad}"]`);
  await page.$eval(".editor", (e, y) => (e.scrollTop = y), (bad - 5) * 18);
  await page.waitForFunction((bad) => document.querySelector('[data-test="editor-window"]').textContent.includes("containerPort: eighty") && document.querySelector(".gutter-numbers.window").textContent.split("\n").includes(String(bad)), bad);
  const window = await page.evaluate(() => document.querySelector('[data-test="editor-window"]').textContent);
  assert.ok(!window.includes("name: web-0\n"), "only the lines in view are drawn");
  await page.screenshot({ path: path.join(shots, "editor-window.png") });
  // A click on a line edits there: the caret is at that line's start and the view stays.
  const line = bad - 1; // `    ports:` of document 1500
  const box = await page.$eval(".editor .code", (e) => { const r = e.getBoundingClientRect(); return { x: r.left, y: r.top }; });
  const scrolled = await page.$eval(".editor", (e) => e.scrollTop);
  await page.mouse.click(box.x + 40, box.y + 6 + (line - 1) * 18 + 9);
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-test") === "editor");
  const caret = await page.$eval('[data-test="editor"]', (e) => e.selectionStart);
  assert.equal(text.slice(0, caret).split("\n").length, line, "the caret is on the clicked line");
  assert.equal(text.slice(caret, caret + 10), "    ports:");
  assert.ok(Math.abs((await page.$eval(".editor", (e) => e.scrollTop)) - scrolled) < 18, "the view did not jump");
  assert.ok(await page.isHidden('[data-test="editor-windowed"]'));
  // Typing keeps the editor; the text changes at the caret.
  await page.keyboard.type("#");
  assert.ok(await page.isVisible('[data-test="editor"]'));
  assert.equal((await page.inputValue('[data-test="editor"]')).slice(caret, caret + 11), "#    ports:");
  // A paste into the editor windows the text again, and Ctrl+Enter still applies it.
  await page.evaluate((t) => {
    const el = document.querySelector('[data-test="editor"]');
    el.value = t;
    el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  }, docs.slice(0, 400).join("---\n"));
  await page.waitForSelector('[data-test="editor"]', { state: "hidden" });
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(() => document.querySelector('[data-test="diagnostics"]').textContent.includes("No errors"));
  // A short text is edited in place, never windowed.
  await paste(page, doc(1));
  assert.ok(await page.isVisible('[data-test="editor"]'));
  assert.ok(await page.isHidden('[data-test="editor-windowed"]'));
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the console runs the simulator's own lines as the command line does", async () => {
  const { page, ctx, errors } = await open();
  await fast(page);
  await page.click('[data-test="apply"]');
  await threeRunning(page);
  // Running is not yet Ready: the Service sends requests to ready pods only.
  const ready = () => page.$$eval('[data-test="pod"]', (els) => els.filter((e) => e.getAttribute("data-ready") === "1/1").length);
  await waitFor(page, async () => (await ready()) === 3 || (await ready()), "three ready pods");
  await page.click('[data-test="play"]'); // pause, so each answer is about the same cluster
  const pods = (await podStatuses(page)).map(([n]) => n).sort();
  await page.click('[data-test="console-tab"]');
  const answers = await consoleRun(page, "request svc/spring-service -n 20");
  assert.match(answers, /^# 20 request\(s\) to service\/spring-service through NodePort 30000 on docker-desktop \(iptables mode\): 20 answered, 0 refused\n/);
  assert.match(answers, /\nPOD\s+NODE\s+ANSWERED\s+SHARE\s+REFUSED\n/);
  const rows = answers.split("\n").filter((l) => pods.some((p) => l.startsWith(p + " ")));
  assert.equal(rows.length, 3, answers);
  assert.equal(rows.map((r) => Number(r.split(/\s+/)[2])).reduce((a, b) => a + b, 0), 20, answers);
  const build = await consoleRun(page, "docker build -t hello .");
  assert.match(build, /^\[\+\] Building .* FINISHED/);
  assert.match(build, /COPY build\/libs\/\*SNAPSHOT\.jar app\.jar/);
  assert.match(build, /naming to docker\.io\/library\/hello:latest/);
  const why = await consoleRun(page, `why ${pods[0]}`);
  assert.match(why, new RegExp(`^# default/${pods[0]} at t=(\\d+m)?\\d+(\\.\\d+)?m?s: bound to docker-desktop\n`));
  assert.match(why, /\nNODE\s+VERDICT\s+SCORE\s+DETAIL\ndocker-desktop\s+chosen\s+\d+\s+TaintToleration=/);
  // A killed node's kubelet stops: its NodePort answers nothing any more.
  assert.match(await consoleRun(page, "node kill docker-desktop"), /^node\/docker-desktop killed/);
  assert.match(await consoleRun(page, "request svc/spring-service -n 20"), /0 answered, 20 refused\nrefused x20: .*node docker-desktop is down/);
  await page.screenshot({ path: path.join(shots, "console-verbs.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the share link does not grow while the page plays, nor when it is only read", async () => {
  const { page, ctx, errors } = await open();
  await page.click('[data-test="apply"]');
  await fast(page);
  await threeRunning(page);
  const first = await share(page);
  assert.equal(first.actions.at(-1).a, "advance", JSON.stringify(first.actions));
  // A simulated minute at 100×, nothing clicked.
  const start = await elapsed(page);
  await waitFor(page, async () => (await elapsed(page)) >= start + 60 || (await elapsed(page)), "a simulated minute", 30000);
  const second = await share(page);
  assert.equal(second.actions.length, first.actions.length, JSON.stringify(second.actions.map((a) => a.a)));
  assert.deepEqual(second.actions.slice(0, -1), first.actions.slice(0, -1));
  assert.equal(second.actions.at(-1).a, "advance");
  assert.ok(second.actions.at(-1).ms >= first.actions.at(-1).ms + 60000, `${first.actions.at(-1).ms} → ${second.actions.at(-1).ms}`);
  // Reading records nothing: a pod's details, the tables, the events.
  const pod = (await podStatuses(page))[0][0];
  await page.click(`[data-test="pod"][data-name="${pod}"]`);
  assert.match(await page.textContent('[data-test="describe"]'), new RegExp(`Name:\\s+${pod}`));
  await page.click('[data-test="tables-tab"]');
  assert.match(await page.textContent('[data-test="tables"]'), /\$ kubectl get pods -o wide\n/);
  await page.click('[data-test="events-tab"]');
  assert.match(await page.textContent('[data-test="events"]'), /Scheduled/);
  const third = await share(page);
  assert.deepEqual(third.actions.map((a) => a.a), first.actions.map((a) => a.a));
  assert.deepEqual(third.actions.slice(0, -1), first.actions.slice(0, -1));
  assert.equal(third.text, first.text);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a panic in the engine reloads the page with the cluster rebuilt without the failing action", async () => {
  const { page, ctx, errors } = await open();
  const text = (await page.inputValue('[data-test="editor"]')) + "# kept across a panic\n";
  await paste(page, text);
  await fast(page);
  await page.click('[data-test="apply"]');
  await threeRunning(page);
  const killed = (await podStatuses(page))[0][0];
  await page.click(`[data-test="pod"][data-name="${killed}"]`);
  await page.click('[data-test="kill-pod"]');
  await waitFor(page, async () => {
    const s = await podStatuses(page);
    return !s.some(([n]) => n === killed) && s.filter(([, st]) => st === "Running").length === 3 ? true : s;
  }, "a replacement pod");
  await page.click('[data-test="play"]'); // pause, so the cluster stands still
  const before = (await podStatuses(page)).sort();
  const victim = before[0][0];
  await page.click(`[data-test="pod"][data-name="${victim}"]`);
  await page.evaluate(() => window.wasmBindings.kubeplay_fail_next_action());
  await Promise.all([page.waitForEvent("load"), page.click('[data-test="kill-pod"]')]);
  await page.waitForSelector('[data-test="recovered"]');
  const message = await page.textContent('[data-test="recovered"]');
  assert.match(message, /internal error and reloaded the page/);
  assert.match(message, /rebuilt from everything you did, without the action that failed/);
  assert.equal(await page.textContent('[data-test="recovered-input"]'), `kubectl delete pod ${victim} --wait=false`);
  assert.match(await page.textContent('[data-test="recovered-message"]'), /kubeplay_fail_next_action/);
  // The same pods, by name and status: the kill that failed was left out, the one before kept.
  assert.deepEqual((await podStatuses(page)).sort(), before);
  assert.equal(await page.inputValue('[data-test="editor"]'), text);
  assert.equal((await page.textContent('[data-test="play"]')).trim(), "Play", "the clock waits");
  await page.screenshot({ path: path.join(shots, "recovered.png"), fullPage: true });
  // The injected panic is the only error (the recovered message above proves it
  // happened; its page error can be lost in the reload on a busy machine), and a reload
  // clears the record.
  assert.ok(errors.every((e) => /unreachable/.test(e)), errors.join("\n"));
  await page.reload();
  await page.waitForSelector('[data-test="cluster"]');
  assert.equal(await page.$$eval('[data-test="recovered"]', (e) => e.length), 0);
  assert.equal(await page.inputValue('[data-test="editor"]'), text);
  await ctx.close();
});

test("a panic while rebuilding starts a fresh cluster with the text kept, and a panic then only says so", async () => {
  const { page, ctx, errors } = await open();
  const text = (await page.inputValue('[data-test="editor"]')) + "# kept across two panics\n";
  await paste(page, text);
  await fast(page);
  await page.click('[data-test="apply"]');
  await threeRunning(page);
  await page.click('[data-test="play"]');
  // As if this page were replaying a recovery record when it panics.
  await page.evaluate(() => {
    sessionStorage.setItem("kubeplay.recovering", "restore");
    window.wasmBindings.kubeplay_fail_next_action();
  });
  await Promise.all([page.waitForEvent("load"), page.click('[data-test="apply"]')]);
  await page.waitForSelector('[data-test="recovered"]');
  assert.match(await page.textContent('[data-test="recovered"]'), /Rebuilding your cluster failed too, so this is a fresh cluster/);
  assert.equal(await page.$$eval('[data-test="pod"]', (e) => e.length), 0, "a fresh cluster");
  assert.equal(await page.inputValue('[data-test="editor"]'), text);
  // The same in Korean.
  await page.click('[data-test="lang"]');
  assert.match(await page.textContent('[data-test="recovered"]'), /새 클러스터로 시작합니다/);
  await page.click('[data-test="lang"]');
  // A panic while that fresh cluster starts does not reload again: it says so and stops.
  await page.evaluate(() => {
    sessionStorage.setItem("kubeplay.recovering", "fresh");
    window.wasmBindings.kubeplay_fail_next_action();
  });
  await page.click('[data-test="apply"]');
  await page.waitForSelector(".panic");
  assert.match(await page.textContent(".panic"), /Something broke inside kubeplay/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("kubeplay.recovery")), null);
  assert.ok(errors.every((e) => /unreachable/.test(e)), errors.join("\n"));
  await ctx.close();
});

test("the page never requests another origin", () => {
  assert.deepEqual(foreign, []);
});
