// Keeps the release page's first view in its index.html (see the comment in index.html):
// serves the built page, loads it once per language in headless Chromium with nothing
// saved, and in the frame that first paints the engine's drawing takes the page's DOM as
// it stands, writing it into index.html as a <template> the inline script shows before
// the wasm arrives. Usage: node scripts/prerender.mjs DIR (trunk's staging directory).
//
// The view is taken from the live page rather than rendered a second way, so it cannot
// drift from what the engine and the panels draw. It is made inert and loses its
// `data-test` names, so nothing (a user, a test) can act on it before the live page
// replaces it.
import fs from "node:fs";
import path from "node:path";
import { launchChromium, serveDir } from "./static-page.mjs";

const dir = path.resolve(process.argv[2] ?? "dist");
const index = path.join(dir, "index.html");

const html = fs.readFileSync(index, "utf8");
if (!html.includes("window.kubeplayFirstView")) throw new Error("prerender: index.html has no first-view script");
if (html.includes("<template data-first-view")) throw new Error("prerender: index.html already holds a first view");

const served = await serveDir(dir);
const browser = await launchChromium();

/// Runs in the page: when the first node is drawn, in the frame that paints it, serialises
/// the page into `window.__kept` ({ markup, saved }). `saved`: a hash of every value the
/// page had saved by then (localStorage, `kubeplay.` + key) but the language, which picks
/// the template; a visit that saved anything else is not shown this view.
function capture() {
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-test="node"]')) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      // What properties hold and the markup would lose: chosen options, ticks, typed text.
      for (const s of document.querySelectorAll("select")) for (const o of s.options) o.toggleAttribute("selected", o.selected);
      for (const i of document.querySelectorAll("input")) {
        if (i.type === "checkbox" || i.type === "radio") i.toggleAttribute("checked", i.checked);
        else i.setAttribute("value", i.value);
      }
      for (const t of document.querySelectorAll("textarea")) t.textContent = t.value;
      const body = document.body.cloneNode(true);
      for (const s of body.querySelectorAll("script, template")) s.remove();
      // Leptos's markers (empty comments) mean nothing to a view that is never hydrated.
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
      const comments = [];
      while (walker.nextNode()) comments.push(walker.currentNode);
      for (const c of comments) c.remove();
      for (const el of body.querySelectorAll("[data-test], [autofocus]")) {
        el.removeAttribute("data-test");
        el.removeAttribute("autofocus");
      }
      const saved = Object.fromEntries(
        Object.keys(localStorage)
          .filter((k) => k.startsWith("kubeplay.") && k !== "kubeplay.lang")
          .sort()
          .map((k) => [k, window.kubeplayFirstView.hash(localStorage.getItem(k))]),
      );
      window.__kept = { markup: body.innerHTML.trim(), saved };
    });
  }).observe(document, { childList: true, subtree: true });
}

const templates = [];
try {
  for (const [lang, locale] of [["en", "en-US"], ["ko", "ko-KR"]]) {
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale });
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // Taken in the frame that first paints the engine's drawing, which is what the live
    // page paints when it takes the kept view's place. The drawing's frame moves once
    // the stage learns its real size (its first poll, up to 250 ms later), so a capture
    // at some later moment would jump back at the swap.
    await page.addInitScript(capture);
    await page.goto(served.base);
    await page.waitForFunction(() => window.__kept, null, { timeout: 60000 });
    const taken = await page.evaluate(() => window.__kept);
    if (errors.length) throw new Error(`prerender: the page failed in ${lang}: ${errors.join("; ")}`);
    const attr = JSON.stringify(taken.saved).replaceAll("&", "&amp;").replaceAll("'", "&#39;");
    templates.push(`<template data-first-view="${lang}" data-saved='${attr}'>${taken.markup}</template>`);
    await ctx.close();
  }
} finally {
  await browser.close();
  await served.close();
}

const at = html.indexOf("<body>");
if (at < 0) throw new Error("prerender: index.html has no <body>");
const out = html.slice(0, at + 6) + "\n" + templates.join("\n") + html.slice(at + 6);
fs.writeFileSync(index, out);
console.log(`prerender: the first view kept in index.html (${templates.map((t) => `${(t.length / 1024).toFixed(1)} KB`).join(", ")})`);
