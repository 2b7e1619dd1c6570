#!/usr/bin/env python3
"""Checks that #include "shilu/<module>.h" lines follow the module dependency graph.

Dependencies run one way: core <- text <- romanize <- {names, dates, places, quantities}
<- annotate <- io <- {batch, dataset} <- tools. Sibling extractors never include each
other. Third-party headers stay in their module: ICU in text/, nlohmann in io/ (and tools/),
sqlite3 in dataset/, re2 in the extractors. Exit 1 with one line per violation.
"""
import os
import re
import sys

ALLOWED = {
    "core": set(),
    "text": {"core"},
    "romanize": {"core", "text"},
    "names": {"core", "text", "romanize"},
    "dates": {"core", "text", "romanize"},
    "places": {"core", "text", "romanize"},
    "quantities": {"core", "text"},
    "annotate": {"core", "text", "romanize", "names", "dates", "places", "quantities"},
    "io": {"core", "text", "annotate"},
    "batch": {"core", "text", "annotate", "io"},
    "dataset": {"core", "text", "annotate", "io", "batch", "places", "romanize"},
}
THIRD_PARTY = {  # header prefix -> modules allowed to include it
    "unicode/": {"text"},
    "nlohmann/": {"io", "dataset"},
    "sqlite3.h": {"dataset"},
    "re2/": {"names", "dates", "places", "quantities", "romanize"},
    "boost/": set(),
}

root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
inc = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
bad = []
for mod, allowed in ALLOWED.items():
    for dirpath, _, files in os.walk(os.path.join(root, "lib", mod)):
        for f in files:
            if not f.endswith((".h", ".cc")):
                continue
            p = os.path.join(dirpath, f)
            with open(p, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    m = inc.match(line)
                    if not m:
                        continue
                    h = m.group(1)
                    rel = os.path.relpath(p, root)
                    if h.startswith("shilu/"):
                        other = h[len("shilu/"):-2]
                        if other in ALLOWED and other != mod and other not in allowed:
                            bad.append(f"{rel}:{n}: module '{mod}' must not include {h}")
                        continue
                    for prefix, mods in THIRD_PARTY.items():
                        if h.startswith(prefix) and mod not in mods:
                            bad.append(f"{rel}:{n}: {h} belongs to module(s) {sorted(mods) or 'tools only'}, not '{mod}'")
                        if h.startswith(prefix) and "/include/" in p.replace(os.sep, "/"):
                            bad.append(f"{rel}:{n}: public header exposes third-party {h}")
for b in bad:
    print(b)
print(f"check_deps: {len(bad)} violation(s)")
sys.exit(1 if bad else 0)
