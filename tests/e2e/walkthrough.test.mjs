// The seed post's walkthrough as a Korean class sees it at 1280×720: the bundled lesson
// 01 in Korean, every step run (each question answered), a screenshot of each into
// tests/screenshots/room/ (git-ignored). Runs against the built page (dist/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { root, start, waitFor, openPage } from "./serve.mjs";

const shots = path.join(root, "tests/screenshots/room");
let served, base, browser;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  served = await start();
  ({ base, browser } = served);
});

after(async () => {
  await served?.close();
});

// The step titles of lessons/ko/01-seed.md, in order.
const TITLES = fs
  .readFileSync(path.join(root, "lessons/ko/01-seed.md"), "utf8")
  .split("\n")
  .filter((l) => l.startsWith("## "))
  .map((l) => l.slice(3).trim());

test("the seed walkthrough in Korean at 1280×720, every step run, a screenshot each", async () => {
  const { page, ctx, errors } = await openPage(browser, base, { width: 1280, height: 720, locale: "ko-KR", speed: null });
  await page.selectOption('[data-test="lesson-pick"]', "01-seed");
  await page.waitForSelector('[data-test="step-title"]');
  assert.ok(TITLES.length >= 5, `${TITLES.length} steps`);
  for (const [i, title] of TITLES.entries()) {
    assert.equal((await page.textContent('[data-test="step-title"]')).trim(), title);
    assert.match(await page.textContent('[data-test="step-count"]'), new RegExp(`${i + 1} / ${TITLES.length}`));
    if (await page.$('[data-test="choice"]')) {
      await page.click('[data-test="choice"]');
      await page.waitForSelector('[data-test="reveal"]');
    } else if (await page.$('[data-test="answer-input"]')) {
      await page.fill('[data-test="answer-input"]', "Running");
      await page.click('[data-test="answer"]');
      await page.waitForSelector('[data-test="reveal"]');
    } else {
      await page.click('[data-test="run-step"]');
      await page.waitForSelector('[data-test="transcript"]');
    }
    // Korean words on the page, not English ones.
    const verdict = await page.$('[data-test="verdict"]');
    if (verdict) assert.doesNotMatch(await verdict.textContent(), /Right|Not quite/);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(shots, `walkthrough-ko-${i + 1}-1280x720.png`) });
    if (i + 1 < TITLES.length) await page.click('[data-test="lesson-next"]');
  }
  // The last step leaves the post's Deployment healed: three pods Running.
  await waitFor(
    page,
    async () => (await page.$$eval('[data-test="pod"]', (els) => els.filter((e) => e.dataset.name.startsWith("spring-deployment") && e.dataset.status === "Running").length)) >= 3 || "not yet",
    "three Running pods",
    10000,
  );
  assert.deepEqual(errors, []);
  await ctx.close();
});
