// The timeline under the clock, in the built page (dist/): kill a pod, rewind to just
// before the kill and see it drawn alive again by name, play forward and see it die again
// (and the same replacement come up: the engine is deterministic); step back, marks, R;
// a change while rewound discards the recorded future, and the share link made then
// replays to the cluster shown. Screenshots go to tests/screenshots/ (git-ignored).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
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

async function open() {
  return openPage(browser, base, { height: 1100 });
}

const pods = (page) => page.$$eval('[data-test="pod"]', (els) => els.map((e) => [e.dataset.name, e.dataset.status]));
const running = async (page) => (await pods(page)).filter(([, s]) => s === "Running").map(([n]) => n).sort();

async function setPlaying(page, on) {
  const label = (await page.textContent('[data-test="play"]')).trim();
  if ((label === "Pause") !== on) await page.click('[data-test="play"]');
}

async function threeRunning(page) {
  await waitFor(page, async () => ((await running(page)).length === 3 ? true : await pods(page)), "three Running pods");
}

test("rewind to before a kill: the killed pod is drawn alive again, and dies again when played", async () => {
  const { page, ctx, errors } = await open();
  await page.click('[data-test="apply"]');
  await threeRunning(page);
  const beforeKill = await running(page);
  const [victim] = beforeKill;
  await page.click(`[data-test="pod"][data-name="${victim}"]`);
  await page.click('[data-test="kill-pod"]');
  await waitFor(page, async () => {
    const r = await running(page);
    return r.length === 3 && !r.includes(victim) ? true : await pods(page);
  }, "a replacement pod");
  const after = await running(page);
  await setPlaying(page, false);
  const kills = await page.$$('[data-test="tick"][data-kind="kill"]');
  assert.equal(kills.length, 1, "one kill on the timeline");
  assert.match(await kills[0].getAttribute("title"), new RegExp(`delete pod ${victim}`));
  await kills[0].click();
  await waitFor(page, async () => ((await pods(page)).some(([n, s]) => n === victim && s === "Running") ? true : await pods(page)), `${victim} alive again`);
  assert.deepEqual(await running(page), beforeKill, "the pods of the moment before the kill");
  assert.match(await page.textContent('[data-test="timeline-where"]'), /Rewound/);
  await page.waitForSelector(`[data-test="pod"][data-name="${victim}"] [data-test="pod-name"]`);
  await page.screenshot({ path: path.join(shots, "timeline-rewound-before-kill.png"), fullPage: true });
  // Play forward: the recorded kill happens again, and the same replacement comes up.
  await setPlaying(page, true);
  await waitFor(page, async () => {
    const r = await running(page);
    return JSON.stringify(r) === JSON.stringify(after) ? true : await pods(page);
  }, "the same pods as before the rewind");
  assert.ok(!(await pods(page)).some(([n]) => n === victim), `${victim} is gone again`);
  await waitFor(page, async () => !/Rewound/.test(await page.textContent('[data-test="timeline-where"]')) || "still rewound", "the end of the recording");
  await page.screenshot({ path: path.join(shots, "timeline-played-again.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("step back, marks and R; a change while rewound discards the future and the link replays to it", async () => {
  const { page, ctx, errors } = await open();
  await page.click('[data-test="apply"]');
  await threeRunning(page);
  await setPlaying(page, false);
  await page.click('[data-test="mark"]');
  assert.equal((await page.$$('[data-test="mark-flag"]')).length, 1);
  await setPlaying(page, true);
  const [victim] = await running(page);
  await page.click(`[data-test="pod"][data-name="${victim}"]`);
  await page.click('[data-test="kill-pod"]');
  await page.waitForTimeout(500);
  await setPlaying(page, false);
  // One event back: the cluster shown is earlier, and the bar says so.
  await page.click('[data-test="step-back"]');
  await waitFor(page, async () => (/Rewound/.test(await page.textContent('[data-test="timeline-where"]')) ? true : "not rewound"), "a step back");
  // R: back to the mark, before the kill.
  await page.click('[data-test="cluster"]', { position: { x: 5, y: 5 } });
  await page.keyboard.press("r");
  await waitFor(page, async () => ((await pods(page)).some(([n, s]) => n === victim && s === "Running") ? true : await pods(page)), "the mark, before the kill");
  await page.screenshot({ path: path.join(shots, "timeline-mark.png"), fullPage: true });
  // A new change here: the recorded kill is gone from the timeline and from the link.
  await page.click('[data-test="console-tab"]');
  await page.fill('[data-test="console-input"]', "kubectl scale deployment spring-deployment --replicas=4");
  await page.press('[data-test="console-input"]', "Enter");
  await waitFor(page, async () => (!/Rewound/.test(await page.textContent('[data-test="timeline-where"]')) ? true : "still rewound"), "the new end");
  assert.equal((await page.$$('[data-test="tick"][data-kind="kill"]')).length, 0, "the discarded kill is not on the timeline");
  await page.click('[data-test="share"]');
  const code = page.url().split("#")[1];
  const raw = zlib.inflateRawSync(Buffer.from(code.slice(3), "base64url")).toString("utf8");
  const actions = JSON.parse(raw.split("\n")[3]);
  assert.ok(!actions.some((a) => a.a === "kubectl" && a.line.includes("delete pod")), JSON.stringify(actions));
  assert.ok(actions.some((a) => a.a === "kubectl" && a.line.includes("--replicas=4")), JSON.stringify(actions));
  // The link opened elsewhere shows the same pods, the victim among them.
  const shown = await running(page);
  const other = await browser.newContext({ viewport: { width: 1600, height: 1100 }, locale: "en-US" });
  const p2 = await other.newPage();
  await p2.goto(page.url());
  await p2.waitForSelector('[data-test="cluster"]');
  await waitFor(p2, async () => {
    const names = (await running(p2)).filter((n) => shown.includes(n));
    return names.length === shown.length ? true : await pods(p2);
  }, "the linked cluster's pods");
  assert.ok(shown.includes(victim));
  await other.close();
  assert.deepEqual(errors, []);
  await ctx.close();
});
