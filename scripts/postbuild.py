#!/usr/bin/env python3
"""Post-processes Trunk's dist/ for the strict Content-Security-Policy and the first-load budget.

Trunk starts the app with an inline <script type="module">; the CSP in index.html allows no
inline script, so the loader moves into dist/boot.js (same directory, so its relative imports
still resolve under any sub-path) and index.html loads that file instead.

Trunk's own JS minifier gives up on wasm-bindgen's glue (`export default`), which then ships as
written: 55 KB, a quarter of it comments and whitespace. terser (npm, pinned in
package-lock.json) minifies the glue of the page and of the worker, and the page's integrity
hash for it is written again.

The service worker (public/sw.js) gets this build's file list and a version made from their
contents, and boot.js registers it once the app has started: after a first load the site opens
and imports with no network.
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
glue = [p for p in dist.glob("*.js") if p.name not in ("boot.js", "worker_loader.js", "sw.js")]
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

# the service worker: this build's files (the scope's own URL first, for navigations), and a
# version that changes whenever any of them does, so a new build replaces the old copy
sw = dist / "sw.js"
if not sw.exists():
    sys.exit("postbuild: dist/sw.js is missing (index.html copies public/sw.js)")
files = sorted(p.name for p in dist.iterdir() if p.is_file() and p.name != "sw.js")
version = hashlib.sha256()
for name in files:
    version.update(name.encode() + b"\0" + (dist / name).read_bytes())
text = sw.read_text(encoding="utf-8")
if "__VERSION__" not in text or "__FILES__" not in text:
    sys.exit("postbuild: public/sw.js lacks its __VERSION__ or __FILES__ placeholder")
listed = "[" + ",".join(f"'./{n}'" for n in ["", *files]) + "]"
sw.write_text(text.replace("__VERSION__", version.hexdigest()[:16]).replace("__FILES__", listed), encoding="utf-8")
subprocess.run([str(terser), str(sw), "--compress", "--mangle", "-o", str(sw)], check=True)
boot = dist / "boot.js"
register = "if('serviceWorker'in navigator)navigator.serviceWorker.register('./sw.js').catch(e=>console.warn('Persona Studio will not open offline:',e));\n"
boot_text = boot.read_text(encoding="utf-8")
if register not in boot_text:
    boot.write_text(boot_text + register, encoding="utf-8")
print(f"postbuild: sw.js keeps {len(files) + 1} files for offline use, {sw.stat().st_size:,} bytes")
