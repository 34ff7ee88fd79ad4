#!/usr/bin/env python3
"""Scores the search on the development questions (run by scripts/eval-questions).

Usage: scripts/eval_questions.py --site DIR --bin VANBAN [--jobs N] [--out DIR]
                                 [--only ID,...] [--show-misses] [--chromium]

DIR is a site built by scripts/corpus_site.py --copies 1 and `vanban build`.
Every question of tests/questions/dev.jsonl is asked of the CLI, of the browser
client in node (scripts/eval_questions.js) and of the BM25 reference below;
with --chromium also of the client in headless Chromium, timed.

A result answers a question when its number is the number the site gives the
question's law and its anchor is the question's article or a provision inside
it (`dieu-5` is answered by `dieu-5` and `dieu-5-khoan-2`, not by `dieu-50`).

The BM25 reference is deliberately plain and independent of vanban's search:
one document per article of the site's sources (heading and text), syllable
tokens with diacritics folded (`đ` -> `d`), each distinct query token once,
k1 = 1.2, b = 0.75, idf = ln(1 + (N - df + 0.5) / (df + 0.5)).
"""
import argparse
import heapq
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
QUESTIONS = os.path.join(ROOT, "tests", "questions", "dev.jsonl")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "vn-laws")
STYLES = ["natural", "statement", "choice", "names-law", "no-diacritics"]
K1, B = 1.2, 0.75


def load_questions(only):
    qs = []
    with open(QUESTIONS, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                qs.append(json.loads(line))
    if only:
        keep = set(only.split(","))
        qs = [q for q in qs if q["id"] in keep]
    return qs


def site_laws(site):
    """law file name -> (number in the site, content file), in the order of
    scripts/corpus_site.py: the i-th law (sorted file names) is content/luat/{i+1}-0.md,
    imported as .imported/{i}.md."""
    files = sorted(f for f in os.listdir(CORPUS) if f.endswith(".txt"))
    laws = {}
    for i, name in enumerate(files):
        content = os.path.join(site, "content", "luat", f"{i + 1}-0.md")
        imported = os.path.join(site, ".imported", f"{i}.md")
        with open(content, encoding="utf-8") as f:
            front = f.read().split("+++\n", 2)[1]
        number = re.search(r'^number = "([^"]*)"', front, re.M).group(1)
        with open(imported, encoding="utf-8") as f:
            ifront = f.read().split("+++\n", 2)[1]
        m = re.search(r'^number = "([^"]*)"', ifront, re.M)
        laws[name] = {"site_number": number, "content": content, "imported_number": m.group(1) if m else ""}
    return laws


def articles_of(path):
    """[(anchor, text)] of a content file: one entry per `#### Điều N` heading,
    its text running to the next heading."""
    with open(path, encoding="utf-8") as f:
        body = f.read().split("+++\n", 2)[2]
    out = []
    current = None
    for line in body.splitlines():
        m = re.match(r"#### Điều (\d+[a-zA-Z]*)\b", line)
        if m:
            current = ["dieu-" + m.group(1).lower(), [line[5:]]]
            out.append(current)
        elif line.startswith("#"):
            current = None
        elif current is not None:
            current[1].append(line)
    return [(a, "\n".join(t)) for a, t in out]


def check(questions, laws):
    """Every question names a law of the corpus, its number as imported and an
    article of that law."""
    problems = []
    anchors = {}
    for q in questions:
        law = laws.get(q["law_file"])
        if law is None:
            problems.append(f"{q['id']}: {q['law_file']} is not a file of the corpus")
            continue
        if law["imported_number"] and law["imported_number"] != q["number"]:
            problems.append(f"{q['id']}: number {q['number']} but the import says {law['imported_number']}")
        if q["law_file"] not in anchors:
            anchors[q["law_file"]] = {a for a, _ in articles_of(law["content"])}
        if q["article"] not in anchors[q["law_file"]]:
            problems.append(f"{q['id']}: {q['law_file']} has no {q['article']}")
        if q["style"] not in STYLES or q.get("split") not in ("tune", "holdout"):
            problems.append(f"{q['id']}: style {q['style']!r}, split {q.get('split')!r}")
    return problems


def fold(text):
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def tokens(text):
    return re.findall(r"[0-9a-z]+", fold(text))


class BM25:
    def __init__(self, laws):
        self.docs = []
        lengths = []
        self.postings = defaultdict(list)
        for law in laws.values():
            for anchor, text in articles_of(law["content"]):
                tf = Counter(tokens(text))
                doc = len(self.docs)
                self.docs.append((law["site_number"], anchor))
                lengths.append(sum(tf.values()))
                for term, n in tf.items():
                    self.postings[term].append((doc, n))
        avg = sum(lengths) / len(lengths)
        self.norm = [K1 * (1 - B + B * n / avg) for n in lengths]
        self.cache = {}

    def weights(self, term):
        """(documents, their BM25 weight for `term`), computed once per term."""
        if term not in self.cache:
            plist = self.postings.get(term, [])
            idf = math.log(1 + (len(self.docs) - len(plist) + 0.5) / (len(plist) + 0.5))
            norm = self.norm
            self.cache[term] = ([d for d, _ in plist], [idf * tf * (K1 + 1) / (tf + norm[d]) for d, tf in plist])
        return self.cache[term]

    def search(self, query, limit=10):
        scores = [0.0] * len(self.docs)
        touched = set()
        for term in sorted(set(tokens(query))):
            docs, weights = self.weights(term)
            for d, w in zip(docs, weights):
                scores[d] += w
            touched.update(docs)
        best = heapq.nsmallest(limit, touched, key=lambda d: (-scores[d], d))
        return [{"number": self.docs[d][0], "anchor": self.docs[d][1], "score": scores[d]} for d in best]


def run_cli(bin_, site, questions, jobs):
    def one(q):
        t0 = time.perf_counter()
        res = subprocess.run([bin_, "-r", site, "search", "--json", "-n", "10", q["question"]],
                             capture_output=True, text=True)
        ms = (time.perf_counter() - t0) * 1000
        if res.returncode != 0:
            raise SystemExit(f"vanban search failed on {q['id']}: {res.stderr}")
        hits = [{"number": h["number"], "anchor": h.get("anchor") or "", "url": h["url"], "score": h["score"]}
                for h in json.loads(res.stdout)]
        return q["id"], hits, ms
    results, times = {}, {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for qid, hits, ms in pool.map(one, questions):
            results[qid] = hits
            times[qid] = ms
    return results, times


def run_node(mode, output, questions, out_dir):
    qfile = os.path.join(out_dir, "questions.json")
    rfile = os.path.join(out_dir, f"{mode}.json")
    with open(qfile, "w", encoding="utf-8") as f:
        json.dump([{"id": q["id"], "question": q["question"]} for q in questions], f, ensure_ascii=False)
    res = subprocess.run(["node", os.path.join(HERE, "eval_questions.js"), mode, output, qfile, rfile], cwd=ROOT)
    if res.returncode != 0:
        raise SystemExit(f"node {mode} failed")
    with open(rfile, encoding="utf-8") as f:
        return json.load(f)


def rank(q, hits, number):
    art = q["article"]
    for i, h in enumerate(hits[:10], 1):
        if h["number"] == number and (h["anchor"] == art or h["anchor"].startswith(art + "-")):
            return i
    return None


def metrics(ranks):
    n = len(ranks)
    if n == 0:
        return None
    at = lambda k: sum(1 for r in ranks if r is not None and r <= k) / n
    return at(1), at(5), at(10), sum(1 / r for r in ranks if r is not None) / n


def key(hits):
    return [(h["number"], h["anchor"]) for h in hits[:10]]


def pct(xs, p):
    s = sorted(xs)
    if not s:
        return float("nan")
    i = min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))
    return s[i]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "eval"))
    ap.add_argument("--only", default="")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--chromium", action="store_true")
    args = ap.parse_args()
    site = os.path.abspath(args.site)
    output = os.path.join(site, "public")
    os.makedirs(args.out, exist_ok=True)

    questions = load_questions(args.only)
    laws = site_laws(site)
    problems = check(questions, laws)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit(f"{len(problems)} problems in {QUESTIONS}")
    number = {q["id"]: laws[q["law_file"]]["site_number"] for q in questions}
    print(f"== {len(questions)} questions over {len({q['law_file'] for q in questions})} laws "
          f"({sum(q['split'] == 'holdout' for q in questions)} held out)")

    t0 = time.perf_counter()
    cli, cli_times = run_cli(args.bin, site, questions, args.jobs)
    cli_wall = time.perf_counter() - t0
    t0 = time.perf_counter()
    node = run_node("client", output, questions, args.out)
    node_wall = time.perf_counter() - t0
    t0 = time.perf_counter()
    bm25 = BM25(laws)
    bm25_res = {q["id"]: bm25.search(q["question"]) for q in questions}
    bm25_wall = time.perf_counter() - t0
    systems = [("CLI", cli), ("browser (node)", node["results"]), ("BM25 reference", bm25_res)]
    chrome = None
    if args.chromium:
        t0 = time.perf_counter()
        chrome = run_node("chromium", output, questions, args.out)
        chrome_wall = time.perf_counter() - t0
        systems.insert(2, ("browser (Chromium)", chrome["results"]))

    ranks = {name: {q["id"]: rank(q, res.get(q["id"], []), number[q["id"]]) for q in questions} for name, res in systems}
    subsets = [("all", questions), ("tune", [q for q in questions if q["split"] == "tune"]),
               ("holdout", [q for q in questions if q["split"] == "holdout"])]
    subsets += [(s, [q for q in questions if q["style"] == s]) for s in STYLES]
    width = max(len(n) for n, _ in systems)
    print(f"\nArticle level (a provision inside the article counts as the article):\n")
    print(f"{'questions':<22}{'system':<{width + 2}}{'R@1':>7}{'R@5':>7}{'R@10':>7}{'MRR@10':>8}")
    for label, qs in subsets:
        if not qs:
            continue
        for j, (name, _) in enumerate(systems):
            m = metrics([ranks[name][q["id"]] for q in qs])
            head = f"{label} ({len(qs)})" if j == 0 else ""
            print(f"{head:<22}{name:<{width + 2}}{m[0]:>7.3f}{m[1]:>7.3f}{m[2]:>7.3f}{m[3]:>8.3f}")

    n = len(questions)
    same = sum(1 for q in questions if key(node["results"][q["id"]]) == key(cli[q["id"]]))
    same1 = sum(1 for q in questions if key(node["results"][q["id"]])[:1] == key(cli[q["id"]])[:1])
    print(f"\nbrowser (node) top 10 == CLI top 10 (numbers and anchors, same order): {same}/{n} = {same / n:.3f}"
          f" (same first result {same1}/{n})")
    if chrome:
        samec = sum(1 for q in questions if key(chrome["results"][q["id"]]) == key(cli[q["id"]]))
        print(f"browser (Chromium) top 10 == CLI top 10: {samec}/{n} = {samec / n:.3f}")

    print("\nWhen the first result is wrong, it is:")
    for name, res in systems:
        if name == "BM25 reference":
            continue
        wrong = [q for q in questions if ranks[name][q["id"]] != 1]
        doc = sum(1 for q in wrong if res[q["id"]] and not res[q["id"]][0]["anchor"])
        law = sum(1 for q in wrong if res[q["id"]] and res[q["id"]][0]["anchor"] and res[q["id"]][0]["number"] == number[q["id"]])
        other = sum(1 for q in wrong if res[q["id"]] and res[q["id"]][0]["anchor"] and res[q["id"]][0]["number"] != number[q["id"]])
        empty = sum(1 for q in wrong if not res[q["id"]])
        whole = sum(1 for q in questions if res[q["id"]] and not res[q["id"]][0]["anchor"])
        print(f"  {name:<{width}}  {len(wrong)} wrong: whole document {doc}, right law other article {law}, "
              f"other law {other}, nothing {empty}; a whole document is first for {whole}/{n} questions")

    print("\nTimes:")
    ct = list(cli_times.values())
    print(f"  CLI: one `vanban search` process per question, {args.jobs} at a time: {cli_wall:.1f} s in all, "
          f"median {statistics.median(ct):.0f} ms, p95 {pct(ct, 95):.0f} ms per process (start included)")
    nt = list(node["times"].values())
    print(f"  browser client in node (one client, files cached across questions): {node_wall:.1f} s in all, "
          f"median {statistics.median(nt):.1f} ms, p95 {pct(nt, 95):.1f} ms per question")
    print(f"  BM25 reference: {bm25_wall:.1f} s (index of {len(bm25.docs)} articles and all questions)")
    if chrome:
        xt = list(chrome["times"].values())
        print(f"  Chromium, warm search page over loopback, each question new to the page: "
              f"median {statistics.median(xt):.1f} ms, p95 {pct(xt, 95):.1f} ms, max {max(xt):.1f} ms "
              f"({len(xt)} questions; warm-up query {chrome['warmUp']['ms']:.0f} ms; {chrome_wall:.1f} s in all)")

    if args.show_misses:
        print("\nQuestions the CLI does not answer first (rank, first result):")
        for q in questions:
            r = ranks["CLI"][q["id"]]
            if r != 1:
                top = cli[q["id"]][0] if cli[q["id"]] else None
                first = f"{top['number']}#{top['anchor']}" if top else "-"
                print(f"  {q['id']} [{q['style']}] want {number[q['id']]}#{q['article']} rank {r or '>10'} "
                      f"got {first}: {q['question']}")

    with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as f:
        json.dump({"questions": questions, "number": number, "ranks": ranks,
                   "results": {name: res for name, res in systems}}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
