#!/usr/bin/env python3
"""Adds or updates UI texts in src/Dalel.Core/Text/ui.json.

Usage: tools/add-texts.py FILE, where FILE holds lines "key | English | Russian | Kazakh".
Keeps the file sorted so diffs stay small.
"""
import json, sys, pathlib
path = pathlib.Path(__file__).resolve().parent.parent / "src/Dalel.Core/Text/ui.json"
texts = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    parts = [p.strip() for p in line.split(" | ")]
    if len(parts) != 4:
        sys.exit(f"need 4 parts: {line}")
    key, en, ru, kk = parts
    texts[key] = {"en": en, "ru": ru, "kk": kk}
path.write_text(json.dumps(dict(sorted(texts.items())), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"{len(texts)} texts")
