// `kubectl get pods -w` in the page's console is a live table: the list, then a row for
// each change the cluster makes while the page plays (a pod killed from the drawing goes
// Terminating, its replacement Pending → ContainerCreating → Running), under a bar naming
// the watch; Ctrl+C ends it with `^C` and nothing more is printed. Runs against the built
// page (dist/); a screenshot goes to tests/screenshots/ (not committed). And `kubectl
// port-forward`: its tunnel listed under the console with its curl as a button, the pod's
// answer beside it, the row ended once the pod goes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { start, waitFor, openPage, root } from "./serve.mjs";

let served, base, browser;
const shots = path.join(root, "tests/screenshots");

before(async () => {
  served = await start();
  ({ base, browser } = served);
  fs.mkdirSync(shots, { recursive: true });
});

after(async () => {
  await served?.close();
});

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

const INPUT = '[data-test="console-input"]';
const log = (page) => page.textContent('[data-test="console-log"]');
const running = (page) => page.$$eval('[data-test="pod"][data-status="Running"]', (els) => els.map((e) => e.dataset.name).filter((n) => n.startsWith("web-")));

test("kubectl get pods -w prints each change as the page plays, until Ctrl+C", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.fill('[data-test="editor"]', MANIFEST);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => (await running(page)).length === 2 || (await running(page)), "two web pods running");

  await page.click('[data-test="console-tab"]');
  await page.fill(INPUT, "kubectl get pods -w");
  await page.press(INPUT, "Enter");
  assert.match(await page.textContent('[data-test="watch-bar"]'), /Watching: kubectl get pods -w/);
  const [victim] = await running(page);
  const listed = await log(page);
  assert.match(listed, /\$ kubectl get pods -w\nNAME +READY +STATUS +RESTARTS +AGE\n/);
  assert.ok(listed.includes(victim), `${victim} listed`);

  // Killed from the drawing: the watch's rows follow, as a terminal's would.
  await page.click(`[data-test="pod"][data-name="${victim}"]`);
  await page.click('[data-test="kill-pod"]');
  await waitFor(page, async () => {
    const text = await log(page);
    const after = text.slice(text.indexOf(`pod "${victim}" deleted`));
    return (new RegExp(`${victim} +1/1 +Terminating`).test(after) && /web-\S+ +1\/1 +Running/.test(after)) || after;
  }, "Terminating and the replacement Running as watch rows", 60000);
  await page.screenshot({ path: path.join(shots, "watch-live.png") });

  // Ctrl+C ends it: ^C, the bar gone, and later changes print nothing.
  await page.focus(INPUT);
  await page.keyboard.press("Control+c");
  assert.equal(await page.locator('[data-test="watch-bar"]').count(), 0);
  const stopped = await log(page);
  assert.match(stopped, /\^C\n$/);
  const [next] = await running(page);
  await page.click(`[data-test="pod"][data-name="${next}"]`);
  await page.click('[data-test="kill-pod"]');
  await page.waitForTimeout(1500);
  const later = await log(page);
  assert.ok(!later.slice(stopped.length).includes("Terminating"), later.slice(stopped.length));

  // A typed line ends a watch too.
  await page.fill(INPUT, "kubectl get deploy -w");
  await page.press(INPUT, "Enter");
  assert.equal(await page.locator('[data-test="watch-bar"]').count(), 1);
  await page.fill(INPUT, "kubectl get deploy");
  await page.press(INPUT, "Enter");
  assert.equal(await page.locator('[data-test="watch-bar"]').count(), 0);
  assert.match(await log(page), /\^C\n\$ kubectl get deploy\n/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a redirected watch writes its later rows into the file, not the console", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.fill('[data-test="editor"]', MANIFEST);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => (await running(page)).length === 2 || (await running(page)), "two web pods running");
  await page.click('[data-test="console-tab"]');
  await page.fill(INPUT, "kubectl get pods -w > pods.txt");
  await page.press(INPUT, "Enter");
  assert.equal(await page.locator('[data-test="watch-bar"]').count(), 1);
  const [victim] = await running(page);
  await page.click(`[data-test="pod"][data-name="${victim}"]`);
  await page.click('[data-test="kill-pod"]');
  // The file's tab holds the list and then the rows the kill made.
  await page.click('[data-test="file-tab"][data-name="pods.txt"]');
  await waitFor(page, async () => {
    const text = await page.inputValue('[data-test="editor"]');
    return (/^NAME +READY +STATUS/.test(text) && new RegExp(`${victim} +1/1 +Terminating`).test(text) && /web-\S+ +1\/1 +Running/.test(text.slice(text.indexOf("Terminating")))) || text;
  }, "the rows in pods.txt", 60000);
  const shown = await log(page);
  assert.ok(!shown.includes("Terminating"), `no row in the console: ${shown}`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a line piped through grep and wc in the console prints what a terminal does", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.click('[data-test="console-tab"]');
  await page.fill(INPUT, "kubectl get pods -A | grep coredns | wc -l");
  await page.press(INPUT, "Enter");
  await waitFor(page, async () => /\$ kubectl get pods -A \| grep coredns \| wc -l\n2\n/.test(await log(page)) || (await log(page)), "the count");
  await page.fill(INPUT, "kubectl get pods -A | awk '{print $2}'");
  await page.press(INPUT, "Enter");
  await waitFor(page, async () => /does not run 'awk' in a pipeline yet/.test(await log(page)) || (await log(page)), "the sentence about awk");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("kubectl port-forward lists its tunnel under the console; its curl shows the pod's answer until the pod goes", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.fill('[data-test="editor"]', MANIFEST);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => (await running(page)).length === 2 || (await running(page)), "two web pods running");
  const [pod] = await running(page);
  await page.click('[data-test="console-tab"]');
  assert.equal(await page.locator('[data-test="port-forwards"]').count(), 0);
  await page.fill(INPUT, `kubectl port-forward pod/${pod} 8080:80`);
  await page.press(INPUT, "Enter");
  assert.match(await log(page), /Forwarding from 127\.0\.0\.1:8080 -> 80\n/);
  const row = page.locator('[data-test="port-forward"][data-local="8080"]');
  assert.equal(await row.locator("code").textContent(), `localhost:8080 → pod/${pod}:80`);
  await row.locator('[data-test="port-forward-curl"]').click();
  assert.match(await row.locator('[data-test="port-forward-answer"]').textContent(), new RegExp(`Handling connection for 8080\\nkubeplay: pod/${pod} answered on port 80 \\(HTTP 200\\)`));
  assert.match(await log(page), /\$ curl localhost:8080\nHandling connection for 8080\n/);
  await page.screenshot({ path: path.join(shots, "port-forward.png") });
  // The pod goes: the tunnel ends with it, as kubectl's does.
  await page.click(`[data-test="pod"][data-name="${pod}"]`);
  await page.click('[data-test="kill-pod"]');
  await waitFor(page, async () => (await row.getAttribute("class")).includes("ended") || (await row.getAttribute("class")), "the tunnel ended", 60000);
  await row.locator('[data-test="port-forward-curl"]').click();
  assert.match(await row.locator('[data-test="port-forward-answer"]').textContent(), /Failed to connect to localhost port 8080/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("kubectl rollout status follows the rollout as the page plays, to its last line", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.fill('[data-test="editor"]', MANIFEST);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => (await running(page)).length === 2 || (await running(page)), "two web pods running");
  await page.click('[data-test="console-tab"]');
  // Paused while the two lines are typed, so the rollout is under way when its status is asked.
  await page.click('[data-test="play"]');
  await page.fill(INPUT, "kubectl set image deployment/web nginx=nginx:1.28");
  await page.press(INPUT, "Enter");
  await page.fill(INPUT, "kubectl rollout status deployment/web");
  await page.press(INPUT, "Enter");
  assert.match(await page.textContent('[data-test="watch-bar"]'), /kubectl rollout status deployment\/web/);
  await page.click('[data-test="play"]');
  await waitFor(page, async () => (await log(page)).endsWith('deployment "web" successfully rolled out\n') || (await log(page)).slice(-300), "the rollout's last line", 90000);
  const text = await log(page);
  const after = text.slice(text.lastIndexOf("$ kubectl rollout status deployment/web"));
  assert.match(after, /^\$ kubectl rollout status deployment\/web\nWaiting for deployment "web" rollout to finish: /);
  // Its first line came when it was typed, the last one later, as the page played (the bar
  // was up in between); lines in between may fall within one frame's slice of the clock.
  assert.ok(after.split("\n").filter((l) => l.startsWith("Waiting for deployment")).length >= 1, after);
  assert.equal(await page.locator('[data-test="watch-bar"]').count(), 0, "over once rolled out");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("kubectl logs -f prints each line the container writes as the page plays, until Ctrl+C", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.click('[data-test="console-tab"]');
  await page.fill(INPUT, 'kubectl run ticker --image=busybox -- sh -c "while true; do echo tick; sleep 2; done"');
  await page.press(INPUT, "Enter");
  await waitFor(page, async () => (await page.getAttribute('[data-test="pod"][data-name="ticker"]', "data-status")) === "Running" || "not yet", "ticker running");
  await page.fill(INPUT, "kubectl logs -f ticker");
  await page.press(INPUT, "Enter");
  assert.match(await page.textContent('[data-test="watch-bar"]'), /kubectl logs -f ticker/);
  const count = async () => ((await log(page)).match(/^tick$/gm) || []).length;
  const first = await count();
  await waitFor(page, async () => (await count()) >= first + 3 || (await count()), "three more lines as the page plays", 60000);
  await page.focus(INPUT);
  await page.keyboard.press("Control+c");
  assert.equal(await page.locator('[data-test="watch-bar"]').count(), 0);
  assert.match(await log(page), /tick\n\^C\n$/);
  assert.deepEqual(errors, []);
  await ctx.close();
});
