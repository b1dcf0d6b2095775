#!/usr/bin/env python3
"""Regenerates the Korean web font: exactly the Hangul (and CJK punctuation) glyphs the
interface and the bundled Korean lessons use, from Noto Sans KR (SIL Open Font License),
so a machine without a Korean font still shows the Korean interface.

Run it after adding Korean text:  python3 scripts/korean-font.py
Needs npm (to fetch @fontsource/noto-sans-kr) and `pip install fonttools brotli`.
Writes assets/fonts/noto-sans-kr-ui.woff2, assets/fonts/noto-sans-kr-ui.chars.txt (the
characters it covers, read back from the font's own cmap) and assets/fonts/OFL.txt.
"""

import glob
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "assets", "fonts")
PACKAGE = "@fontsource/noto-sans-kr@5.3.0"

# Where Korean text the page shows lives: the interface, the examples (their labels and the
# seed's manifests, whose comments are Korean), the bundled lessons.
SOURCES = ["src/**/*.rs", "examples/seed/*.yaml", "lessons/ko/*.md", "crates/engine/src/lesson/*.rs", "index.html"]

# Hangul syllables, jamo and compatibility jamo; CJK symbols and punctuation; full-width forms.
NEEDED = re.compile("[\u1100-\u11ff\u3000-\u303f\u3130-\u318f\uac00-\ud7a3\uff00-\uffef]")


def needed_chars():
    chars = set()
    for pattern in SOURCES:
        for path in sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True)):
            with open(path, encoding="utf-8") as f:
                chars.update(NEEDED.findall(f.read()))
    # The ideographic space draws nothing; a font without it still shows the text.
    chars.discard("\u3000")
    return "".join(sorted(chars))


def fetch_package(tmp):
    subprocess.run(["npm", "pack", PACKAGE, "--silent", "--pack-destination", tmp], check=True, stdout=subprocess.DEVNULL)
    [tgz] = glob.glob(os.path.join(tmp, "*.tgz"))
    with tarfile.open(tgz) as t:
        t.extractall(tmp, filter="data")
    return os.path.join(tmp, "package")


def main():
    text = needed_chars()
    with tempfile.TemporaryDirectory() as tmp:
        package = fetch_package(tmp)
        # The package cuts the font into slices by Unicode range; subset each slice that
        # holds a needed character, then merge the pieces into one font.
        pieces = []
        for n, path in enumerate(sorted(glob.glob(os.path.join(package, "files", "noto-sans-kr-*-400-normal.woff2")))):
            font = TTFont(path)
            has = [c for c in text if ord(c) in font.getBestCmap()]
            if not has:
                continue
            options = subset.Options()
            options.flavor = None
            options.layout_features = []
            options.name_IDs = ["*"]
            options.notdef_outline = True
            sub = subset.Subsetter(options)
            sub.populate(text="".join(has))
            sub.subset(font)
            piece = os.path.join(tmp, f"piece-{n}.ttf")
            font.save(piece)
            pieces.append(piece)
        merged = Merger().merge(pieces) if len(pieces) > 1 else TTFont(pieces[0])
        os.makedirs(OUT, exist_ok=True)
        merged.flavor = "woff2"
        # The same texts give the same bytes: no save time in the font's head table.
        merged.recalcTimestamp = False
        released = TTFont(glob.glob(os.path.join(package, "files", "noto-sans-kr-0-400-normal.woff2"))[0])["head"]
        merged["head"].created = released.created
        merged["head"].modified = released.modified
        out = os.path.join(OUT, "noto-sans-kr-ui.woff2")
        merged.save(out)
        with open(os.path.join(package, "LICENSE"), encoding="utf-8") as src, open(os.path.join(OUT, "OFL.txt"), "w", encoding="utf-8") as dst:
            dst.write(src.read())
    covered = "".join(sorted(chr(c) for c in TTFont(out).getBestCmap() if NEEDED.match(chr(c))))
    missing = [c for c in text if c not in covered]
    with open(os.path.join(OUT, "noto-sans-kr-ui.chars.txt"), "w", encoding="utf-8") as f:
        f.write(covered + "\n")
    print(f"{out}: {len(covered)} characters, {os.path.getsize(out) / 1024:.1f} KiB")
    if missing:
        sys.exit(f"not in Noto Sans KR: {''.join(missing)}")


if __name__ == "__main__":
    main()
