#!/usr/bin/env python3
"""Adds or updates UI texts in src/Dalel.Core/Text/ui.json.

Usage: tools/add-texts.py [--replace] FILE, where FILE holds lines "key | English | Russian | Kazakh".
Keeps the file sorted so diffs stay small. A key that exists already is refused unless --replace is given
(adding a text once silently overwrote two others that shared its key).
"""
import json, sys, pathlib
path = pathlib.Path(__file__).resolve().parent.parent / "src/Dalel.Core/Text/ui.json"
texts = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
replace = "--replace" in sys.argv[1:]
source = [a for a in sys.argv[1:] if a != "--replace"][0]
clashes = []
for line in open(source, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    parts = [p.strip() for p in line.split(" | ")]
    if len(parts) != 4:
        sys.exit(f"need 4 parts: {line}")
    key, en, ru, kk = parts
    if key in texts and not replace and texts[key] != {"en": en, "ru": ru, "kk": kk}:
        clashes.append(key)
        continue
    texts[key] = {"en": en, "ru": ru, "kk": kk}
if clashes:
    sys.exit("already there (give --replace to change them): " + ", ".join(clashes))
path.write_text(json.dumps(dict(sorted(texts.items())), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"{len(texts)} texts")
