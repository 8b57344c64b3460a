#!/usr/bin/env python3
"""Deterministic bench corpus for camnang: N long lessons of Vietnamese text.

    python3 bench/gen_corpus.py N OUT_DIR

writes a complete site (site-config.yaml and content/) to OUT_DIR. The same
N always gives the same bytes. Lessons have about 1,000 words each (about
12 KB of Markdown), spread over sections of 100 lessons, with front matter
(skill, audience, tags, reviewed, sources), headings, lists, tables,
internal links, callouts, and a small share of code blocks and images.

The text is made of real Vietnamese words from public-service vocabulary in
random order: it is not meaningful prose, but it has realistic syllables,
diacritics, word lengths and frequencies for indexing and rendering.
"""
import os
import random
import sys

WORDS = """
tài khoản định danh điện tử ứng dụng công dân căn cước thẻ chip mã số
điện thoại đăng ký kích hoạt mật khẩu mã bảo vệ xác thực thông tin cá nhân
dịch vụ công trực tuyến cổng quốc gia hồ sơ thủ tục hành chính nộp theo dõi
kết quả thanh toán phí lệ phí học phí ngân hàng ví điện tử chuyển khoản
quét mã người nhận số tiền biên lai giao dịch an toàn lừa đảo cảnh báo
đường link tệp cài đặt kho chính thức công an phường xã tỉnh thành phố
học sinh phụ huynh giáo viên nhà trường lớp bài học kỹ năng số mua sắm
người bán cửa hàng giao hàng trả hàng đánh giá sản phẩm đơn hàng bảo mật
dữ liệu quyền riêng tư mạng xã hội tin nhắn cuộc gọi kiểm tra xác nhận
bước tiếp theo màn hình nút chọn nhập gửi yêu cầu chờ phê duyệt hướng dẫn
bảo hiểm y tế xã hội giấy phép lái xe đăng ký xe thường trú tạm trú
và của các những được có không là với cho để khi nếu thì này đó một hai
ba bạn chúng ta người dân cần phải nên đã đang sẽ rất nhiều ít hơn
trước sau trong ngoài trên dưới giữa cùng mỗi mọi luôn thường chỉ cũng
""".split()

SKILLS = ["dich-vu-cong", "mua-sam", "thanh-toan", "an-toan", "nen-tang-so"]
AUDIENCES = ["hoc-sinh", "phu-huynh", "giao-vien"]
TAGS = ["VNeID", "dịch vụ công", "thanh toán", "lừa đảo", "mật khẩu", "OTP",
        "học phí", "mua sắm", "bảo hiểm y tế", "căn cước", "ngân hàng", "ví điện tử"]
CALLOUTS = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]
SECTION_SIZE = 100


def sentence(rng, lo=8, hi=18):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words) + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def title(rng):
    t = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7)))
    return t[0].upper() + t[1:]


def lesson(rng, i, n):
    sec, idx = divmod(i, SECTION_SIZE)
    body = [paragraph(rng)]
    words = len(body[0].split())
    h = 0
    while words < 1000:
        h += 1
        body.append(f"## {title(rng)} {h}")
        kind = rng.random()
        if kind < 0.15:
            body.append("\n".join(f"{k}. {sentence(rng, 4, 10)}" for k in range(1, rng.randint(3, 6))))
        elif kind < 0.25:
            rows = ["| Mục | Nội dung |", "|---|---|"]
            rows += [f"| {rng.choice(WORDS)} | {sentence(rng, 3, 8)} |" for _ in range(rng.randint(2, 5))]
            body.append("\n".join(rows))
        elif kind < 0.32:
            body.append(f"> [!{rng.choice(CALLOUTS)}]\n> {sentence(rng)}")
        elif kind < 0.35:
            body.append("```sh\ncamnang build --verbose\n```")
        elif kind < 0.38:
            body.append(f"![{sentence(rng, 3, 6)[:-1]}](anh.svg)")
        other = rng.randrange(n)
        osec, oidx = divmod(other, SECTION_SIZE)
        link = f"[{rng.choice(WORDS)}](@/muc-{osec:03}/bai-{oidx:03}.md)"
        p = paragraph(rng)
        body.append(p + " Xem thêm " + link + ".")
        words += len(p.split()) + 8
    fm = [
        "---",
        f"title: \"{title(rng)} {i}\"",
        f"description: \"{sentence(rng, 8, 14)}\"",
        f"date: 2024-{1 + i % 12:02}-{1 + i % 28:02}",
        f"reviewed: 2026-{1 + i % 11:02}-{1 + i % 28:02}",
        f"weight: {idx}",
        f"skill: {SKILLS[i % len(SKILLS)]}",
        f"audience: [{AUDIENCES[i % 3]}]",
        f"tags: [{', '.join(rng.sample(TAGS, 3))}]",
        f"duration_minutes: {10 + i % 30}",
        "objectives:",
        f"  - {sentence(rng, 4, 8)}",
        "prerequisites:",
        f"  - {sentence(rng, 3, 6)}",
        "sources:",
        "  - title: Cổng Dịch vụ công quốc gia",
        "    url: https://dichvucong.gov.vn",
        "---",
        "",
    ]
    return "\n".join(fm) + "\n\n".join(body) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261123)
    content = os.path.join(out, "content")
    os.makedirs(content, exist_ok=True)
    with open(os.path.join(out, "site-config.yaml"), "w", encoding="utf-8") as f:
        f.write("title: Bench\nbase_url: https://truong.example/kynangso/\nreview_after_months: 1200\n")
    with open(os.path.join(content, "_index.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: Bench\n---\n")
    for sec in range((n + SECTION_SIZE - 1) // SECTION_SIZE):
        d = os.path.join(content, f"muc-{sec:03}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "_index.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: Mục {sec}\nweight: {sec}\n---\n")
        with open(os.path.join(d, "anh.svg"), "w", encoding="utf-8") as f:
            f.write('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180"><rect width="320" height="180" fill="#ddd"/></svg>\n')
    for i in range(n):
        sec, idx = divmod(i, SECTION_SIZE)
        path = os.path.join(content, f"muc-{sec:03}", f"bai-{idx:03}.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(lesson(rng, i, n))


if __name__ == "__main__":
    main()
