// The classroom's second screen and its links, on the BUILT page: the presenter view (a
// second window of the page at #presenter, in the same browser context) shows the step's
// notes, which the projected window never shows, and its Next / Back / Run drive the
// projected lesson; a share link opens the lesson (bundled or pasted) at its step.
// Screenshots go to tests/screenshots/ (not committed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { root, start, openPage, waitFor } from "./serve.mjs";

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

async function text(page, sel) {
  return (await page.textContent(sel)).trim();
}

test("presenter view: notes only there, and its buttons and keys drive the projected lesson", async () => {
  const { page: shown, ctx, errors } = await openPage(browser, base, { speed: null });
  await shown.selectOption('[data-test="lesson-pick"]', "03-self-healing");
  await shown.waitForSelector('[data-test="step-title"]');
  assert.equal(await text(shown, '[data-test="step-count"]'), "Step 1 / 4");

  // The teacher's window: opened by the button (a popup of the same context).
  const [presenter] = await Promise.all([ctx.waitForEvent("page"), shown.click('[data-test="presenter-open"]')]);
  const presenterErrors = [];
  presenter.on("pageerror", (e) => presenterErrors.push(String(e)));
  assert.match(presenter.url(), /#presenter$/);
  await presenter.waitForSelector('[data-test="presenter-step"]');
  assert.equal(await text(presenter, '[data-test="presenter-step"]'), "A Deployment of three");
  assert.match(await text(presenter, '[data-test="presenter-notes"]'), /Before running: ask who has seen/);
  assert.equal(await text(presenter, '[data-test="presenter-next-step"]'), "Kill a pod");
  assert.match(await text(presenter, '[data-test="presenter-elapsed"]'), /^Elapsed \d+:\d\d$/);
  // The projected window never shows the notes.
  assert.equal(await shown.$('[data-test="presenter-notes"]'), null);
  assert.ok(!(await shown.textContent("body")).includes("ask who has seen"), "notes on the projected page");
  await presenter.screenshot({ path: path.join(shots, "presenter-view.png") });

  // Next in the presenter view moves the projected lesson, and the presenter follows.
  await presenter.click('[data-test="presenter-next"]');
  await waitFor(shown, async () => (await text(shown, '[data-test="step-count"]')) === "Step 2 / 4" || (await text(shown, '[data-test="step-count"]')), "the projected lesson at step 2");
  await waitFor(presenter, async () => (await text(presenter, '[data-test="presenter-step"]')) === "Kill a pod" || (await text(presenter, '[data-test="presenter-step"]')), "the presenter at step 2");
  assert.match(await text(presenter, '[data-test="presenter-notes"]'), /rewind \(R\)/);
  assert.ok(!(await shown.textContent("body")).includes("rewind (R) to just before"), "notes on the projected page");
  await shown.screenshot({ path: path.join(shots, "presenter-projected.png") });

  // Keys in the presenter view do the same.
  await presenter.keyboard.press("ArrowLeft");
  await waitFor(shown, async () => (await text(shown, '[data-test="step-count"]')) === "Step 1 / 4" || (await text(shown, '[data-test="step-count"]')), "back to step 1 by key");
  await waitFor(presenter, async () => (await text(presenter, '[data-test="presenter-step"]')) === "A Deployment of three", "the presenter back at step 1");

  // Run runs the projected step.
  await presenter.click('[data-test="presenter-run"]');
  await shown.waitForSelector('[data-test="transcript"]');
  assert.match(await text(shown, '[data-test="transcript"]'), /deployment.apps\/web created/);
  await waitFor(presenter, async () => (await text(presenter, '[data-test="presenter-run"]')) === "Re-run" || (await text(presenter, '[data-test="presenter-run"]')), "the presenter knows the step ran");

  // A step without notes says so.
  await presenter.click('[data-test="presenter-next"]');
  await presenter.click('[data-test="presenter-next"]');
  await waitFor(presenter, async () => (await text(presenter, '[data-test="presenter-notes"]')).includes("No notes for this step."), "no notes at step 3");
  assert.deepEqual(errors, []);
  assert.deepEqual(presenterErrors, []);
  await ctx.close();
});

test("a share link opens the lesson at its step, bundled or pasted", async () => {
  const first = await openPage(browser, base, { speed: null });
  let page = first.page;
  await page.selectOption('[data-test="lesson-pick"]', "03-self-healing");
  await page.waitForSelector('[data-test="step-title"]');
  await page.click('[data-test="run-step"]');
  await page.waitForSelector('[data-test="transcript"]');
  await page.click('[data-test="lesson-next"]');
  assert.equal(await text(page, '[data-test="step-count"]'), "Step 2 / 4");
  await page.click('[data-test="share"]');
  const url = page.url();
  assert.match(url, /#v1\.[A-Za-z0-9_-]+~lesson\.[A-Za-z0-9_-]+$/);
  const pods = await page.$$eval('[data-test="pod"]', (els) => els.map((e) => e.dataset.name).filter((n) => n.startsWith("web-")).sort());
  assert.equal(pods.length, 3, `${pods}`);
  await first.ctx.close();

  // A fresh browser: the lesson at step 2, on the cluster the link carried.
  const again = await openPage(browser, url, { speed: null });
  page = again.page;
  await page.waitForSelector('[data-test="step-title"]');
  assert.equal(await page.inputValue('[data-test="lesson-pick"]'), "03-self-healing");
  assert.equal(await text(page, '[data-test="step-count"]'), "Step 2 / 4");
  assert.equal(await text(page, '[data-test="step-title"]'), "Kill a pod");
  const podsAgain = await page.$$eval('[data-test="pod"]', (els) => els.map((e) => e.dataset.name).filter((n) => n.startsWith("web-")).sort());
  assert.deepEqual(podsAgain, pods, "the same pods, names included");
  // Its step runs on that cluster (step 1 ran there): a pod is killed and replaced.
  await page.click('[data-test="run-step"]');
  await page.waitForSelector('[data-test="reveal"]');
  assert.match(await text(page, '[data-test="transcript"]'), /kill pod/);
  assert.deepEqual(again.errors, []);
  await again.ctx.close();

  // A pasted lesson: a mistake names its line; a good one opens and travels in the link whole.
  const pasted = await openPage(browser, base, { speed: null });
  page = pasted.page;
  await page.selectOption('[data-test="lesson-pick"]', "pasted");
  await page.fill('[data-test="paste-lesson"]', "# Mine\n\n## One\n\n```question\nkind: essay\n```\n");
  await page.click('[data-test="paste-open"]');
  assert.match(await text(page, '[data-test="paste-error"]'), /^line 6: kind is choice/);
  const lesson = "# Mine\n\nMy own lesson.\n\n## First\n\nSay hello.\n\n## Second\n\nA pod.\n\n```kubeplay\nkubectl run hello --image=nginx:1.27\nsleep 20s\n```\n\n```notes\nOnly for me.\n```\n";
  await page.fill('[data-test="paste-lesson"]', lesson);
  await page.click('[data-test="paste-open"]');
  await page.waitForSelector('[data-test="step-title"]');
  assert.equal(await text(page, '[data-test="step-title"]'), "First");
  await page.click('[data-test="lesson-next"]');
  assert.equal(await text(page, '[data-test="step-title"]'), "Second");
  assert.ok(!(await page.textContent("body")).includes("Only for me."), "notes on the projected page");
  await page.click('[data-test="share"]');
  const pastedUrl = page.url();
  await pasted.ctx.close();
  const opened = await openPage(browser, pastedUrl, { speed: null });
  await opened.page.waitForSelector('[data-test="step-title"]');
  assert.equal(await opened.page.inputValue('[data-test="lesson-pick"]'), "pasted");
  assert.equal(await text(opened.page, '[data-test="step-title"]'), "Second");
  assert.equal(await text(opened.page, '[data-test="step-count"]'), "Step 2 / 2");
  await opened.page.click('[data-test="run-step"]');
  await opened.page.waitForSelector('[data-test="pod"][data-name="hello"]');
  assert.deepEqual(opened.errors, []);
  await opened.ctx.close();
});
