#!/usr/bin/env python3
"""Post-processes Trunk's dist/ for the strict Content-Security-Policy and the first-load budget.

Trunk starts the app with an inline <script type="module">; the CSP in index.html allows no
inline script, so the loader moves into dist/boot.js (same directory, so its relative imports
still resolve under any sub-path) and index.html loads that file instead.

Trunk's own JS minifier gives up on wasm-bindgen's glue (`export default`), which then ships as
written: 55 KB, a quarter of it comments and whitespace. terser (npm, pinned in
package-lock.json) minifies the glue of the page and of the worker, and the page's integrity
hash for it is written again.
"""
import base64
import hashlib
import re
import subprocess
import sys
from pathlib import Path

dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
index = dist / "index.html"
html = index.read_text(encoding="utf-8")
# (a release build minifies index.html: type=module, unquoted)
inline = re.compile(r'<script type="?module"?>(.*?)</script>', re.S)
found = inline.findall(html)
if len(found) > 1:
    sys.exit(f"postbuild: expected one inline module script in {index}, found {len(found)}")
if found:
    (dist / "boot.js").write_text(found[0].strip() + "\n", encoding="utf-8")
    html = inline.sub('<script type="module" src="./boot.js"></script>', html)
    index.write_text(html, encoding="utf-8")
if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
    sys.exit("postbuild: an inline script is left in index.html; the CSP would block it")
print(f"postbuild: {index} loads ./boot.js")

terser = Path(__file__).resolve().parent.parent / "node_modules" / ".bin" / "terser"
if not terser.exists():
    sys.exit("postbuild: node_modules/.bin/terser is missing (scripts/setup.sh build installs it)")
glue = [p for p in dist.glob("*.js") if p.name not in ("boot.js", "worker_loader.js")]
for js in glue:
    before = js.stat().st_size
    subprocess.run([str(terser), str(js), "--module", "--compress", "--mangle", "-o", str(js)], check=True)
    digest = base64.b64encode(hashlib.sha384(js.read_bytes()).digest()).decode()
    # the integrity attribute of the element that names this file, if it has one
    html, n = re.subn(
        r'(<link[^>]*href="?\./' + re.escape(js.name) + r'"?[^>]*integrity="?)sha384-[A-Za-z0-9+/=]+',
        lambda m: m.group(1) + "sha384-" + digest,
        html,
    )
    print(f"postbuild: {js.name} minified, {before:,} to {js.stat().st_size:,} bytes" + (", integrity updated" if n else ""))
index.write_text(html, encoding="utf-8")
