// The lesson panel of the BUILT page: open a bundled lesson, answer a question wrongly
// and then rightly (the verdict is the engine's answer after the step ran), move with
// the arrows, switch to projector mode and use its keys. Screenshots go to
// tests/screenshots/ (not committed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { root, start, openPage } from "./serve.mjs";

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

test("a lesson: a wrong answer, a right one, projector mode and its keys", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { speed: null });

  await page.selectOption('[data-test="lesson-pick"]', "02-pull-policy");
  await page.waitForSelector('[data-test="question"]');
  assert.equal(await text(page, '[data-test="step-count"]'), "Step 1 / 5");
  assert.match(await text(page, '[data-test="step-title"]'), /A policy nobody wrote/);

  // Wrong: the step runs, and the cluster's own answer is shown with the explanation.
  await page.click('[data-test="choice"]:has-text("Always")');
  await page.waitForSelector('[data-test="reveal"]');
  assert.equal(await text(page, '[data-test="verdict"]'), "Not quite.");
  assert.equal(await text(page, '[data-test="truth"]'), "IfNotPresent");
  assert.match(await text(page, '[data-test="transcript"]'), /pod\/tagged created/);
  await page.screenshot({ path: path.join(shots, "lesson-wrong.png") });

  // Away and back clears the step; answering again re-runs it on a rebuilt cluster.
  await page.click('[data-test="lesson-next"]');
  assert.equal(await text(page, '[data-test="step-count"]'), "Step 2 / 5");
  await page.click('[data-test="lesson-back"]');
  assert.equal(await page.$('[data-test="reveal"]'), null);
  await page.click('[data-test="choice"]:has-text("IfNotPresent")');
  await page.waitForSelector('[data-test="reveal"]');
  assert.equal(await text(page, '[data-test="verdict"]'), "Right!");
  await page.screenshot({ path: path.join(shots, "lesson-right.png") });

  // A typed answer: the STATUS word after the step's 20 seconds.
  await page.click('[data-test="lesson-next"]');
  await page.fill('[data-test="answer-input"]', "imagepullbackoff");
  await page.click('[data-test="answer"]');
  await page.waitForSelector('[data-test="reveal"]');
  assert.equal(await text(page, '[data-test="verdict"]'), "Right!");
  assert.equal(await text(page, '[data-test="truth"]'), "ImagePullBackOff");
  // The step points at the pod: it is selected in the drawing.
  await page.waitForSelector('[data-test="pod"][data-name="policy-always"].selected');

  // Projector mode: the editor goes, the lesson stays; the keys work.
  await page.check('[data-test="projector"]');
  assert.equal(await page.isVisible('[data-test="editor"]'), false);
  assert.equal(await page.isVisible('[data-test="lesson-panel"]'), true);
  await page.screenshot({ path: path.join(shots, "lesson-projector.png") });
  await page.click("h1"); // focus off the checkbox
  await page.keyboard.press("ArrowRight");
  assert.equal(await text(page, '[data-test="step-count"]'), "Step 3 / 5");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await text(page, '[data-test="step-count"]'), "Step 2 / 5");
  const playing = await text(page, '[data-test="play"]');
  await page.keyboard.press(" ");
  assert.notEqual(await text(page, '[data-test="play"]'), playing);
  await page.keyboard.press("k");
  await page.waitForFunction(() => document.querySelector('[data-test="last-command"]').textContent.includes("kill pod policy-always"));
  await page.screenshot({ path: path.join(shots, "lesson-projector-killed.png") });

  // Korean: the same step, in the other language.
  await page.click('[data-test="lang"]');
  assert.match(await text(page, '[data-test="step-title"]'), /Always 아래의 로컬 이미지/);
  assert.deepEqual(errors, []);
  await ctx.close();
});
