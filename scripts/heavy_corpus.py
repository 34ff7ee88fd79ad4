"""The heavy profile of scripts/gen_corpus.py: documents shaped like real ones.

Why a second profile: the light one draws ~90 words uniformly, so every
posting list is long and alike, and a search export of it is small and
regular. Real corpora have thousands of syllables with a Zipf law of use
(a few very common, most rare), phrases that recur, Chương/Mục/Điều with
titles, khoản and điểm, many issuers and kinds, and citations between
documents. What a search export weighs and how many requests a query needs
depend on exactly that.

The vocabulary is every lower-case syllable of the Vietnamese spelling
dictionary (Debian's `hunspell-vi`, ~6,600), ranked by how often the 208 real
laws of ../shared/corpus/vn-laws use them; those the laws never use come
after, in a seeded order. A token is either drawn from that ranking with a
Zipf law (s = 1) or follows the previous one as in the laws (their adjacent
pairs, weighted by count), so that two neighbours usually make a real word.
Old and new tone placement (`hoá`/`hóa`) are one syllable, written the new
way. Everything is drawn from one seeded generator: same arguments (and the
same laws and dictionary), same bytes.
"""
import bisect
import collections
import datetime
import itertools
import os
import random
import re
import unicodedata

# Share of tokens that follow the previous one as in the laws; the others are
# drawn from the Zipf ranking (and so reach the rare syllables too).
FOLLOW = 0.72
ZIPF_S = 1.0
TONE_MARKS = "\u0301\u0300\u0309\u0303\u0323"
CLAUSE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
POINTS = "abcdđeghik"
# After these a number follows now and then, as in "30 ngày", "năm 2020".
COUNTED = {"ngày": (1, 90), "tháng": (1, 24), "năm": (1, 10), "điều": (1, 30), "khoản": (1, 5), "lần": (1, 5)}

PROVINCES = [
    "Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Gia Lai", "Kon Tum", "Đắk Lắk",
    "Lâm Đồng", "Khánh Hòa", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Thừa Thiên Huế", "Bình Định", "Đồng Nai",
    "Bình Dương", "An Giang", "Lào Cai", "Sơn La",
]
MINISTRIES = [
    ("Bộ Tài chính", "BTC"), ("Bộ Thông tin và Truyền thông", "BTTTT"), ("Bộ Nội vụ", "BNV"), ("Bộ Tư pháp", "BTP"),
    ("Bộ Kế hoạch và Đầu tư", "BKHĐT"), ("Bộ Giáo dục và Đào tạo", "BGDĐT"), ("Bộ Y tế", "BYT"), ("Bộ Công an", "BCA"),
    ("Bộ Xây dựng", "BXD"), ("Bộ Giao thông vận tải", "BGTVT"), ("Bộ Nông nghiệp và Phát triển nông thôn", "BNNPTNT"),
    ("Bộ Tài nguyên và Môi trường", "BTNMT"), ("Bộ Lao động - Thương binh và Xã hội", "BLĐTBXH"),
    ("Ngân hàng Nhà nước Việt Nam", "NHNN"),
]
FIELDS = [
    "Công nghệ thông tin", "Bộ máy hành chính", "An toàn thông tin", "Giao dịch điện tử", "Dữ liệu", "Tài chính nhà nước",
    "Đất đai", "Xây dựng", "Giáo dục", "Y tế", "Lao động", "Thuế", "Giao thông", "Tài nguyên môi trường",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
GIVEN = ["Văn Hùng", "Thị Lan", "Minh Tuấn", "Quốc Bảo", "Thanh Hà", "Đức Thắng", "Hồng Nhung", "Xuân Phúc", "Văn Nam", "Ngọc Ánh"]
# (kind, share of documents, URL folder). A document cites older ones of its
# own rank or above: laws, then decrees, then circulars and the Prime
# Minister's acts, then the provinces'.
KINDS = [
    ("Luật", 4, "luat"), ("Nghị định", 16, "nghi-dinh"), ("Thông tư", 24, "thong-tu"), ("Nghị quyết", 10, "nghi-quyet"),
    ("Quyết định", 32, "quyet-dinh"), ("Kế hoạch", 10, "ke-hoach"), ("Chỉ thị", 4, "chi-thi"),
]


def tone_new_style(word):
    """`hoá` → `hóa`, `thuỷ` → `thủy`: open oa/oe/uy take the tone on their
    first vowel (the laws use both ways; the dictionary the old one)."""
    if len(word) < 2:
        return word
    last = unicodedata.normalize("NFD", word[-1])
    marks = [c for c in last if c in TONE_MARKS]
    base = "".join(c for c in last if c not in TONE_MARKS)
    pair = word[-2] + base
    if marks and pair in ("oa", "oe", "uy") and not (pair == "uy" and word[:-2].endswith("q")):
        return word[:-2] + unicodedata.normalize("NFC", word[-2] + marks[0]) + base
    return word


class Vocabulary:
    """The ranked syllables, their Zipf weights, and who follows whom in the laws."""

    def __init__(self, laws_dir, dictionary, seed):
        if not os.path.exists(dictionary):
            raise SystemExit(f"{dictionary} is missing: the heavy profile needs the Vietnamese dictionary (apt-get install hunspell-vi)")
        with open(dictionary, encoding="utf-8") as f:
            lines = f.read().splitlines()[1:]
        known = set()
        for line in lines:
            word = unicodedata.normalize("NFC", line.split("/")[0].strip())
            if word.isalpha() and word == word.lower():
                known.add(tone_new_style(word))
        spelled = {}
        uses = collections.Counter()
        pairs = collections.Counter()
        starts = collections.Counter()
        for name in sorted(os.listdir(laws_dir)):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(laws_dir, name), encoding="utf-8") as f:
                text = unicodedata.normalize("NFC", f.read()).lower()
            for clause in CLAUSE.findall(text):
                words = []
                for raw in clause.split(" "):
                    if raw not in spelled:
                        word = tone_new_style(raw)
                        spelled[raw] = word if word in known else None
                    words.append(spelled[raw])
                uses.update(w for w in words if w)
                if words[0]:
                    starts[words[0]] += 1
                pairs.update((a, b) for a, b in zip(words, words[1:]) if a and b)
        unused = sorted(known - set(uses))
        random.Random(seed).shuffle(unused)
        self.ranked = sorted(uses, key=lambda w: (-uses[w], w)) + unused
        self.zipf_cum = list(itertools.accumulate(1 / r**ZIPF_S for r in range(1, len(self.ranked) + 1)))
        followers = collections.defaultdict(list)
        for (a, b), n in sorted(pairs.items()):
            if n >= 2:
                followers[a].append((b, n))
        self.follow = {a: ([b for b, _ in bs], list(itertools.accumulate(n for _, n in bs))) for a, bs in followers.items()}
        top = starts.most_common(400)
        self.starts = ([w for w, _ in top], list(itertools.accumulate(n for _, n in top)))
        self.laws_syllables = len(uses)


class Writer:
    """Draws text from a vocabulary and keeps count of the syllables it wrote."""

    def __init__(self, vocab, rng):
        self.v = vocab
        self.rng = rng
        self.seen = set()

    def words(self, n, prev=None):
        """n tokens; the first follows `prev` or opens a clause."""
        r = self.rng.random
        ranked, zc = self.v.ranked, self.v.zipf_cum
        follow = self.v.follow
        out = []
        if prev is None:
            ws, cw = self.v.starts
            prev = ws[bisect.bisect(cw, r() * cw[-1])]
            out.append(prev)
        while len(out) < n:
            succ = follow.get(prev)
            if succ is not None and r() < FOLLOW:
                ws, cw = succ
                w = ws[bisect.bisect(cw, r() * cw[-1])]
            else:
                w = ranked[bisect.bisect(zc, r() * zc[-1])]
            out.append(w)
            prev = w
            if w in COUNTED and r() < 0.25:
                lo, hi = COUNTED[w]
                out.append(str(self.rng.randint(lo, hi)) if w != "năm" or r() < 0.5 else str(self.rng.randint(1990, 2025)))
        self.seen.update(out)
        return out

    def phrase(self, n):
        return " ".join(self.words(n))

    def sentence(self, n, end="."):
        """About n tokens in clauses of 6–16 joined by commas, capitalised."""
        parts = []
        left = n
        while left > 0:
            k = min(left, self.rng.randint(6, 16))
            parts.append(" ".join(self.words(k)))
            left -= k
        text = ", ".join(parts)
        return text[0].upper() + text[1:] + end


class Registry:
    """Numbers, kinds and issuers of the documents, unique by construction."""

    def __init__(self, rng):
        self.rng = rng
        self.serials = collections.Counter()
        self.shares = list(itertools.accumulate(s for _, s, _ in KINDS))

    def next(self):
        rng = self.rng
        kind, _, folder = KINDS[bisect.bisect(self.shares, rng.random() * self.shares[-1])]
        year = rng.randint(1998, 2025)
        province = rng.choice(PROVINCES)
        if kind == "Luật":
            legislature = 10 + sum(year > y for y in (2002, 2007, 2011, 2016, 2021))
            issuer, pattern = "Quốc hội", ("{}/{}/QH" + str(legislature), year)
        elif kind == "Nghị định":
            issuer, pattern = "Chính phủ", ("{}/{}/NĐ-CP", year)
        elif kind == "Thông tư":
            issuer, code = rng.choice(MINISTRIES)
            pattern = ("{}/{}/TT-" + code, year)
        elif kind == "Nghị quyết":
            if rng.random() < 0.3:
                issuer, pattern = "Chính phủ", ("{}/NQ-CP", year)
            else:
                issuer, pattern = f"Hội đồng nhân dân tỉnh {province}", ("{}/{}/NQ-HĐND", year)
        elif kind == "Quyết định":
            if rng.random() < 0.25:
                issuer, pattern = "Thủ tướng Chính phủ", ("{}/QĐ-TTg", year)
            else:
                issuer, pattern = f"Ủy ban nhân dân tỉnh {province}", ("{}/{}/QĐ-UBND", year)
        elif kind == "Chỉ thị":
            issuer, pattern = "Thủ tướng Chính phủ", ("{}/CT-TTg", year)
        else:
            issuer, pattern = f"Ủy ban nhân dân tỉnh {province}", ("{}/KH-UBND", year)
        # Numbers without a year run on over the years; the others restart.
        key = pattern if "{}/{}/" in pattern[0] else (pattern[0], 0)
        self.serials[key] += rng.randint(1, 4)
        serial = self.serials[key]
        number = pattern[0].format(f"{serial:02d}", year) if "{}/{}/" in pattern[0] else pattern[0].format(serial)
        issued = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        rank = 0 if kind == "Luật" else 1 if issuer == "Chính phủ" else 3 if "tỉnh" in issuer else 2
        return kind, folder, number, issuer, issued, rank


TITLES = {
    "Luật": "Luật {}",
    "Nghị định": "Nghị định quy định chi tiết {}",
    "Thông tư": "Thông tư hướng dẫn {}",
    "Nghị quyết": "Nghị quyết về {}",
    "Quyết định": "Quyết định ban hành Quy định về {}",
    "Kế hoạch": "Kế hoạch triển khai {} năm {}",
    "Chỉ thị": "Chỉ thị về việc tăng cường {}",
}


def document(w, meta, cited, articles):
    """One document's Markdown: front matter, preamble, chapters of articles."""
    rng = w.rng
    kind, _, number, issuer, issued, _ = meta
    subject = w.phrase(rng.randint(3, 9))
    title = TITLES[kind].format(subject, issued.year)
    title = title[0].upper() + title[1:]
    effective = issued + datetime.timedelta(days=rng.choice((0, 15, 30, 45, 60)))
    fields = sorted({rng.choice(FIELDS) for _ in range(rng.randint(1, 2))})
    lines = [
        "+++",
        f'number = "{number}"',
        f'title = "{title}"',
        f'kind = "{kind}"',
        f'issuer = "{issuer}"',
        f'signer = "{rng.choice(FAMILY)} {rng.choice(GIVEN)}"',
        f"issued = {issued.isoformat()}",
        f"effective = {effective.isoformat()}",
        "fields = [" + ", ".join(f'"{x}"' for x in fields) + "]",
        'source = "https://vbpl.vn/"',
    ]
    if cited:
        lines += ["", "[relations]", "based_on = [" + ", ".join(f'"{c[2]}"' for c in cited) + "]"]
    lines += ["+++", ""]
    if issuer == "Quốc hội":
        lines += ["Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;", ""]
    for c in cited:
        lines += [f"Căn cứ {c[0]} số {c[2]} ngày {c[4].day} tháng {c[4].month} năm {c[4].year} của {c[3]};", ""]
    lines += [f"Theo đề nghị của {w.phrase(rng.randint(3, 6))};", "", f"{issuer} ban hành {title[0].lower()}{title[1:]}.", ""]
    # Chapters of unequal length; long ones split into sections (Mục).
    chapters = sorted(rng.sample(range(2, articles), min(articles - 2, rng.randint(1, 5))))
    bounds = [1] + chapters + [articles + 1]
    article = 1
    for c, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
        lines += [f"## Chương {ROMAN[c % len(ROMAN)]}. {w.phrase(rng.randint(2, 7)).upper()}", ""]
        sections = [lo]
        if hi - lo >= 8 and rng.random() < 0.4:
            sections += sorted(rng.sample(range(lo + 2, hi - 1), rng.randint(1, 2)))
        for s, start in enumerate(sections):
            if len(sections) > 1:
                lines += [f"### Mục {s + 1}. {w.phrase(rng.randint(2, 6)).upper()}", ""]
            end = sections[s + 1] if s + 1 < len(sections) else hi
            for article in range(start, end):
                lines += article_lines(w, article, articles, kind, cited)
    return "\n".join(lines) + "\n"


def article_lines(w, n, articles, kind, cited):
    """One Điều of ~160 words: a paragraph, or khoản with some điểm."""
    rng = w.rng
    lines = [f"#### Điều {n}. {w.sentence(rng.randint(3, 9), end='')}", ""]
    if rng.random() < 0.2:
        lines += [w.sentence(rng.randint(50, 190)), ""]
        return lines
    for k in range(1, rng.randint(2, 5) + 1):
        text = w.sentence(rng.randint(14, 40), end="")
        roll = rng.random()
        if roll < 0.08 and cited:
            c = rng.choice(cited)
            # A province's numbers repeat in other provinces: name the issuer.
            of = f" của {c[3]}" if c[5] == 3 else ""
            text += f" theo quy định tại Điều {rng.randint(1, articles)} của {c[0]} số {c[2]}{of}"
        elif roll < 0.14 and n > 1:
            text += f" theo quy định tại khoản {rng.randint(1, 2)} Điều {rng.randint(1, n - 1)} của {kind} này"
        if rng.random() < 0.3:
            lines += [f"{k}\\. {text}:", ""]
            count = rng.randint(2, 5)
            for p in range(count):
                lines += [f"{POINTS[p]}) {w.sentence(rng.randint(8, 24), end=';' if p + 1 < count else '.')}", ""]
        else:
            lines += [f"{k}\\. {text}.", ""]
    return lines


def generate(args, write):
    """Writes args.docs documents through write(folder, slug, text); returns
    the number of distinct syllables written and the vocabulary."""
    vocab = Vocabulary(args.laws, args.dictionary, args.seed)
    rng = random.Random(args.seed)
    w = Writer(vocab, rng)
    registry = Registry(rng)
    metas = []
    for i in range(args.docs):
        meta = registry.next()
        cited = []
        want = rng.choice((0, 1, 1, 2, 3))
        for _ in range(8 * want if metas else 0):
            other = metas[rng.randrange(len(metas))]
            if len(cited) < want and other[4] < meta[4] and other[5] <= meta[5] and other not in cited:
                cited.append(other)
        text = document(w, meta, cited, args.articles)
        metas.append(meta)
        folder, number = meta[1], meta[2]
        slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in number.lower().replace("đ", "d")).strip("-")
        write(folder, slug, text)
    return sum(1 for t in w.seen if not t.isdigit()), vocab
