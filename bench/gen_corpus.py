#!/usr/bin/env python3
"""Deterministic bench corpus for camnang: N long lessons of Vietnamese text.

    python3 bench/gen_corpus.py [--uniform] N OUT_DIR

writes a complete site (site-config.yaml and content/) to OUT_DIR. The same
N always gives the same bytes. Lessons have about 1,000 words each (about
12 KB of Markdown), spread over sections of 100 lessons, with front matter
(skill, audience, tags, reviewed, sources), headings, lists, tables,
internal links, callouts, and a small share of code blocks and images.

The text is made of real Vietnamese public-service vocabulary in random
order: not meaningful prose, but with realistic syllables, diacritics and
word lengths. By default it is shaped like real lessons: words (often of
two syllables, "đăng ký") follow a Zipf distribution, function words are
common, and each lesson is about one topic of its skill, so a few lessons
are clearly the best match for a query. With --uniform, every syllable is
drawn with the same probability and every lesson is about everything: the
worst case for search, where no lesson stands out.
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

FUNCTION = """và của các những được có không là với cho để khi nếu thì này đó
một hai ba bạn chúng_ta người cần phải nên đã đang sẽ rất nhiều ít hơn trước
sau trong ngoài trên dưới giữa cùng mỗi mọi luôn thường chỉ cũng""".split()

# Vocabulary by topic; "_" joins the syllables of one word.
TOPICS = [
    """tài_khoản định_danh điện_tử ứng_dụng VNeID công_dân căn_cước thẻ_chip
    mã_số điện_thoại đăng_ký kích_hoạt mật_khẩu mã_bảo_vệ xác_thực thông_tin
    cá_nhân công_an phường xã mức_độ quét_mã chân_dung vân_tay passcode""",
    """dịch_vụ_công trực_tuyến cổng quốc_gia hồ_sơ thủ_tục hành_chính nộp
    theo_dõi kết_quả lệ_phí thường_trú tạm_trú giấy_phép_lái_xe đăng_ký_xe
    bảo_hiểm_y_tế xã_hội biên_nhận tra_cứu chứng_thực khai_sinh""",
    """thanh_toán học_phí ngân_hàng ví_điện_tử chuyển_khoản quét_mã người_nhận
    số_tiền biên_lai giao_dịch mã_QR hóa_đơn số_dư thẻ_ATM nạp_tiền
    không_dùng_tiền_mặt sao_kê hạn_mức""",
    """an_toàn lừa_đảo cảnh_báo đường_link tệp cài_đặt kho chính_thức mật_khẩu
    mã_OTP tin_nhắn cuộc_gọi giả_mạo bảo_mật dữ_liệu quyền_riêng_tư
    mạng_xã_hội kiểm_tra tố_giác chặn báo_cáo""",
    """mua_sắm người_bán cửa_hàng giao_hàng trả_hàng đánh_giá sản_phẩm
    đơn_hàng sàn_thương_mại giỏ_hàng khuyến_mãi phí_vận_chuyển hoàn_tiền
    học_trực_tuyến lớp_học bài_tập nền_tảng_số thư_điện_tử""",
]
TOPICS = [t.split() for t in TOPICS]

SKILLS = ["dich-vu-cong", "mua-sam", "thanh-toan", "an-toan", "nen-tang-so"]
AUDIENCES = ["hoc-sinh", "phu-huynh", "giao-vien"]
TAGS = ["VNeID", "dịch vụ công", "thanh toán", "lừa đảo", "mật khẩu", "OTP",
        "học phí", "mua sắm", "bảo hiểm y tế", "căn cước", "ngân hàng", "ví điện tử"]
CALLOUTS = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]
SECTION_SIZE = 100


class Vocabulary:
    """Draws words for one lesson."""

    def __init__(self, rng, i, uniform):
        self.rng, self.uniform = rng, uniform
        topic = TOPICS[i % len(TOPICS)]
        # This lesson's own focus: its topic's words in a lesson-specific order.
        self.focus = rng.sample(topic, len(topic))
        self.others = [w for t in TOPICS if t is not topic for w in t]

    def zipf(self, words):
        # Word of rank r drawn with weight 1/(r+1).
        weights = [1 / (r + 1) for r in range(len(words))]
        return self.rng.choices(words, weights)[0]

    def word(self):
        if self.uniform:
            return self.rng.choice(WORDS)
        x = self.rng.random()
        if x < 0.45:
            w = self.zipf(FUNCTION)
        elif x < 0.85:
            w = self.zipf(self.focus)
        else:
            w = self.rng.choice(self.others)
        return w.replace("_", " ")


VOCAB = None


def sentence(rng, lo=8, hi=18):
    words = [VOCAB.word() for _ in range(rng.randint(lo, hi))]
    words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words) + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def title(rng):
    t = " ".join(VOCAB.word() for _ in range(rng.randint(3, 6)))
    return t[0].upper() + t[1:]


def lesson(rng, i, n, uniform):
    global VOCAB
    VOCAB = Vocabulary(rng, i, uniform)
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
            rows += [f"| {VOCAB.word()} | {sentence(rng, 3, 8)} |" for _ in range(rng.randint(2, 5))]
            body.append("\n".join(rows))
        elif kind < 0.32:
            body.append(f"> [!{rng.choice(CALLOUTS)}]\n> {sentence(rng)}")
        elif kind < 0.35:
            body.append("```sh\ncamnang build --verbose\n```")
        elif kind < 0.38:
            body.append(f"![{sentence(rng, 3, 6)[:-1]}](anh.svg)")
        other = rng.randrange(n)
        osec, oidx = divmod(other, SECTION_SIZE)
        link = f"[{VOCAB.word()}](@/muc-{osec:03}/bai-{oidx:03}.md)"
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
    args = sys.argv[1:]
    uniform = "--uniform" in args
    args = [a for a in args if a != "--uniform"]
    if len(args) != 2:
        sys.exit(__doc__)
    n, out = int(args[0]), args[1]
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
            f.write(lesson(rng, i, n, uniform))


if __name__ == "__main__":
    main()
