#!/usr/bin/env python3
"""Rebuilds the demo submission (src/Dalel.Core/Demo/Data/submission.json) from the reference joint submission.

Usage: tools/demo-submission.py ../shared/reference/000_a2355010b203072c.txt tools/demo-register.json

The reference's sections, sub-headings, paragraphs, footnotes, attributions and recommendations are kept; the
organisations whose figures come from cases are replaced by the demo organisations, and the paragraphs with those
figures get live statistics (see OVERRIDES). Paragraph numbers are dropped: Dalel numbers paragraphs itself.
"""
import json, re, sys

NAMES = {"ALMA-TQ Transgender Initiative": "Qadam Trans Initiative", "ALMA-TQ": "Qadam Trans Initiative", "Alma-TQ": "Qadam Trans Initiative", "ECOM": "Saule Health and Rights Centre",
         "Education Community": "Bilim Education Community"}
MEMBERS = {"Qadam Trans Initiative": "trans", "Saule Health and Rights Centre": "health", "Bilim Education Community": "education"}

def demo_names(text):
    for real, demo in NAMES.items():
        text = re.sub(r"(?<![\w-])" + re.escape(real) + r"(?![\w-])", demo, text)
    return text

def footnote(raw):
    raw = " ".join(raw.split())
    url = None
    m = re.search(r"\s*(?:URL:\s*)?(https?://\S+)\s*$", raw)
    if m:
        url = m.group(1)
        raw = raw[:m.start()].rstrip(" .")
    note = {"text": demo_names(raw)}
    if url:
        note["url"] = url
    s = re.search(r"\((CCPR/C/KAZ/[A-Z0-9/.]+)\),?\s*paras?\s*([0-9][0-9\-– ()a-z]*?)\s*(?:,|$)", raw)
    if s:
        symbol, paras = s.group(1), s.group(2).strip()
        # The reference cites the State's replies under the symbol of the list of issues; the replies are CCPR/C/KAZ/3.
        if raw.startswith("Replies to the list of issues") and symbol == "CCPR/C/KAZ/QPR/3":
            symbol = "CCPR/C/KAZ/3"
            note["text"] = note["text"].replace("(CCPR/C/KAZ/QPR/3)", "(CCPR/C/KAZ/3)")
        note["symbol"], note["paragraphs"] = symbol, paras.replace(" (", " (").replace("-", "–")
    return note

def paragraph(raw, heading):
    defs = {}
    def take(m):
        defs[m.group(1)] = m.group(2)
        return ""
    text = re.sub(r"\[(\d+):\s+(.*?)\s*\](?=\s*(\[\d+:|$))", take, raw)
    order = []
    def ref(m):
        order.append(m.group(1))
        return f"[^{len(order)}]"
    text = re.sub(r"\s*\[footnoteRef:(\d+)\]", ref, text)
    p = {"text": demo_names(" ".join(text.split()))}
    if heading:
        p["heading"] = heading
    if order:
        p["footnotes"] = [footnote(defs[n]) for n in order]
    return p

def attribution(p, line):
    names = [demo_names(n.strip()) for n in line.split(",")]
    members = [MEMBERS[n] for n in names if n in MEMBERS]
    others = [n for n in names if n not in MEMBERS]
    if members:
        p["attribution"] = members[0]
        others += [n for n in names if n in MEMBERS][1:]
    if others:
        p["attributionNames"] = ", ".join(others)

def parse(path):
    sections, current, pending, mode = [], None, None, "text"
    last = None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        b = re.match(r"\[bookmark: [^\]]*\](.*)", line)
        if b or line == "INTRODUCTION":
            title = (b.group(1) if b else line).strip()
            if not title:
                continue
            sec = re.match(r"(.*?)\s*\((ARTS?\.|arts?\.)\s*([^)]*)\)$", title)
            if sec or title == "INTRODUCTION":
                name = (sec.group(1) if sec else title)
                articles = sec.group(3).replace(" AND ", ", ").replace(" and ", ", ").replace("–", "-") if sec else ""
                if "-" in articles:  # 19-21 -> 19, 20, 21
                    parts = []
                    for a in articles.split(","):
                        a = a.strip()
                        if "-" in a:
                            lo, hi = a.split("-")
                            parts += [str(i) for i in range(int(lo), int(hi) + 1)]
                        elif a:
                            parts.append(a)
                    articles = ", ".join(parts)
                current = {"title": name.strip().capitalize(), "articles": ", ".join(a.strip() for a in articles.split(",") if a.strip()), "paragraphs": [], "recommendations": []}
                sections.append(current)
                mode, pending, last = "text", None, None
            elif title.startswith("Recommendations for"):
                mode, last = "recommendations", None
            else:
                pending, mode = title, "text"
            continue
        m = re.match(r"^(\d+)\.\s+(.*)$", line)
        if m:
            if mode == "recommendations":
                last = {"text": m.group(2), "rec": True}
                current["recommendations"].append(last)
            else:
                last = {"raw": m.group(2), "heading": pending}
                pending = None
                current["paragraphs"].append(last)
            continue
        if last is None:
            continue
        body = last.get("raw", last.get("text", ""))
        plain = re.sub(r"\[\d+:.*", "", body).strip()
        ends = plain.endswith((".", "”", "\"", ":", ";")) or re.search(r"\[footnoteRef:\d+\]$", plain)
        open_note = body.count("[") > body.count("]")
        if open_note or (not ends and not re.match(r"^[A-Z][\w .,+-]{0,60}$", line)) or line[0].islower():
            key = "raw" if "raw" in last else "text"
            last[key] = body + " " + line
        else:
            if "raw" in last:
                last.setdefault("attributions", []).append(line)
            else:
                current["recommendations"].append({"text": line})  # not expected
    out = []
    for s in sections:
        paragraphs = []
        for p in s["paragraphs"]:
            built = paragraph(p["raw"], p["heading"])
            for a in p.get("attributions", []):
                attribution(built, a)
            paragraphs.append(built)
        out.append({"title": s["title"], "articles": s["articles"], "paragraphs": paragraphs,
                    "recommendations": [demo_names(" ".join(r["text"].split())) for r in s["recommendations"]]})
    return out

def find(sections, prefix):
    for s in sections:
        for i, p in enumerate(s["paragraphs"]):
            if p["text"].startswith(prefix):
                return s, i
    raise SystemExit(f"no paragraph starts with {prefix!r}")

def stat(scope, rows, row, **filters):
    return {"scope": scope, "rows": rows, "row": row, "filters": filters}

# Paragraphs whose figures come from the demo cases, through live statistics ("@key" is a demo organisation's id).
def overrides(sections):
    s, i = find(sections, "The lack of civil or administrative penalties")
    p = s["paragraphs"][i]
    p["text"] = ("The lack of civil or administrative penalties and the absence of a comprehensive anti-discrimination law lead to "
                 "discrimination cases being rarely investigated. Thus, in the period 2018–2022, no criminal cases were brought under "
                 "Article 145 of the Criminal Code. In 2022 Human Rights Commissioner received 1 complaint on the grounds of sexual "
                 "orientation and gender identity.[^1] In the same year, the organisations of this coalition documented cases of "
                 "discrimination and violence based on SOGIESC:[^2] {statistic}")
    p["footnotes"] = [p["footnotes"][0], {"text": "Case databases of the submitting organisations, 2022: cases whose victims consented to anonymous statistics"}]
    p["statistic"] = stat("coalition", "organisation", None, year="2022")

    s, i = find(sections, "In addition to legislative reform")
    p = s["paragraphs"][i]
    p["text"] = p["text"].replace("According to documented cases of violence and discrimination against transgender people in 2023, about 30% of the offenses were committed by police officers.",
                                  "Among the documented cases of violence and discrimination against transgender people in 2023, police officers were often the offenders: {statistic}")
    p["statistic"] = stat("organisation", "perpetrator", "police", year="2023")

    s, i = find(sections, "Since January 2025")
    p = s["paragraphs"][i]
    p["text"] = p["text"].replace("has recorded six cases of refusal to change the documents of transgender people by district departments of the State Registration Service.",
                                  "has recorded refusals to change the documents of transgender people by district departments of the State Registration Service: {statistic}")
    p["statistic"] = stat("organisation", "violation", "legal_gender_recognition_refused", year="2025")
    s["paragraphs"].insert(i + 1, {"story": "legal_gender_recognition_refused", "text":
        "A trans woman applied to the district department of the State Registration Service to change the gender marker in her "
        "identity documents, with the decision of the medical commission. The official refused to accept the application and told "
        "her to bring photographs proving genital surgery. When she asked for the refusal in writing, she was told to leave.",
        "attribution": "trans"})

    s, i = find(sections, "At the same time, data provided by NGOs")
    p = s["paragraphs"][i]
    notes = p["footnotes"]
    p["text"] = ("At the same time, data provided by NGOs highlights the urgent need for specific protective measures. According to "
                 "the cases Bilim Education Community shared with the coalition,[^1] police officers are among the most frequent "
                 "offenders: {statistic} Saule Health and Rights Centre also identifies police as perpetrators in a large share of cases.[^2]")
    p["statistic"] = stat("coalition", "perpetrator", "police", organisation="@education", year="2024")
    s["paragraphs"].insert(i + 1, {"text": "The situation is even more alarming for transgender people. According to Qadam Trans Initiative, "
        "half of all reported cases involved police violence, abuse of authority, discrimination or blackmail: {statistic}",
        "statistic": stat("organisation", "perpetrator", "police", year="2024"), "attribution": "trans"})
    p["footnotes"] = notes

    s, i = find(sections, "In 2024, “fake dating” was the most frequently reported")
    p = s["paragraphs"][i]
    p["text"] = p["text"].replace("documented by Saule Health and Rights Centre.", "documented by Saule Health and Rights Centre: {statistic}")
    p["statistic"] = stat("coalition", "violation", "fake_dating", organisation="@health", year="2024")

    for s in sections:
        s["recommendations"] = [r for r in s["recommendations"] if r != "Glotion, REQUEST"]
        s["title"] = {"Non discrimination": "Non-discrimination"}.get(s["title"], s["title"])

sections = parse(sys.argv[1])
overrides(sections)
demo = {
    "title": "Joint submission on the rights of LGBTQIA+ people in Kazakhstan",
    "mechanism": "ccpr",
    "language": "en",
    "owner": "trans",
    "members": ["health", "education"],
    "others": ["Glotion", "REQUEST"],
    "sections": sections,
    "register": json.load(open(sys.argv[2], encoding="utf-8")),
}
out = "src/Dalel.Core/Demo/Data/submission.json"
json.dump(demo, open(out, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
open(out, "a").write("\n")
print(out, sum(len(s["paragraphs"]) + len(s["recommendations"]) for s in sections), "paragraphs")
