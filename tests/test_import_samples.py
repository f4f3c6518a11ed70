"""The importer on the three real sample plans, as .txt (text extraction) and as .docx
(built with a two-column header table, bold headings and Word heading styles).

Expectations were written by reading the documents: every section with its label,
heading and number of paragraphs, every reference with date and issuer, the
recipients, the signature and the deadlines.
"""

from __future__ import annotations

import datetime as dt

import pytest
from import_docx_builder import build_plan_docx, sample_body

from kehoach_desktop.importer import parse_file, parse_text


def shape(sections):
    """(label, heading, paragraph count, children) for comparison with what we read."""
    return [(s.label, s.heading, len(s.paragraphs), shape(s.children)) for s in sections]


def assert_tree(sections, spec):
    assert len(sections) == len(spec), [s.heading[:40] for s in sections]
    for section, (label, heading, n_paragraphs, children) in zip(sections, spec):
        assert section.label == label
        assert section.heading.startswith(heading), (section.heading, heading)
        assert len(section.paragraphs) == n_paragraphs, (section.label, section.heading[:50])
        assert_tree(section.children, children)


def refs(doc):
    return [(c.doc_type, c.number, c.date.isoformat() if c.date else None, c.issuer or None) for c in doc.references]


# -- khoa giáo 2024 (Đảng ủy Khối): header of only "*" and a number; TRƯỞNG BAN signs --------
KHOA_GIAO_TREE = [
    (
        "I",
        "MỤC ĐÍCH, YÊU CẦU",
        0,
        [
            ("1", "Giúp các cấp ủy, tổ chức đảng trong Đảng bộ Khối", 0, []),
            ("2", "Các cấp ủy đảng lãnh đạo, chỉ đạo công tác khoa giáo", 0, []),
            ("3", "Việc triển khai thực hiện các nhiệm vụ công tác khoa giáo", 0, []),
        ],
    ),
    (
        "II",
        "NỘI DUNG THỰC HIỆN",
        0,
        [
            ("1", "Công tác quán triệt, tuyên truyền các chủ trương, đường lối của Đảng", 2, []),
            ("2", "Công tác tổ chức thực hiện các nghị quyết, chỉ thị, kết luận của Đảng", 1, []),
            ("3", "Công tác kiểm tra, giám sát việc thực hiện", 1, []),
            ("4", "Công tác sơ kết, tổng kết các nghị quyết", 1, []),
            ("5", "Công tác phối hợp thực hiện", 1, []),
            ("6", "Nâng cao năng lực cán bộ làm công tác khoa giáo", 1, []),
        ],
    ),
    (
        "III",
        "TỔ CHỨC THỰC HIỆN",
        0,
        [
            ("1", "Ban Tuyên giáo Đảng ủy Khối tham mưu", 0, []),
            ("2", "Cấp ủy các chi, đảng bộ cơ sở tổ chức phổ biến", 0, []),
        ],
    ),
]
KHOA_GIAO_RECIPIENTS = [
    "Ban Tuyên giáo Tỉnh ủy (b/c)",
    "Thường trực Đảng ủy Khối",
    "Các ban ĐUK; Đoàn Khối",
    "Chi, đảng bộ cơ sở",
    "Website ĐUK",
    "Lưu VP, BTGĐUK",
]


def check_khoa_giao(doc):
    assert doc.doc_type_line == "KẾ HOẠCH"
    assert doc.number == "31-KH/BTGDUK"
    assert doc.title == "công tác khoa giáo năm 2024"
    assert doc.basis.startswith("Thực hiện Hướng dẫn số 85-HD/BTGTU ngày 28/12/2023")
    assert_tree(doc.sections, KHOA_GIAO_TREE)
    # "kịp thời\n\nquán triệt" was one sentence broken across a blank line.
    assert "kịp thời quán triệt, tuyên truyền" in doc.sections[1].children[0].paragraphs[0].text
    assert refs(doc) == [("Hướng dẫn", "85-HD/BTGTU", "2023-12-28", "Ban Tuyên giáo Tỉnh ủy")]
    assert doc.recipients == KHOA_GIAO_RECIPIENTS
    assert (doc.signature.authority, doc.signature.title, doc.signature.name) == ("", "TRƯỞNG BAN", "Nguyễn Lệ Thủy")
    assert [a.unit for a in doc.assignments] == ["Ban Tuyên giáo Đảng ủy Khối", "Cấp ủy các chi, đảng bộ cơ sở"]
    deadlines = {t.section: t.deadline.kind for t in doc.tasks if t.deadline}
    assert deadlines == {"II.4": "separate_plan", "II.5": "ongoing"}
    assert doc.assignments[0].deadline.kind == "periodic"  # "định kỳ báo cáo kết quả"


def test_khoa_giao_txt(sample, tmp_path):
    path = tmp_path / "khoa-giao.txt"
    path.write_text(sample("khoa_giao_2024"), encoding="utf-8")
    doc = parse_file(path)
    check_khoa_giao(doc)
    assert doc.superior_body is None and doc.issuer_body is None and doc.place is None and doc.date is None
    assert doc.closing is None


def test_khoa_giao_docx(sample, tmp_path):
    text = sample("khoa_giao_2024")
    path = build_plan_docx(
        tmp_path / "khoa-giao.docx",
        sample_body(text),
        superior="ĐẢNG BỘ TỈNH HÀ TĨNH",
        issuer="BAN TUYÊN GIÁO ĐẢNG ỦY KHỐI",
        number="31-KH/BTGDUK",
        place_date="Hà Tĩnh, ngày 10 tháng 01 năm 2024",
        recipients=KHOA_GIAO_RECIPIENTS,
        signature=["TRƯỞNG BAN", "Nguyễn Lệ Thủy"],
    )
    doc = parse_file(path)
    check_khoa_giao(doc)
    assert doc.superior_body == "ĐẢNG BỘ TỈNH HÀ TĨNH"
    assert doc.issuer_body == "BAN TUYÊN GIÁO ĐẢNG ỦY KHỐI"
    assert (doc.place, doc.date) == ("Hà Tĩnh", dt.date(2024, 1, 10))
    assert doc.is_issued


# -- lý luận chính trị 2022 (Quận ủy Ba Đình): place/date only; "| (để)" leftovers --------------
LLCT_2022_TREE = [
    ("I", "MỤC ĐÍCH, YÊU CẦU", 0, [("1", "Mục đích", 1, []), ("2", "Yêu cầu", 1, [])]),
    (
        "II",
        "NHIỆM VỤ, GIẢI PHÁP",
        0,
        [
            ("1", "Tổ chức nghiên cứu, học tập, quán triệt, triển khai các nghị quyết Hội nghị Trung ương", 3, []),
            ("2", "Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị", 4, []),
            ("3", "Đẩy mạnh và nâng cao chất lượng, hiệu quả công tác tổng kết thực tiễn", 4, []),
            (
                "4",
                "Công tác giáo dục lý luận chính trị",
                0,
                [
                    ("4.1", "Tiếp tục nâng cao chất lượng đào tạo, bồi dưỡng lý luận chính trị", 3, []),
                    ("4.2", "Nâng cao chất lượng đội ngũ giảng viên lý luận chính trị quận", 2, []),
                    ("4.3", "Tăng cường công tác kiểm tra, giám sát về công tác quản lý đào tạo", 3, []),
                    ("4.4", "Kiện toàn và nâng cao chất lượng, hiệu quả hoạt động của Trung tâm", 1, []),
                ],
            ),
            ("5", "Công tác định hướng tư tưởng, nghiên cứu, biên soạn, tuyên truyền, giáo dục lịch sử Đảng", 5, []),
            ("6", "Giao ban, tập huấn công tác lý luận chính trị", 2, []),
        ],
    ),
    (
        "III",
        "TỔ CHỨC THỰC HIỆN",
        0,
        [
            ("1", "Ban Thường vụ Quận ủy", 1, []),
            ("2", "Ban Tuyên giáo Quận ủy", 2, []),
            ("3", "Trung tâm Chính trị quận", 2, []),
            ("4", "Ban Tổ chức Quận ủy", 1, []),
            ("5", "Ủy ban Kiểm tra Quận ủy", 2, []),
            ("6", "Các TCCS Đảng trực thuộc, UB MTTQ và các tổ chức chính trị - xã hội", 1, []),
        ],
    ),
]
LLCT_2022_REFS = [
    ("Hướng dẫn", "41-HD/BTGTU", "2021-12-16", "Ban Tuyên giáo Thành ủy"),
    ("Kết luận", "21-KL/TW", "2021-10-25", "Ban Chấp hành TW"),
    ("Quy định", "24-QĐ/TW", "2021-07-30", "Ban Chấp hành TW"),
    ("Quy định", "37-QĐ/TW", "2021-10-25", "Ban Chấp hành TW"),
    ("Quy định", "41-QĐ/TW", "2021-11-03", "Bộ Chính trị"),
    ("Nghị quyết", "04-NQ/TU", "2021-05-31", None),  # written "04 NQ/TU", no issuer
    ("Kết luận", "01-KL/TW", "2021-05-18", "Bộ Chính trị"),
    ("Chỉ thị", "05-CT/TW", None, None),
    ("Kế hoạch", "39-KH/TU", "2021-09-21", "Thành ủy"),
    ("Nghị quyết", "37-NQ/TW", "2014-10-09", "Bộ Chính trị"),  # cited without "số"
    ("Hướng dẫn", "02-HD/TW", "2018-02-08", "Ban Bí thư"),
    ("Quy định", "285-QĐ/TW", "2015-04-25", "Bộ Chính trị"),
    ("Chỉ thị", "23-CT/TW", "2018-02-09", "Ban Bí thư"),
    ("Nghị quyết", "35-NQ/TW", "2018-10-22", "Bộ Chính trị"),
    ("Quyết định", "883-QĐ/BTGTW", "2021-11-24", "Ban Tuyên giáo Trung ương"),
    ("Kết luận", "66-KL/TW", "2019-11-08", "Ban Bí thư"),
    ("Quy định", "185-QĐ/TW", None, None),
    ("Quy định", "208-QĐ/TW", "2019-11-08", "Ban Bí thư"),
    ("Hướng dẫn", "05-HD/BTCTW", "2021-05-19", None),
    ("Chỉ thị", "20-CT/TW", "2018-01-18", "Ban Bí thư Trung ương Đảng"),  # date after the issuer
    ("Hướng dẫn", "102-HD/BTGTW", "2019-09-30", "Ban Tuyên giáo Trung ương"),
    ("Kế hoạch", "104-KH/TU", "2018-10-03", "Ban Thường vụ Thành ủy"),
    ("Kế hoạch", "61-KH/QU", "2021-10-28", "Quận ủy"),
    ("Kế hoạch", "119-KH/QU", "2018-11-20", "Ban Thường vụ Quận ủy"),
]
LLCT_2022_RECIPIENTS = [
    "Ban Tuyên giáo Thành ủy (để báo cáo)",
    "Ban Thường vụ Quận ủy (để báo cáo)",
    "Các Ban Đảng và VP Quận ủy",
    "MTTQ, các tổ CT-XH quận",
    "Các TCCS Đảng trực thuộc",
    "Lưu: Văn phòng Quận ủy",
]


def check_llct_2022(doc):
    assert doc.doc_type_line == "KẾ HOẠCH"
    assert doc.title == "Thực hiện công tác lý luận chính trị năm 2022"
    assert doc.basis.startswith("Căn cứ Hướng dẫn số 41-HD/BTGTU ngày 16/12/2021 của Ban Tuyên giáo Thành ủy")
    assert (doc.place, doc.date) == ("Ba Đình", dt.date(2022, 1, 20))
    assert_tree(doc.sections, LLCT_2022_TREE)
    two = doc.sections[1]
    # Paragraphs broken across blank lines mid-sentence are one paragraph again.
    assert "cán bộ, đảng viên và Nhân dân thực hiện nghị quyết" in two.children[0].paragraphs[1].text
    assert "các cấp, ngành nhằm lan tỏa" in two.children[1].paragraphs[0].text
    assert "tổ chức bộ máy của trung tâm bồi dưỡng" in two.children[3].children[3].paragraphs[0].text
    assert "định kỳ sơ kết, đánh giá" in doc.sections[2].children[0].paragraphs[0].text
    assert refs(doc) == LLCT_2022_REFS
    sig = doc.signature
    assert (sig.authority, sig.title, sig.name) == ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Nguyễn Công Thành")
    assert [a.unit for a in doc.assignments] == [
        "Ban Thường vụ Quận ủy",
        "Ban Tuyên giáo Quận ủy",
        "Trung tâm Chính trị quận",
        "Ban Tổ chức Quận ủy",
        "Ủy ban Kiểm tra Quận ủy",
        "Các TCCS Đảng trực thuộc, UB MTTQ và các tổ chức chính trị - xã hội",
    ]
    by_text = {t.text[:40]: t for t in doc.tasks}
    early = next(t for t in doc.tasks if "dự kiến vào đầu năm 2023" in t.text)
    assert (early.section, early.deadline.kind, early.deadline.start, early.deadline.end) == (
        "II.5",
        "period",
        dt.date(2023, 1, 1),
        dt.date(2023, 3, 31),
    )
    yearly = next(t for t in doc.tasks if t.text.startswith("Báo cáo định kỳ hàng năm"))
    assert (yearly.deadline.kind, yearly.deadline.every) == ("periodic", "year")
    assert next(t for t in doc.tasks if "(có kế hoạch cụ thể sau)" in t.text).deadline.kind == "separate_plan"
    assert next(t for t in doc.tasks if "(sẽ có hướng dẫn riêng)" in t.text).deadline.kind == "separate_plan"
    assert len(by_text) == len(doc.tasks)
    # Units named in the content are proposed for the task (the lead unit first).
    giao_ban = next(t for t in doc.tasks if t.text.startswith("Ban Tuyên giáo Quận ủy tổ chức giao ban"))
    assert giao_ban.units[0] == "Ban Tuyên giáo Quận ủy"


def test_llct_2022_txt(sample, tmp_path):
    path = tmp_path / "llct-2022.txt"
    path.write_text(sample("llct_2022"), encoding="utf-8")
    doc = parse_file(path)
    check_llct_2022(doc)
    assert doc.recipients == LLCT_2022_RECIPIENTS
    assert doc.number is None and doc.issuer_body is None and not doc.is_issued


def test_llct_2022_docx(sample, tmp_path):
    text = sample("llct_2022")
    path = build_plan_docx(
        tmp_path / "llct-2022.docx",
        sample_body(text),
        superior="ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
        issuer="QUẬN ỦY BA ĐÌNH",
        number="125-KH/QU",
        place_date="Ba Đình, ngày 20 tháng 01 năm 2022",
        recipients=LLCT_2022_RECIPIENTS,
        signature=["T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC", "(Đã ký)", "Nguyễn Công Thành"],
        soft_break_after="quán triệt, tuyên truyền kịp thời,",
    )
    doc = parse_file(path)
    check_llct_2022(doc)
    assert doc.recipients == LLCT_2022_RECIPIENTS
    assert (doc.superior_body, doc.issuer_body, doc.number) == (
        "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
        "QUẬN ỦY BA ĐÌNH",
        "125-KH/QU",
    )
    # The soft line break inside a paragraph does not split it.
    first = doc.sections[1].children[0].paragraphs[0].text
    assert "quán triệt, tuyên truyền kịp thời, sâu rộng" in first


# -- lý luận chính trị 2024 (Huyện ủy): NFD text, no header, closing paragraph, no signature ------
LLCT_2024_TREE = [
    ("I", "MỤC ĐÍCH, YÊU CẦU", 0, [("1", "Mục đích", 2, []), ("2", "Yêu cầu", 2, [])]),
    (
        "II",
        "NỘI DUNG",
        0,
        [
            ("1", "Tổ chức nghiên cứu, học tập, quán triệt, triển khai các nghị quyết", 2, []),
            ("2", "Thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị", 8, []),
            ("3", "Công tác tổng kết thực tiễn, nghiên cứu lý luận", 7, []),
            (
                "4",
                "Công tác giáo dục lý luận chính trị",
                0,
                [
                    ("4.1", "Tiếp tục nâng cao chất lượng đào tạo, bồi dưỡng, cập nhật kiến thức", 5, []),
                    ("4.2", "Nâng cao chất lượng đội ngũ giảng viên lý luận chính trị huyện", 2, []),
                    ("4.3", "Tăng cường công tác kiểm tra, giám sát về nội dung đào tạo", 2, []),
                    ("4.4", "Kiện toàn và nâng cao chất lượng, hiệu quả hoạt động của Trung tâm", 2, []),
                ],
            ),
            (
                "5",
                "Công tác định hướng tư tưởng, tuyên truyền, giáo dục lịch sử Đảng",
                0,
                [
                    ("1", "Tiếp tục tổ chức thực hiện Chỉ thị số 20-CT/TW", 0, []),
                    ("2", "Triển khai sâu rộng việc thực hiện Chương trình bồi dưỡng chuyên đề", 0, []),
                    ("3", "Thực hiện báo cáo định kỳ cuối năm", 0, []),
                ],
            ),
            ("6", "Giao ban, tập huấn công tác giáo dục lý luận chính trị", 1, []),
        ],
    ),
    (
        "III",
        "TỔ CHỨC THỰC HIỆN",
        0,
        [
            ("1", "UBND huyện: Chỉ đạo phòng chuyên môn", 0, []),
            ("2", "Ban Tuyên giáo Huyện ủy: Tham mưu các văn bản", 0, []),
            ("3", "Trung tâm chính trị huyện: Xây dựng kế hoạch", 0, []),
            ("4", "Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội huyện: Xây dựng", 0, []),
            ("5", "Các Đảng ủy, Chi ủy trực thuộc: Trên cơ sở Kế hoạch", 0, []),
        ],
    ),
]
LLCT_2024_REFS = [
    ("Hướng dẫn", "73-HD/BTGTU", "2023-11-16", "Ban Tuyên giáo Tỉnh ủy"),
    ("Kết luận", "01-KL/TW", "2021-05-18", "Bộ Chính trị"),
    ("Chỉ thị", "05-CT/TW", None, None),
    ("Kế hoạch", "49-KH/TU", "2021-10-11", "Ban Thường vụ Tỉnh ủy"),
    ("Kế hoạch", "53-KH/HU", "2021-11-04", "Ban Thường vụ Huyện uỷ"),
    ("Hướng dẫn", "47-HD/BTGTW", "2022-04-04", "Ban Tuyên giáo Trung ương"),
    ("Kế hoạch", "58-KH/BTGTU", "2022-05-04", "Ban Tuyên giáo Tỉnh ủy"),  # written "58- KH/BTGTU"
    ("Hướng dẫn", "97-HD/BTGTW", "2023-03-08", "Ban Tuyên giáo Trung ương"),
    ("Hướng dẫn", "64-HD/BTGTU", "2023-03-20", "Ban Tuyên giáo Tỉnh ủy"),
    ("Nghị quyết", "37-NQ/TW", "2014-10-09", "Bộ Chính trị"),
    ("Quy định", "285-QĐ/TW", "2015-04-25", "Bộ Chính trị"),
    ("Hướng dẫn", "55-HD/BTGTW", "2017-12-21", None),
    ("Hướng dẫn", "02-HD/TW", "2018-02-08", "Ban Bí thư"),  # typed "HHhhhướng dẫn"
    ("Chỉ thị", "23-CT/TW", "2018-02-09", "Ban Bí thư"),
    ("Kế hoạch", "168-KH/TU", "2019-05-24", "Tỉnh ủy"),
    ("Nghị quyết", "35-NQ/TW", "2018-10-22", "Bộ Chính trị"),
    ("Hướng dẫn", "110-HD/BTGTW", "2022-08-01", "Ban Tuyên giáo Trung ương"),
    ("Hướng dẫn", "70-HD/BTGTU", "2022-08-23", "Ban Tuyên giáo Tỉnh ủy"),
    ("Quy chế", "02-QC/TU", "2022-03-28", "Tỉnh ủy"),
    ("Quy định", "57-QĐ/TW", "2022-02-08", "Ban Bí thư"),
    ("Kết luận", "94-KL/TW", "2014-03-28", "Ban Bí thư"),
    ("Hướng dẫn", "05-HD/BTCTW", "2021-05-19", "Ban Tổ chức Trung ương"),  # issuer from a later citation
    ("Quy định", "208-QĐ/TW", "2019-11-08", "Ban Bí thư"),
    ("Quyết định", "883-QĐ/BTGTW", "2021-11-24", "Ban Tuyên giáo Trung ương"),
    ("Đề án", "1080-ĐA/TU", None, None),
    ("Kết luận", "20-KL/TU", None, "Ban Thường vụ Tỉnh ủy"),
    ("Chỉ thị", "42-CT/TW", "2015-03-24", "Ban Bí thư"),
    ("Chỉ thị", "20-CT/TW", "2018-01-18", "Ban Bí thư"),
    ("Công văn", "887-CV/BTGTU", "2022-06-13", "Ban Tuyên giáo Tỉnh ủy"),
    ("Kế hoạch", "74-KH/BTGTU", "2022-09-22", "Ban Tuyên giáo Tỉnh ủy"),
    ("Quyết định", "2448-QĐ/BTGTW", "2023-05-26", "Ban Tuyên giáo Trung ương"),
    ("Nghị quyết", "04-NQ/HU", "2021-09-15", "BCH Đảng bộ huyện"),
    ("Nghị quyết", "07-NQ/HU", "2022-03-15", "BCH Đảng bộ huyện"),
]
LLCT_2024_RECIPIENTS = [
    "Ban Tuyên giáo TU (để báo cáo)",
    "Thường trực Huyện ủy",
    "Ban chấp hành đảng bộ Huyện",
    "UBND huyện",
    "Ban Tuyên giáo Huyện ủy",
    "UBMT Tổ quốc và các tổ chức CT-XH huyện",
    "Trung tâm chính trị huyện",
    "39 TCCSĐ",
    "Lưu VT",
]


def check_llct_2024(doc):
    assert doc.doc_type_line == "KẾ HOẠCH"
    assert doc.title == "Thực hiện công tác lý luận chính trị năm 2024"
    assert doc.basis.startswith("Căn cứ Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy")
    assert doc.closing.startswith("Trên đây là Kế hoạch thực hiện công tác lý luận chính trị năm 2024")
    assert_tree(doc.sections, LLCT_2024_TREE)
    assert refs(doc) == LLCT_2024_REFS
    assert doc.recipients == LLCT_2024_RECIPIENTS
    assert [(a.unit, a.text[:20]) for a in doc.assignments] == [
        ("UBND huyện", "Chỉ đạo phòng chuyên"),
        ("Ban Tuyên giáo Huyện ủy", "Tham mưu các văn bản"),
        ("Trung tâm chính trị huyện", "Xây dựng kế hoạch tr"),
        ("Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội huyện", "Xây dựng kế hoạch, t"),
        ("Các Đảng ủy, Chi ủy trực thuộc", "Trên cơ sở Kế hoạch "),
    ]
    found = {
        (t.section, t.deadline.kind, t.deadline.start, t.deadline.end, t.deadline.text)
        for t in doc.tasks
        if t.deadline and t.deadline.kind in ("range", "period")
    }
    assert found == {
        ("II.2", "range", dt.date(2024, 2, 1), dt.date(2024, 4, 30), "từ tháng 02 đến tháng 4/2024"),
        ("II.2", "period", dt.date(2024, 1, 1), dt.date(2024, 3, 31), "Quý 1/2024"),
    }
    kinds = {t.section: t.deadline.kind for t in doc.tasks if t.deadline and t.section.startswith("II.5")}
    assert kinds == {"II.5.1": "separate_plan", "II.5.3": "periodic"}
    separate = [t for t in doc.tasks if t.section == "II.3" and t.deadline]
    assert [t.deadline.kind for t in separate] == ["separate_plan", "separate_plan"]  # (có kế hoạch riêng) ×2
    monthly = next(t for t in doc.tasks if t.section == "II.6")
    assert (monthly.deadline.kind, monthly.deadline.every) == ("periodic", "month")


def test_llct_2024_txt_nfd(sample, tmp_path):
    text = sample("llct_2024")
    path = tmp_path / "llct-2024.txt"
    path.write_text(text, encoding="utf-8")
    doc = parse_file(path)
    check_llct_2024(doc)
    assert doc.signature is None
    assert (doc.number, doc.date, doc.superior_body, doc.issuer_body) == (None, None, None, None)


def test_llct_2024_pasted(sample):
    doc = parse_text(sample("llct_2024"))
    check_llct_2024(doc)


def test_llct_2024_docx(sample, tmp_path):
    text = sample("llct_2024")
    path = build_plan_docx(
        tmp_path / "llct-2024.docx",
        sample_body(text),
        superior="ĐẢNG BỘ TỈNH HÀ TĨNH",
        issuer="HUYỆN ỦY CAN LỘC",
        number="168-KH/HU",
        place_date="Can Lộc, ngày 08 tháng 01 năm 2024",
        recipients=LLCT_2024_RECIPIENTS,
        signature=["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Trần Văn Hải"],
    )
    doc = parse_file(path)
    check_llct_2024(doc)
    assert (doc.number, doc.date) == ("168-KH/HU", dt.date(2024, 1, 8))
    assert (doc.signature.authority, doc.signature.title, doc.signature.name) == (
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Trần Văn Hải",
    )


@pytest.mark.parametrize("key", ["khoa_giao_2024", "llct_2022", "llct_2024"])
def test_txt_and_docx_give_the_same_tree(sample, tmp_path, key):
    text = sample(key)
    txt = tmp_path / "a.txt"
    txt.write_text(text, encoding="utf-8")
    docx = build_plan_docx(
        tmp_path / "a.docx",
        sample_body(text),
        superior=None,
        issuer=None,
        number=None,
        place_date=None,
        recipients=["Lưu VT"],
        signature=["BÍ THƯ", "Lê Văn A"],
    )
    assert [s.to_json() for s in parse_file(txt).sections] == [s.to_json() for s in parse_file(docx).sections]


@pytest.mark.parametrize("key", ["khoa_giao_2024", "llct_2022", "llct_2024"])
def test_docx_with_every_line_as_a_paragraph(sample, tmp_path, key):
    """A .docx made naively from the text (blank paragraphs, noise kept, Heading 1 for parts)."""
    import re
    import unicodedata

    from docx import Document

    text = unicodedata.normalize("NFC", sample(key))
    document = Document()
    for line in text.split("\n"):
        if re.match(r"^[IVX]+\s*[.\-]", line.strip()):
            document.add_paragraph(line.strip(), style="Heading 1")
        else:
            document.add_paragraph(line)
    path = tmp_path / "naive.docx"
    document.save(str(path))
    txt = tmp_path / "a.txt"
    txt.write_text(text, encoding="utf-8")
    from_docx, from_txt = parse_file(path), parse_file(txt)
    assert [s.to_json() for s in from_docx.sections] == [s.to_json() for s in from_txt.sections]
    assert from_docx.recipients == from_txt.recipients
    assert refs(from_docx) == refs(from_txt)
    assert (from_docx.title, from_docx.number, from_docx.date) == (from_txt.title, from_txt.number, from_txt.date)
    sig_docx, sig_txt = from_docx.signature, from_txt.signature
    assert (sig_docx and (sig_docx.authority, sig_docx.title, sig_docx.name)) == (
        sig_txt and (sig_txt.authority, sig_txt.title, sig_txt.name)
    )
