// `kubectl edit` on the page: the live object opens in the editor pane (kubectl's header
// comment, the object as `get -o yaml` prints it), Save applies it back as kubectl edit
// does when its editor closes (the Deployment scales, `deployment.apps/web edited`), and
// the editor gets back the text it held; an invalid edit keeps the object open with the
// API server's error; Cancel closes it with kubectl's words for an unchanged edit. Runs
// against the built page (dist/).
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
const EDITOR = '[data-test="editor"]';
const log = (page) => page.textContent('[data-test="console-log"]');
const webPods = (page) => page.$$eval('[data-test="pod"]', (els) => els.map((e) => e.dataset.name).filter((n) => n.startsWith("web-")));

async function type(page, line) {
  await page.fill(INPUT, line);
  await page.press(INPUT, "Enter");
}

test("kubectl edit opens the live object in the editor; Save applies it, an error keeps it open, Cancel leaves it", async () => {
  const { page, ctx, errors } = await openPage(browser, base);
  await page.fill(EDITOR, MANIFEST);
  await page.click('[data-test="apply"]');
  await waitFor(page, async () => (await webPods(page)).length === 2 || (await webPods(page)), "two web pods");
  await page.click('[data-test="console-tab"]');

  await type(page, "kubectl edit deployment web");
  const opened = await page.inputValue(EDITOR);
  assert.match(opened, /^# Please edit the object below\. Lines beginning with a '#' will be ignored,/);
  assert.match(opened, /\nkind: Deployment\n/);
  assert.match(opened, /\n  replicas: 2\n/);
  assert.match(opened, /\n  resourceVersion: "\d+"\n/);
  assert.equal(await page.locator('[data-test="apply"]').count(), 0, "Save and Cancel stand in for Apply");

  // An invalid value: the API server's error, the object still open with the user's text.
  await page.fill(EDITOR, opened.replace("\n  replicas: 2\n", "\n  replicas: two\n"));
  await page.click('[data-test="edit-save"]');
  await waitFor(page, async () => /\$ kubectl edit deployment web\n[^$]*error/.test(await log(page)) || (await log(page)), "the edit's error");
  assert.match(await page.inputValue(EDITOR), /replicas: two/);
  assert.equal(await page.locator('[data-test="edit-save"]').count(), 1);

  // Fixed and saved: kubectl's line, the Deployment scaled, the editor's text back.
  await page.fill(EDITOR, opened.replace("\n  replicas: 2\n", "\n  replicas: 3\n"));
  await page.click('[data-test="edit-save"]');
  await waitFor(page, async () => (await log(page)).endsWith("$ kubectl edit deployment web\ndeployment.apps/web edited\n") || (await log(page)), "deployment.apps/web edited");
  assert.equal(await page.inputValue(EDITOR), MANIFEST);
  await waitFor(page, async () => (await webPods(page)).length === 3 || (await webPods(page)), "three web pods");

  // Opened again and closed unsaved.
  await type(page, "kubectl edit deploy/web");
  assert.match(await page.inputValue(EDITOR), /\n  replicas: 3\n/);
  await page.click('[data-test="edit-cancel"]');
  assert.ok((await log(page)).endsWith("$ kubectl edit deploy/web\nEdit cancelled, no changes made.\n"));
  assert.equal(await page.inputValue(EDITOR), MANIFEST);

  // A missing object is kubectl's NotFound, and nothing opens.
  await type(page, "kubectl edit deployment nope");
  assert.match(await log(page), /Error from server \(NotFound\): deployments\.apps "nope" not found\n$/);
  assert.equal(await page.locator('[data-test="edit-save"]').count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});
