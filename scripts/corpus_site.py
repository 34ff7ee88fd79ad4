#!/usr/bin/env python3
"""Builds a site from the real law corpus with `vanban import`.

Usage: scripts/corpus_site.py --out DIR [--copies N] [--vanban BIN] [--corpus DIR]

Each of the 208 plain-text laws of ../shared/corpus/vn-laws is imported once
(through `vanban import`, as an editor would), then written N times with a
renumbered number, so that N=48 gives a ~10,000-document site of real law
text. Numbers are renumbered in every copy (copy k of file i gets
"{i+1}/{2000+k}/QH{k+1}") because real numbers repeat across amended laws and
a few files have none.
"""
import argparse
import os
import re
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--vanban", default=os.path.join(here, "..", "target", "release", "vanban"))
    ap.add_argument("--corpus", default=os.path.join(here, "..", "..", "shared", "corpus", "vn-laws"))
    args = ap.parse_args()
    files = sorted(f for f in os.listdir(args.corpus) if f.endswith(".txt"))
    imported = os.path.join(args.out, ".imported")
    os.makedirs(imported, exist_ok=True)
    articles = 0
    for i, name in enumerate(files):
        target = os.path.join(imported, f"{i}.md")
        if not os.path.exists(target):
            res = subprocess.run([args.vanban, "import", os.path.join(args.corpus, name)], capture_output=True, text=True)
            if res.returncode != 0:
                sys.exit(f"{name}: {res.stderr}")
            with open(target, "w", encoding="utf-8") as f:
                f.write(res.stdout)
        with open(target, encoding="utf-8") as f:
            articles += len(re.findall(r"^#### Điều ", f.read(), re.M))
    content = os.path.join(args.out, "content", "luat")
    os.makedirs(content, exist_ok=True)
    with open(os.path.join(args.out, "vanban.toml"), "w", encoding="utf-8") as f:
        f.write('title = "Kho luật"\nbase_url = "http://127.0.0.1:1111/"\n')
    with open(os.path.join(args.out, "content", "_index.md"), "w", encoding="utf-8") as f:
        f.write('+++\ntitle = "Kho luật"\n+++\nCác luật, bộ luật của Việt Nam.\n')
    for i, name in enumerate(files):
        with open(os.path.join(imported, f"{i}.md"), encoding="utf-8") as f:
            text = f.read()
        _, front, body = text.split("+++\n", 2)
        front = "\n".join(l for l in front.splitlines() if not l.startswith(("number =", "kind =")))
        if "title =" not in front:
            front += f'\ntitle = "{name[:-4]}"'
        if "issuer =" not in front:
            front += '\nissuer = "Quốc hội"'
        for k in range(args.copies):
            number = f"{i + 1}/{2000 + k}/QH{k + 1}"
            with open(os.path.join(content, f"{i + 1}-{k}.md"), "w", encoding="utf-8") as f:
                f.write(f'+++\nnumber = "{number}"\nkind = "Luật"\n{front.strip()}\n+++\n{body}')
    print(f"{len(files) * args.copies} documents, {articles * args.copies} articles in {args.out}")


if __name__ == "__main__":
    main()
