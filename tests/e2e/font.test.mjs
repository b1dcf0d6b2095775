// The Korean font subset (assets/fonts/noto-sans-kr-ui.woff2, made by scripts/korean-font.py):
// it holds every Hangul and CJK punctuation character the interface and the bundled Korean
// lessons use, read from the font's own cmap; the built page downloads it in Korean and
// never in English. The first test reads files only; the others run against dist/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { root, start, openPage, waitFor } from "./serve.mjs";

const FONT = path.join(root, "assets/fonts/noto-sans-kr-ui.woff2");
// The same texts and ranges as scripts/korean-font.py.
const NEEDED = /[\u1100-\u11ff\u3001-\u303f\u3130-\u318f\uac00-\ud7a3\uff00-\uffef]/gu;

function filesUnder(dir, ok) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, ok) : ok(p) ? [p] : [];
  });
}

function neededChars() {
  const files = [
    ...filesUnder(path.join(root, "src"), (p) => p.endsWith(".rs")),
    ...filesUnder(path.join(root, "examples/seed"), (p) => p.endsWith(".yaml")),
    ...filesUnder(path.join(root, "lessons/ko"), (p) => p.endsWith(".md")),
    ...filesUnder(path.join(root, "crates/engine/src/lesson"), (p) => p.endsWith(".rs") && path.dirname(p).endsWith("lesson")),
    path.join(root, "index.html"),
  ];
  const chars = new Map();
  for (const f of files) for (const c of fs.readFileSync(f, "utf8").match(NEEDED) ?? []) if (!chars.has(c)) chars.set(c, path.relative(root, f));
  return chars;
}

// WOFF2's variable-length integers.
function base128(buf, at) {
  let v = 0;
  for (let i = 0; i < 5; i++) {
    const b = buf[at.i++];
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) return v;
  }
  throw new Error("bad UIntBase128");
}

/// The code points a WOFF2 font maps to a glyph, from its cmap (format 4 or 12).
function woff2Cmap(file) {
  const buf = fs.readFileSync(file);
  assert.equal(buf.toString("latin1", 0, 4), "wOF2");
  const numTables = buf.readUInt16BE(12);
  const compressed = buf.readUInt32BE(20);
  const at = { i: 48 };
  const tables = [];
  for (let n = 0; n < numTables; n++) {
    const flags = buf[at.i++];
    const known = flags & 0x3f;
    let tag = known;
    if (known === 63) {
      tag = buf.toString("latin1", at.i, at.i + 4);
      at.i += 4;
    }
    const version = flags >> 6;
    const orig = base128(buf, at);
    // glyf (10) and loca (11) are transformed unless version 3; every other table only if not 0.
    const transformed = known === 10 || known === 11 ? version !== 3 : version !== 0;
    const length = transformed ? base128(buf, at) : orig;
    tables.push({ tag, length });
  }
  const data = zlib.brotliDecompressSync(buf.subarray(at.i, at.i + compressed));
  let offset = 0;
  let cmap;
  for (const t of tables) {
    if (t.tag === 0) cmap = data.subarray(offset, offset + t.length);
    offset += t.length;
  }
  assert.ok(cmap, "the font has a cmap");
  const covered = new Set();
  const records = cmap.readUInt16BE(2);
  for (let r = 0; r < records; r++) {
    const sub = cmap.subarray(cmap.readUInt32BE(4 + r * 8 + 4));
    const format = sub.readUInt16BE(0);
    if (format === 4) {
      const segs = sub.readUInt16BE(6) / 2;
      const ends = 14, starts = ends + segs * 2 + 2, deltas = starts + segs * 2, ranges = deltas + segs * 2;
      for (let s = 0; s < segs; s++) {
        const end = sub.readUInt16BE(ends + s * 2), start = sub.readUInt16BE(starts + s * 2);
        const delta = sub.readInt16BE(deltas + s * 2), range = sub.readUInt16BE(ranges + s * 2);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          let glyph;
          if (range === 0) glyph = (c + delta) & 0xffff;
          else {
            const g = sub.readUInt16BE(ranges + s * 2 + range + (c - start) * 2);
            glyph = g === 0 ? 0 : (g + delta) & 0xffff;
          }
          if (glyph !== 0) covered.add(c);
        }
      }
    } else if (format === 12) {
      const groups = sub.readUInt32BE(12);
      for (let g = 0; g < groups; g++) {
        const start = sub.readUInt32BE(16 + g * 12), end = sub.readUInt32BE(20 + g * 12);
        for (let c = start; c <= end; c++) covered.add(c);
      }
    }
  }
  return covered;
}

test("the Korean font subset has a glyph for every Korean character of the interface and the lessons", () => {
  const needed = neededChars();
  assert.ok(needed.size > 300, `${needed.size} characters found: the sources moved?`);
  const covered = woff2Cmap(FONT);
  const missing = [...needed].filter(([c]) => !covered.has(c.codePointAt(0))).map(([c, f]) => `${c} (${f})`);
  assert.deepEqual(missing, [], "run python3 scripts/korean-font.py");
  // And nothing else: a subset, not the whole font.
  assert.ok(covered.size < needed.size + 200, `${covered.size} code points for ${needed.size} needed`);
  assert.ok(fs.existsSync(path.join(root, "assets/fonts/OFL.txt")), "the font's licence beside it");
});

let served, base, browser;

before(async () => {
  if (!fs.existsSync(path.join(root, "dist/index.html"))) return;
  served = await start();
  ({ base, browser } = served);
});

after(async () => {
  await served?.close();
});

test("an English page never downloads the Korean font; switching to Korean does, and Hangul renders with it", { skip: !fs.existsSync(path.join(root, "dist/index.html")) && "no dist/" }, async () => {
  const { page, ctx, errors } = await openPage(browser, base, { locale: "en-US" });
  const fetched = [];
  page.on("request", (r) => {
    if (r.url().endsWith(".woff2")) fetched.push(r.url());
  });
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  assert.deepEqual(fetched, [], "no font in English");
  await page.click('[data-test="lang"]');
  await waitFor(page, async () => fetched.length > 0 || "not fetched", "the Korean font request");
  // Korean once the font is in (text laid out while it loads could stay boxes in Chrome).
  await waitFor(page, async () => (await page.evaluate(() => document.documentElement.lang)) === "ko" || "not yet ko", "lang ko");
  await waitFor(
    page,
    () => page.evaluate(async () => (await document.fonts.ready, [...document.fonts].some((f) => f.family.includes("Noto Sans KR UI") && f.status === "loaded")) || "not loaded"),
    "the font loaded",
  );
  assert.match(fetched[0], /fonts\/noto-sans-kr-ui\.woff2$/);
  // A Hangul word is drawn as wide as the font makes it, not as fallback boxes: measured with
  // the subset and with the page's font stack, the widths agree.
  const widths = await page.evaluate(() => {
    const c = document.createElement("canvas").getContext("2d");
    c.font = '20px "Noto Sans KR UI"';
    const sub = c.measureText("클러스터").width;
    c.font = `20px ${getComputedStyle(document.body).fontFamily}`;
    return [sub, c.measureText("클러스터").width];
  });
  assert.ok(Math.abs(widths[0] - widths[1]) < 0.5, `widths ${widths}`);
  await page.screenshot({ path: path.join(root, "tests/screenshots/room/font-ko.png") });
  assert.deepEqual(errors, []);
  await ctx.close();
});
