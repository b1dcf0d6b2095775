// The page as a class sees it on a projector: at 1280×720 and 1920×1080, what is drawn
// is MEASURED on screen (text heights, the drawing's share of its panel, labels that
// meet, what scrolled away), and each state is saved to tests/screenshots/room/
// (git-ignored). Runs against the built page (dist/), as page.test.mjs does.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { root, start, waitFor, openPage } from "./serve.mjs";

const shots = path.join(root, "tests/screenshots/room");
const SCREENS = [
  [1280, 720],
  [1920, 1080],
];

let served, base, browser;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  served = await start();
  ({ base, browser } = served);
});

after(async () => {
  await served?.close();
});

async function open([width, height], locale = "en-US") {
  return openPage(browser, base, { width, height, locale });
}

async function running(page, n, prefix = "") {
  const statuses = () => page.$$eval('[data-test="pod"]', (els) => els.map((e) => [e.dataset.name, e.dataset.status]));
  await waitFor(page, async () => ((await statuses()).filter(([p, s]) => p.startsWith(prefix) && s === "Running").length >= n ? true : await statuses()), `${n} Running pods`);
  // The stage's size is polled: let the drawing settle on it.
  await page.waitForTimeout(700);
}

async function shot(page, name) {
  const { width, height } = page.viewportSize();
  await page.screenshot({ path: path.join(shots, `${name}-${width}x${height}.png`) });
}

// Everything measured at once, on screen, in CSS pixels.
function measure(page) {
  return page.evaluate(() => {
    const box = (e) => {
      const r = e.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height };
    };
    const stage = box(document.querySelector('[data-test="stage"]'));
    const content = box(document.querySelector('[data-test="content"]'));
    const ix = Math.max(0, Math.min(stage.x + stage.w, content.x + content.w) - Math.max(stage.x, content.x));
    const iy = Math.max(0, Math.min(stage.y + stage.h, content.y + content.h) - Math.max(stage.y, content.y));
    const names = [...document.querySelectorAll('[data-test="pod"]')].map((pod) => {
      const text = pod.querySelector('[data-test="pod-name"]');
      // The on-screen size of the glyphs: the font size through the drawing's scale, and
      // the height of each line's box.
      const px = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
      const lines = [...text.querySelectorAll("tspan")].map((t) => box(t).h);
      return { name: pod.dataset.name, text: text.textContent, px, line: Math.min(...lines) };
    });
    const labels = [...document.querySelectorAll("svg.cluster text.label")].map((e) => ({ text: e.textContent, ...box(e) }));
    const overlaps = [];
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const [a, b] = [labels[i], labels[j]];
        const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (w > 0.5 && h > 0.5) overlaps.push([a.text, b.text]);
      }
    }
    // In the viewport, and what is at its centre is the drawing (not a panel over it).
    const inView = stage.y >= 0 && stage.x >= 0 && stage.y + stage.h <= innerHeight && stage.x + stage.w <= innerWidth;
    const atCentre = document.elementFromPoint(stage.x + stage.w / 2, stage.y + stage.h / 2);
    const columns = [...document.querySelectorAll(".column, section, aside")].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.className);
    return {
      stage,
      coverage: (ix * iy) / (stage.w * stage.h),
      names,
      labels: labels.length,
      overlaps,
      visible: inView && !!atCentre && document.querySelector('[data-test="stage"]').contains(atCentre),
      overflow: document.scrollingElement.scrollWidth - innerWidth,
      wideColumns: columns,
    };
  });
}

function readable(m, what) {
  assert.ok(m.visible, `${what}: the drawing is on screen ${JSON.stringify(m.stage)}`);
  assert.ok(m.coverage >= 0.6, `${what}: the drawing covers ${(m.coverage * 100).toFixed(0)}% of its panel`);
  assert.deepEqual(m.overlaps, [], `${what}: labels overlap`);
  assert.ok(m.overflow <= 0, `${what}: the page is ${m.overflow}px wider than the window`);
  assert.deepEqual(m.wideColumns, [], `${what}: a panel overflows sideways`);
}

const SECOND = "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-frontend\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";

for (const screen of SCREENS) {
  const [w, h] = screen;

  test(`${w}×${h}: the seed's pods are named whole, large, and the drawing fills its panel`, async () => {
    const { page, ctx, errors } = await open(screen);
    await page.click('[data-test="apply"]');
    await running(page, 3);
    const m = await measure(page);
    console.log(`${w}×${h}: pod names ${m.names.map((n) => n.px.toFixed(1)).join(", ")} px (line boxes ${m.names.map((n) => n.line.toFixed(1)).join(", ")} px), drawing ${(m.coverage * 100).toFixed(0)}% of its panel ${Math.round(m.stage.w)}×${Math.round(m.stage.h)}`);
    assert.equal(m.names.length, 3);
    for (const n of m.names) {
      assert.equal(n.text, n.name, "the whole name is drawn");
      assert.ok(n.px >= 14 && n.line >= 14, `${n.name}: ${n.px}px glyphs, ${n.line}px lines`);
    }
    readable(m, "the seed");
    // The examples picker stays inside its panel.
    const right = (selector) => page.$eval(selector, (e) => e.getBoundingClientRect().right);
    const [picker, panel] = [await right('[data-test="examples"]'), await right(".editor-panel")];
    assert.ok(picker <= panel, `the examples picker ends at ${picker}, its panel at ${panel}`);
    await shot(page, "seed");
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test(`${w}×${h}: two Deployments side by side: no label meets another, outlines are not red`, async () => {
    const { page, ctx, errors } = await open(screen);
    const seed = await page.inputValue('[data-test="editor"]');
    await page.fill('[data-test="editor"]', seed + "\n" + SECOND);
    await page.click('[data-test="apply"]');
    await running(page, 5);
    assert.equal(await page.$$eval('[data-test="deployment"]', (e) => e.length), 2);
    const m = await measure(page);
    for (const n of m.names) assert.equal(n.text, n.name);
    assert.ok(m.names.every((n) => n.px >= 14), JSON.stringify(m.names));
    readable(m, "two Deployments");
    // A healthy Deployment's outline is no red: the red channel never dominates.
    const strokes = await page.$$eval('[data-test="deployment"] rect, [data-test="pod"].owned rect', (els) => els.map((e) => getComputedStyle(e).stroke));
    for (const s of strokes) {
      const [r, g, b] = s.match(/\d+/g).map(Number);
      assert.ok(!(r > 140 && r > 1.6 * g && r > 1.6 * b), `outline ${s} reads as an error`);
    }
    await shot(page, "two-deployments");
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test(`${w}×${h}: a StatefulSet, a DaemonSet, a Job and a CronJob: their boxes and lines meet no label`, async () => {
    const { page, ctx, errors } = await open(screen);
    for (const example of ["statefulset", "daemonset", "job", "cronjob"]) {
      await page.selectOption('[data-test="examples"]', example);
      await page.click('[data-test="apply"]');
    }
    await running(page, 3, "web-");
    const boxes = () => page.$$eval('[data-test="cronjob"] [data-test="row"]', (els) => els.length);
    await waitFor(page, async () => ((await boxes()) >= 4 ? true : await boxes()), "two of the CronJob's Jobs listed");
    await page.waitForTimeout(700);
    const m = await measure(page);
    for (const kind of ["statefulset", "daemonset", "job", "cronjob"]) {
      assert.equal(await page.$$eval(`[data-test="${kind}"]`, (e) => e.length), 1, kind);
    }
    // The lines in the boxes are as large on screen as the pods' names.
    const rows = await page.$$eval('svg.cluster [data-test="row"]', (els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a));
    console.log(`${w}×${h}: workloads: pod names ${Math.min(...m.names.map((n) => n.px)).toFixed(1)} px, box lines ${Math.min(...rows).toFixed(1)} px, ${m.labels} labels`);
    // Twelve pods and five boxes on a 1280×720 screen's middle column come out smaller
    // than the seed's three pods; folding the side columns and the events gives them
    // the room.
    const least = w >= 1920 ? 14 : 9.5;
    assert.ok(m.names.every((n) => n.px >= least), JSON.stringify(m.names.map((n) => [n.name, n.px])));
    assert.ok(rows.every((px) => px >= least - 2), `box lines ${rows}`);
    readable(m, "workloads");
    await shot(page, "workloads");
    await page.click('[data-test="fold-left"]');
    await page.click('[data-test="fold-right"]');
    await page.click('[data-test="fold-bottom"]');
    await page.waitForTimeout(700);
    const folded = await measure(page);
    const foldedRows = await page.$$eval('svg.cluster [data-test="row"]', (els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a));
    console.log(`${w}×${h}: workloads, columns folded: pod names ${Math.min(...folded.names.map((n) => n.px)).toFixed(1)} px, box lines ${Math.min(...foldedRows).toFixed(1)} px`);
    // Thirteen pods (a CronJob's fourth Job may be running) measure 13.2 px at 1280×720.
    assert.ok(folded.names.every((n) => n.px >= (w >= 1920 ? 18 : 13)), JSON.stringify(folded.names.map((n) => [n.name, n.px])));
    readable(folded, "workloads, columns folded");
    await shot(page, "workloads-folded");
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test(`${w}×${h}: the drawing stays on screen while the pull lab, docker build or autoscaling is open`, async () => {
    const { page, ctx, errors } = await open(screen);
    await page.click('[data-test="apply"]');
    await running(page, 3);
    await page.click('[data-test="lab-without"]');
    await waitFor(page, async () => (await page.$$('[data-test="pod"][data-name="policy-never"]')).length === 1, "the lab's pods");
    await page.waitForTimeout(700);
    const lab = await measure(page);
    console.log(`${w}×${h}: the pull lab's pod names ${Math.min(...lab.names.map((n) => n.px)).toFixed(1)} px`);
    readable(lab, "pull lab");
    await shot(page, "pull-lab");
    await page.click(".docker summary");
    await page.click('[data-test="build"]');
    await page.waitForSelector('[data-test="build-out"]:not(:empty)');
    assert.ok(await page.isVisible('[data-test="build-out"]'));
    readable(await measure(page), "docker build");
    await shot(page, "docker-build");
    await page.click('[data-test="hpa-setup"]');
    await page.waitForSelector('[data-test="hpa"]');
    await running(page, 1, "php-apache");
    assert.ok(await page.isVisible('[data-test="load-dial"]'));
    readable(await measure(page), "autoscaling");
    await shot(page, "autoscaling");
    // Folding both side columns gives the drawing the width; Fit and zoom still work.
    const before = (await measure(page)).stage;
    await page.click('[data-test="fold-left"]');
    await page.click('[data-test="fold-right"]');
    await page.waitForTimeout(700);
    const folded = await measure(page);
    assert.ok(folded.stage.w > before.w + 400, `folded: ${folded.stage.w} vs ${before.w}`);
    readable(folded, "columns folded");
    await shot(page, "folded");
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

test("1280×720 in Korean: the legend names every colour and glyph", async () => {
  const { page, ctx, errors } = await open(SCREENS[0], "ko-KR");
  assert.equal(await page.textContent('[data-test="legend"] summary'), "범례");
  const looks = await page.$$eval('[data-test="legend-look"]', (els) => els.map((e) => [e.dataset.look, e.querySelector(".glyph").textContent, e.textContent]));
  assert.equal(looks.length, 9);
  assert.equal(new Set(looks.map(([, g]) => g)).size, 9, "a glyph per look");
  assert.ok(looks.some(([look, , t]) => look === "running" && t.includes("실행 중")), JSON.stringify(looks));
  const legend = await page.textContent('[data-test="legend"]');
  for (const words of ["선택됨", "준비된 파드", "준비 안 된 파드", "디플로이먼트"]) assert.ok(legend.includes(words), words);
  await page.click('[data-test="apply"]');
  await running(page, 3);
  readable(await measure(page), "Korean");
  await shot(page, "korean");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("1280×720: zoom, wheel and drag move the drawing, a drag selects nothing, Fit brings it back, a click selects", async () => {
  const { page, ctx, errors } = await open(SCREENS[0]);
  await page.click('[data-test="apply"]');
  await running(page, 3);
  const pod = '[data-test="pod"] rect';
  const width = async () => (await page.$eval(pod, (e) => e.getBoundingClientRect().width));
  const fitted = await width();
  await page.click('[data-test="zoom-in"]');
  await page.click('[data-test="zoom-in"]');
  assert.ok((await width()) > fitted * 1.8, "zoomed in");
  const stage = await page.$eval('[data-test="stage"]', (e) => e.getBoundingClientRect().toJSON());
  const x0 = await page.$eval(pod, (e) => e.getBoundingClientRect().left);
  await page.mouse.move(stage.left + stage.width / 2, stage.top + stage.height / 2);
  await page.mouse.down();
  await page.mouse.move(stage.left + stage.width / 2 + 120, stage.top + stage.height / 2, { steps: 6 });
  await page.mouse.up();
  const x1 = await page.$eval(pod, (e) => e.getBoundingClientRect().left);
  assert.ok(Math.abs(x1 - x0 - 120) < 4, `dragged ${x1 - x0}px`);
  assert.match(await page.textContent(".side-panel"), /Click a pod/, "the drag selected nothing");
  await shot(page, "zoomed");
  await page.click('[data-test="fit"]');
  assert.ok(Math.abs((await width()) - fitted) < 1, "fit again");
  // The wheel zooms about the pointer.
  await page.mouse.move(stage.left + stage.width / 2, stage.top + stage.height / 2);
  await page.mouse.wheel(0, -200);
  await waitFor(page, async () => ((await width()) > fitted * 1.1 ? true : await width()), "the wheel zooming in", 3000);
  assert.ok(await page.isEnabled('[data-test="fit"]'));
  // A click (no drag) selects, drawn with the legend's thick black outline.
  const name = await page.$eval('[data-test="pod"]', (e) => e.dataset.name);
  await page.click('[data-test="fit"]');
  await page.click(`[data-test="pod"][data-name="${name}"]`);
  await waitFor(page, async () => (await page.$eval(`[data-test="pod"][data-name="${name}"]`, (e) => e.classList.contains("selected"))) || "not selected", "the pod selected", 3000);
  const [stroke, widthPx] = await page.$eval(`[data-test="pod"][data-name="${name}"] rect`, (e) => [getComputedStyle(e).stroke, parseFloat(getComputedStyle(e).strokeWidth)]);
  assert.equal(stroke, "rgb(0, 0, 0)");
  assert.ok(widthPx >= 4, `${widthPx}`);
  assert.match(await page.textContent(".side-panel"), new RegExp(`Name:\\s+${name}`));
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("1280×720: a larger cluster (kind, 4 workers, 40 pods, a pending one) keeps its labels apart", async () => {
  const { page, ctx, errors } = await open(SCREENS[0]);
  await page.selectOption('[data-test="preset"]', "kind");
  await page.fill('[data-test="workers"]', "4");
  await page.press('[data-test="workers"]', "Tab");
  await page.selectOption('[data-test="speed"]', "100");
  const many = SECOND.replace("web-frontend", "a-deployment-with-a-rather-long-name").replace("replicas: 2", "replicas: 40");
  const pending = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: waits-for-a-node\nspec:\n  nodeSelector:\n    disk: none-has-it\n  containers:\n  - name: app\n    image: nginx:1.27\n";
  await page.fill('[data-test="editor"]', many + pending);
  await page.click('[data-test="apply"]');
  await running(page, 40);
  const m = await measure(page);
  assert.equal(m.names.length, 41);
  for (const n of m.names) assert.equal(n.text, n.name);
  assert.deepEqual(m.overlaps, []);
  assert.ok(m.overflow <= 0);
  await shot(page, "larger-cluster");
  // Zoomed in, the names grow; Fit shows all again.
  await page.click('[data-test="zoom-in"]');
  await page.click('[data-test="zoom-in"]');
  const zoomed = await measure(page);
  assert.ok(zoomed.names[0].px > m.names[0].px * 1.9, `${zoomed.names[0].px} vs ${m.names[0].px}`);
  await shot(page, "larger-cluster-zoomed");
  console.log(`larger cluster at 1280×720: names ${m.names[0].px.toFixed(1)} px fitted, ${zoomed.names[0].px.toFixed(1)} px zoomed twice`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("1024×768, one column: nothing is wider than the window", async () => {
  const { page, ctx, errors } = await open([1024, 768]);
  await page.click('[data-test="apply"]');
  await running(page, 3);
  const m = await measure(page);
  assert.ok(m.overflow <= 0, `${m.overflow}px too wide`);
  assert.deepEqual(m.wideColumns, []);
  assert.deepEqual(m.overlaps, []);
  await shot(page, "one-column");
  assert.deepEqual(errors, []);
  await ctx.close();
});
