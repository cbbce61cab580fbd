#!/usr/bin/env python3
"""Post-processes Trunk's dist/ for the strict Content-Security-Policy.

Trunk starts the app with an inline <script type="module">; the CSP in index.html allows no
inline script, so the loader moves into dist/boot.js (same directory, so its relative imports
still resolve under any sub-path) and index.html loads that file instead.
"""
import re
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
