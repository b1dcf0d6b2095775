// The console's terminal: `kubectl exec -it box -- sh` switches the console into the
// container's shell (busybox's `/ # ` prompt, a bar naming the pod and container), each
// line runs in the container (hostname, env, cat of a mounted ConfigMap), Up recalls the
// history, Ctrl+C drops a line or stops a running command, and `exit 3` ends the session
// with kubectl's exit-code line. Runs against the built page (dist/); a screenshot goes to
// tests/screenshots/ (not committed).
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

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: greeting
data:
  message: hello from a ConfigMap
---
apiVersion: v1
kind: Pod
metadata:
  name: box
spec:
  containers:
  - name: box
    image: busybox:1.36
    command: ["sleep", "3600"]
    env:
    - name: COLOR
      value: blue
    volumeMounts:
    - name: greeting
      mountPath: /etc/greeting
  volumes:
  - name: greeting
    configMap:
      name: greeting
`;

const INPUT = '[data-test="console-input"]';

async function type(page, line) {
  await page.fill(INPUT, line);
  await page.press(INPUT, "Enter");
}

const screen = (page) => page.textContent('[data-test="terminal-screen"]');
const prompt = (page) => page.textContent('[data-test="terminal-prompt"]');

test("kubectl exec -it opens a terminal in the container: prompt, commands, history, Ctrl+C and exit", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.fill('[data-test="editor"]', MANIFEST);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => (await page.getAttribute('[data-test="pod"][data-name="box"]', "data-status")) === "Running" || "not yet", "box running");

  await page.click('[data-test="console-tab"]');
  await type(page, "kubectl exec -it box -- sh");
  assert.match(await page.textContent('[data-test="terminal-bar"]'), /box\/box/);
  assert.equal(await prompt(page), "/ # ");

  await type(page, "hostname");
  assert.match(await screen(page), /\/ # hostname\nbox\n$/);
  await type(page, "env");
  // The spec's variable among those the runtime and kubelet add (PATH first, HOME last).
  assert.match(await screen(page), /\/ # env\nPATH=[^\n]*\nHOSTNAME=box\nCOLOR=blue\nKUBERNETES_SERVICE_HOST=10\.96\.0\.1\n(?:[^\n]*\n)*HOME=\/root\n$/);
  await type(page, "cat /etc/greeting/message");
  assert.match(await screen(page), /\/ # cat \/etc\/greeting\/message\nhello from a ConfigMap\n$/);

  // Up walks back through the history, Down forward again.
  await page.press(INPUT, "ArrowUp");
  assert.equal(await page.inputValue(INPUT), "cat /etc/greeting/message");
  await page.press(INPUT, "ArrowUp");
  assert.equal(await page.inputValue(INPUT), "env");
  await page.press(INPUT, "ArrowDown");
  assert.equal(await page.inputValue(INPUT), "cat /etc/greeting/message");

  // Ctrl+C drops the line being typed, and stops a command that does not end.
  await page.press(INPUT, "Control+c");
  assert.equal(await page.inputValue(INPUT), "");
  assert.match(await screen(page), /\/ # cat \/etc\/greeting\/message\^C\n$/);
  await type(page, "sleep infinity");
  assert.equal(await prompt(page), "", "no prompt while the command runs");
  await page.press(INPUT, "Control+c");
  assert.equal(await prompt(page), "/ # ");
  assert.match(await screen(page), /\/ # sleep infinity\n\^C\n$/);
  await page.screenshot({ path: path.join(shots, "terminal-1600x1000.png") });
  // However long the session grows, only the log scrolls (to its newest line): the bar
  // and the input stay right under it.
  const scroll = await page.$eval('[data-test="console-log"]', (e) => ({ h: e.clientHeight, top: e.scrollTop, max: e.scrollHeight - e.clientHeight, bottom: e.getBoundingClientRect().bottom }));
  assert.ok(scroll.h <= 300, `the log keeps its height: ${JSON.stringify(scroll)}`);
  assert.ok(scroll.max > 0 && scroll.top >= scroll.max - 2, `the log shows its newest lines: ${JSON.stringify(scroll)}`);
  const bar = await page.locator('[data-test="terminal-bar"]').boundingBox();
  const input = await page.locator(INPUT).boundingBox();
  assert.ok(bar.y >= scroll.bottom - 1 && input.y >= bar.y + bar.height - 1 && input.y - scroll.bottom < 80, `bar and input under the log: ${JSON.stringify({ scroll, bar, input })}`);

  await type(page, "exit 3");
  assert.equal(await page.$('[data-test="terminal-bar"]'), null, "the session ended");
  const log = await page.textContent('[data-test="console-log"]');
  assert.match(log, /\$ kubectl exec -it box -- sh\n\/ # hostname\nbox\n/);
  assert.match(log, /\/ # exit 3\ncommand terminated with exit code 3\n/);

  // A line after the session is kubectl's again.
  await type(page, "get pod box");
  assert.match(await page.textContent('[data-test="console-log"]'), /\$ kubectl get pod box\nNAME\s+READY\s+STATUS/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("an image with no shell fails as the runtime does, and no session opens", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.click('[data-test="console-tab"]');
  await type(page, "kubectl run quiet --image=registry.k8s.io/pause:3.10");
  await waitFor(page, async () => (await page.getAttribute('[data-test="pod"][data-name="quiet"]', "data-status")) === "Running" || "not yet", "pause running");
  await type(page, "kubectl exec -it quiet -- sh");
  assert.equal(await page.$('[data-test="terminal-bar"]'), null);
  assert.match(
    await page.textContent('[data-test="console-log"]'),
    /OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in \$PATH: unknown\ncommand terminated with exit code 126/,
  );
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("kubectl run -it --rm attaches once the pod runs and deletes it after exit", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.click('[data-test="console-tab"]');
  await type(page, "kubectl run tmp -it --rm --image=busybox --restart=Never -- sh");
  assert.match(await page.textContent('[data-test="terminal-bar"]'), /tmp\/tmp/);
  await waitFor(page, async () => (await prompt(page)) === "/ # " || (await prompt(page)), "the shell's prompt once the pod runs");
  assert.match(await screen(page), /If you don't see a command prompt, try pressing enter\.\n$/);
  await type(page, "hostname");
  assert.match(await screen(page), /\/ # hostname\ntmp\n$/);
  await type(page, "exit");
  assert.equal(await page.$('[data-test="terminal-bar"]'), null, "the session ended");
  assert.match(await page.textContent('[data-test="console-log"]'), /\/ # exit\npod "tmp" deleted\n/);
  assert.deepEqual(errors, []);
  await ctx.close();
});
