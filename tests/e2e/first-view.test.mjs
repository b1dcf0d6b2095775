// The first view kept in index.html (scripts/prerender.mjs): drawn from the page and its
// style alone, inert, replaced by the live page once the wasm mounts, and shown only to a
// visit that would draw that same view.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { gzipped, start, waitFor } from "./serve.mjs";

// Measured at 28.4 KiB (index.html with both languages' views 19.2, the style 9.3) when
// the view was first kept. The issue's target is 250 KiB, its stretch 120; this budget
// fails when the kept view grows by more than a few KiB, so growth is a decision.
const FIRST_VIEW_BUDGET_KIB = 34;

let served, base, browser;

before(async () => {
  served = await start();
  ({ base, browser } = served);
});

after(async () => {
  await served?.close();
});


async function context(locale = "en-US") {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale });
  return { ctx, page: await ctx.newPage() };
}

test("the first view is drawn from index.html and the style alone, inert, and says it is not live", async () => {
  const { ctx, page } = await context();
  const fetched = [];
  // Neither the glue nor the wasm arrives: what is drawn is index.html's own.
  await page.route(/\.(js|wasm)$/, (route) => route.abort());
  page.on("response", (r) => fetched.push(decodeURIComponent(new URL(r.url()).pathname).replace(/^\//, "") || "index.html"));
  await page.goto(base);
  await page.waitForSelector("[data-first-view] svg.cluster");
  assert.equal(await page.evaluate(() => window.kubeplayFirstView.shown), "en");
  assert.match(await page.textContent("[data-first-view] svg.cluster"), /docker-desktop · Ready/);
  assert.match(await page.textContent("[data-first-view] .editor"), /name: spring-deployment/);
  assert.match(await page.textContent("[data-first-view] .tab-body"), /RegisteredNode/);
  // Nothing in it can be acted on, or found by the names tests and tools use.
  assert.equal(await page.locator("[data-first-view] [data-test]").count(), 0);
  assert.equal(await page.locator("[data-test]").count(), 0);
  assert.ok(await page.evaluate(() => [...document.querySelectorAll("body > div[data-first-view]:not(.first-view-note)")].every((e) => e.inert)));
  assert.ok(await page.evaluate(() => document.querySelector("[data-first-view] select").selectedOptions[0].textContent.includes("docker-desktop")));
  // The wasm never came: the note says so, and why.
  await waitFor(page, async () => /could not be loaded/.test(await page.textContent(".first-view-note")), "the failure note");

  const kinds = [...new Set(fetched.map((f) => path.extname(f)))].sort();
  assert.deepEqual(kinds, [".css", ".html"], JSON.stringify(fetched));
  const kib = fetched.reduce((sum, f) => sum + gzipped(f), 0) / 1024;
  console.log(`first view: ${fetched.map((f) => `${f} ${(gzipped(f) / 1024).toFixed(1)} KiB`).join(", ")}; total ${kib.toFixed(1)} KiB gzip -9`);
  assert.ok(kib <= FIRST_VIEW_BUDGET_KIB, `first view ${kib.toFixed(1)} KiB > budget ${FIRST_VIEW_BUDGET_KIB} KiB`);
  await ctx.close();
});

for (const locale of ["en-US", "ko-KR"]) test(`the live page takes the first view's place, drawn the same, with the same manifests, and works (${locale})`, async () => {
  const { ctx, page } = await context(locale);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // The drawing as the kept view shows it, and as the live page first draws it.
  await page.addInitScript(() => {
    const drawing = (svg) => svg && `${svg.getAttribute("viewBox")} ${svg.textContent}`;
    // The editor as drawn: its highlighted lines (the textarea over them shows no text).
    window.__shown = (editor) => {
      const copy = editor?.cloneNode(true);
      copy?.querySelectorAll("textarea").forEach((t) => t.remove());
      return copy?.textContent;
    };
    new MutationObserver((_, observer) => {
      window.__kept ??= drawing(document.querySelector("[data-first-view] svg.cluster"));
      window.__keptEditor ??= window.__shown(document.querySelector("[data-first-view] .editor"));
      if (document.querySelector('[data-test="node"]')) {
        window.__live = drawing(document.querySelector("svg.cluster"));
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(base);
  await page.waitForSelector('[data-test="node"]');
  assert.equal(await page.locator("[data-first-view]").count(), 0, "the kept view is gone once the live one is drawn");
  const [keptDrawing, liveDrawing] = await page.evaluate(() => [window.__kept, window.__live]);
  assert.ok(keptDrawing, "the kept view was shown");
  assert.equal(keptDrawing, liveDrawing, "nothing in the drawing moves when the live page takes over");
  const live = await page.textContent(".editor");
  const [keptEditor, liveEditor] = await page.evaluate(() => [window.__keptEditor, window.__shown(document.querySelector(".editor"))]);
  assert.ok(keptEditor, "the kept view had the editor");
  assert.equal(liveEditor, keptEditor);
  assert.match(live, /name: spring-deployment/);
  await page.click('[data-test="console-tab"]');
  await page.fill('[data-test="console-input"]', "kubectl get nodes");
  await page.press('[data-test="console-input"]', "Enter");
  assert.match(await page.textContent('[data-test="console-log"]'), /docker-desktop\s+Ready/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a visit that would draw something else is not shown the kept view", async () => {
  const { ctx, page } = await context();
  await page.goto(base);
  await page.waitForSelector('[data-test="node"]');
  // The same visit again (the page saved its manifests, preset and language): shown.
  await page.reload();
  await page.waitForSelector('[data-test="node"]');
  assert.equal(await page.evaluate(() => window.kubeplayFirstView.shown), "en");
  // Manifests of one's own, saved: the kept seed would be wrong.
  await page.evaluate(() => localStorage.setItem("kubeplay.text", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: mine\n"));
  await page.reload();
  await page.waitForSelector('[data-test="node"]');
  assert.equal(await page.evaluate(() => window.kubeplayFirstView.shown), null);
  assert.match(await page.textContent(".editor"), /name: mine/);
  // Another preset saved, or a share link in the hash: not shown either.
  await page.evaluate(() => {
    localStorage.removeItem("kubeplay.text");
    localStorage.setItem("kubeplay.preset", "kind");
  });
  await page.reload();
  await page.waitForSelector('[data-test="node"]');
  assert.equal(await page.evaluate(() => window.kubeplayFirstView.shown), null);
  // Anything else saved, even under a name the page does not use yet: not shown.
  await page.evaluate(() => {
    localStorage.removeItem("kubeplay.preset");
    localStorage.setItem("kubeplay.workers", "3");
  });
  await page.reload();
  await page.waitForSelector('[data-test="node"]');
  assert.equal(await page.evaluate(() => window.kubeplayFirstView.shown), null);
  await page.evaluate(() => {
    localStorage.removeItem("kubeplay.workers");
    localStorage.setItem("kubeplay.something-new", "x");
  });
  await page.reload();
  await page.waitForSelector('[data-test="node"]');
  assert.equal(await page.evaluate(() => window.kubeplayFirstView.shown), null);
  await page.evaluate(() => localStorage.clear());
  await page.goto(base + "#presenter");
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.kubeplayFirstView.shown), null);
  await ctx.close();

  // A browser in Korean is shown the Korean view.
  const ko = await context("ko-KR");
  await ko.page.route(/\.wasm$/, (route) => route.abort());
  await ko.page.goto(base);
  await ko.page.waitForSelector("[data-first-view] svg.cluster");
  assert.equal(await ko.page.evaluate(() => window.kubeplayFirstView.shown), "ko");
  assert.equal(await ko.page.evaluate(() => document.documentElement.lang), "ko");
  assert.match(await ko.page.textContent("[data-first-view] .tab-body"), /RegisteredNode/);
  assert.match(await ko.page.textContent("header"), /시뮬레이터/);
  await ko.ctx.close();
});
