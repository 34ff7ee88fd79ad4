#!/usr/bin/env python3
"""Generates a deterministic synthetic corpus of Vietnamese legal documents.

Usage: scripts/gen_corpus.py --docs 10000 --out DIR [--articles 30] [--profile light|heavy]

DIR becomes a vanban site (vanban.toml + content/). The front matter is TOML
between +++ lines and carries `title`, so Hugo reads the same files. Text is
Vietnamese with real diacritics, drawn with a seeded random generator: the
same arguments give the same bytes.

Profiles:
  light  (default) ~90 words drawn uniformly, ~14 KB a document (144 MB for
         10,000): the corpus of the figures published so far, kept as it was.
  heavy  ~6,600 real syllables with a Zipf law and the word pairs of the real
         laws, Chương/Mục/Điều with titles, khoản and điểm, ~160 words an
         article, realistic numbers, kinds and issuers, citations between
         documents: ~31 KB a document (~313 MB for 10,000). Needs the laws of
         ../shared/corpus/vn-laws and Debian's hunspell-vi (scripts/heavy_corpus.py).
"""
import argparse
import os
import random

WORDS = (
    "an toàn thông tin mạng hệ thống dữ liệu cơ quan tổ chức cá nhân quản lý nhà nước "
    "chuyển đổi số chính quyền điện tử giao dịch điện tử chữ ký số bảo vệ bí mật "
    "trách nhiệm quyền hạn nhiệm vụ kế hoạch triển khai thực hiện đánh giá kiểm tra "
    "giám sát báo cáo định kỳ hằng năm ủy ban nhân dân tỉnh huyện xã phường thị trấn "
    "sở ban ngành công chức viên chức biên chế đào tạo bồi dưỡng nâng cao năng lực "
    "hạ tầng nền tảng ứng dụng dịch vụ công trực tuyến cơ sở dữ liệu quốc gia "
    "tiêu chuẩn quy chuẩn kỹ thuật phần mềm phần cứng sự cố rủi ro ứng cứu khẩn cấp "
    "người dân doanh nghiệp quyền lợi nghĩa vụ hợp pháp vi phạm xử lý kỷ luật"
).split()
KINDS = [("Luật", "QH"), ("Nghị định", "NĐ-CP"), ("Thông tư", "TT-BTTTT"), ("Quyết định", "QĐ-UBND"), ("Kế hoạch", "KH-UBND")]
ISSUERS = ["Quốc hội", "Chính phủ", "Bộ Thông tin và Truyền thông", "Ủy ban nhân dân tỉnh Gia Lai", "Ủy ban nhân dân tỉnh Kon Tum"]
FIELDS = ["Công nghệ thông tin", "Bộ máy hành chính", "An toàn thông tin", "Giao dịch điện tử", "Dữ liệu"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def document(rng, i, articles):
    kind, code = KINDS[i % len(KINDS)]
    year = 2000 + i % 25
    serial = i // len(KINDS) + 1
    number = f"{serial}/{year}/{code}{13 + i % 3}" if kind == "Luật" else f"{serial}/{year}/{code}"
    issuer = ISSUERS[i % len(ISSUERS)]
    month, day = 1 + i % 12, 1 + i % 28
    title = f"{kind} về {' '.join(rng.choice(WORDS) for _ in range(5))}"
    fields = sorted({FIELDS[i % 5], FIELDS[(i * 7) % 5]})
    relations = ""
    if i >= 5:
        prev = i - 5
        pk, pc = KINDS[prev % len(KINDS)]
        pyear = 2000 + prev % 25
        pserial = prev // len(KINDS) + 1
        pnum = f"{pserial}/{pyear}/{pc}{13 + prev % 3}" if pk == "Luật" else f"{pserial}/{pyear}/{pc}"
        relations = f'\n[relations]\nbased_on = ["{pnum}"]\n'
    lines = [
        "+++",
        f'number = "{number}"',
        f'title = "{title}"',
        f'kind = "{kind}"',
        f'issuer = "{issuer}"',
        f"issued = {year}-{month:02d}-{day:02d}",
        f"effective = {year}-{month:02d}-{day:02d}",
        f"fields = {fields!r}".replace("'", '"'),
        'source = "https://vbpl.vn/"',
        relations.rstrip(),
        "+++",
        "",
        f"Căn cứ {sentence(rng, 8)}",
        "",
    ]
    chapter = 0
    for a in range(1, articles + 1):
        if (a - 1) % 10 == 0:
            lines += [f"## Chương {ROMAN[chapter]}. {' '.join(rng.choice(WORDS) for _ in range(4)).upper()}", ""]
            chapter += 1
        lines += [f"#### Điều {a}. {sentence(rng, 5)[:-1]}", ""]
        for k in range(1, 1 + rng.randint(1, 3)):
            lines += [f"{k}\\. {sentence(rng, rng.randint(12, 30))}", ""]
            if rng.random() < 0.3:
                for p in "abc"[: rng.randint(1, 3)]:
                    lines += [f"{p}) {sentence(rng, rng.randint(8, 16))}", ""]
    slug_kind = {"Luật": "luat", "Nghị định": "nghi-dinh", "Thông tư": "thong-tu", "Quyết định": "quyet-dinh", "Kế hoạch": "ke-hoach"}[kind]
    return slug_kind, number, "\n".join(l for l in lines if l is not None) + "\n", title, f"{year}-{month:02d}-{day:02d}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--articles", type=int, default=30)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=687)
    ap.add_argument("--profile", choices=("light", "heavy"), default="light")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--laws", default=os.path.join(here, "..", "..", "shared", "corpus", "vn-laws"), help="heavy: the real laws")
    ap.add_argument("--dictionary", default="/usr/share/hunspell/vi_VN.dic", help="heavy: the syllables")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "content"), exist_ok=True)
    with open(os.path.join(args.out, "vanban.toml"), "w", encoding="utf-8") as f:
        f.write('title = "Kho văn bản tổng hợp"\nbase_url = "http://127.0.0.1:1111/"\n')
    with open(os.path.join(args.out, "content", "_index.md"), "w", encoding="utf-8") as f:
        f.write('+++\ntitle = "Kho văn bản tổng hợp"\n+++\nKho thử nghiệm hiệu năng.\n')
    written = 0

    def write(kind, slug, text):
        nonlocal written
        folder = os.path.join(args.out, "content", kind)
        os.makedirs(folder, exist_ok=True)
        data = text.encode("utf-8")
        with open(os.path.join(folder, slug + ".md"), "wb") as f:
            f.write(data)
        written += len(data)

    if args.profile == "heavy":
        import heavy_corpus

        syllables, vocab = heavy_corpus.generate(args, write)
        print(
            f"{args.docs} documents, {written} bytes ({written / 1e6:.1f} MB) of Markdown in {args.out}; "
            f"{syllables} distinct syllables written (vocabulary {len(vocab.ranked)}, {vocab.laws_syllables} of them used by the laws)"
        )
        return
    for i in range(args.docs):
        kind, number, text, title, date = document(rng, i, args.articles)
        slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in number.lower().replace("đ", "d")).strip("-")
        write(kind, slug, text)
    print(f"{args.docs} documents, {written} bytes ({written / 1e6:.1f} MB) of Markdown in {args.out}")


if __name__ == "__main__":
    main()
