"""The derived plan's trích yếu and căn cứ say the upstream's title in natural case, as a
secretary would type it (outside walk of cụ thể hóa on the real documents of tests/corpus;
issue 15): a State document's header is in capitals («… TRÊN ĐỊA BÀN TỈNH SÓC TRĂNG NĂM 2022»)
and the derived «Thực hiện Kế hoạch số … về …» must not read «tỉnh Sóc Trăng Năm 2022»,
«hành VI VI phạm», «Mặt trận Tổ quốc việt nam» or «Ủy ban nhân dân lào cai»."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kehoach_desktop.core.basis import issuer_name, natural_case, natural_case_fragments
from kehoach_desktop.core.derive import Unit, UnitMatcher, derive
from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.importer import parse_file
from kehoach_desktop.importer.persist import save_as_directive, structure_json
from kehoach_desktop.store import derive as derive_store
from kehoach_desktop.store import directives

CORPUS = Path(__file__).parent / "corpus"
PROFILE = OfficeProfile(
    superior_body="ĐẢNG BỘ TỈNH QUẢNG NINH", issuer_body="ĐẢNG ỦY XÃ LƯƠNG MINH", issuer_code="ĐU", place="Lương Minh"
)
UNITS = [Unit(1, "Văn phòng Đảng ủy"), Unit(2, "Ủy ban nhân dân xã")]


@pytest.mark.parametrize(
    "caps, normal",
    [
        # a place name ends where the words of the title go on
        (
            "RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO TRÊN ĐỊA BÀN TỈNH SÓC TRĂNG NĂM 2022",
            "Rà soát hộ nghèo, hộ cận nghèo trên địa bàn tỉnh Sóc Trăng năm 2022",
        ),
        (
            "THỰC HIỆN ĐỀ ÁN TRỒNG 1 TỶ CÂY XANH TRÊN ĐỊA BÀN TỈNH TUYÊN QUANG, GIAI ĐOẠN 2021 - 2025",
            "Thực hiện đề án trồng 1 tỷ cây xanh trên địa bàn tỉnh Tuyên Quang, giai đoạn 2021 - 2025",
        ),
        ("ĐẢNG BỘ TỈNH THỪA THIÊN HUẾ, NHIỆM KỲ 2020-2025", "Đảng bộ tỉnh Thừa Thiên Huế, nhiệm kỳ 2020-2025"),
        ("XÂY DỰNG ĐẢNG BỘ XÃ TRONG SẠCH, VỮNG MẠNH", "Xây dựng Đảng bộ xã trong sạch, vững mạnh"),
        ("TỈNH BÀ RỊA - VŨNG TÀU", "Tỉnh Bà Rịa - Vũng Tàu"),
        ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM NĂM 2023", "Ủy ban nhân dân tỉnh Quảng Nam năm 2023"),
        ("ỦY BAN NHÂN DÂN TỈNH SƠN LA", "Ủy ban nhân dân tỉnh Sơn La"),
        ("THỊ XÃ TỪ SƠN", "Thị xã Từ Sơn"),
        # «vi» is a Vietnamese word as well as the roman numeral six
        ("XỬ LÝ HÀNH VI VI PHẠM PHÁP LUẬT", "Xử lý hành vi vi phạm pháp luật"),
        ("PHẠM VI ĐIỀU CHỈNH", "Phạm vi điều chỉnh"),
        ("NGHỊ QUYẾT ĐẠI HỘI VI CỦA ĐẢNG", "Nghị quyết Đại hội VI của Đảng"),
        ("ĐẢNG BỘ TỈNH KHÓA XI", "Đảng bộ tỉnh khóa XI"),
        # proper names inside a body's name
        ("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ LƯƠNG MINH", "Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Minh"),
        ("ỦY BAN NHÂN DÂN LÀO CAI", "Ủy ban nhân dân Lào Cai"),
        ("ỦY BAN NHÂN DÂN CÁC CẤP", "Ủy ban nhân dân các cấp"),
        # a document cited by number keeps its capital
        (
            "VỀ VIỆC TRIỂN KHAI THỰC HIỆN CHỈ THỊ SỐ 37-CT/TW NGÀY 03/9/2019 CỦA BAN BÍ THƯ",
            "Về việc triển khai thực hiện Chỉ thị số 37-CT/TW ngày 03/9/2019 của Ban Bí thư",
        ),
        ("KỶ NIỆM NGÀY SINH CỐ TỔNG BÍ THƯ NGUYỄN VĂN CỪ", "Kỷ niệm ngày sinh cố Tổng Bí thư Nguyễn Văn Cừ"),
        (
            "NGÀY HỘI CÁC DÂN TỘC VÙNG TÂY BẮC MỞ RỘNG LẦN THỨ XIII",
            "Ngày hội các dân tộc vùng Tây Bắc mở rộng lần thứ XIII",
        ),
    ],
)
def test_an_upper_case_title_reads_in_natural_case(caps, normal):
    assert natural_case(caps) == normal


def test_a_fragment_in_capitals_inside_mixed_text():
    assert natural_case_fragments("về XỬ LÝ HÀNH VI VI PHẠM trên địa bàn") == "về xử lý hành vi vi phạm trên địa bàn"


def _derive(name: str, today: dt.date):
    doc = parse_file(CORPUS / name)
    row = {
        "id": 7,
        "doc_type": doc.doc_type,
        "number": doc.number,
        "issued_on": doc.date.isoformat() if doc.date else None,
        "issuer": natural_case(doc.issuer_body),
        "summary": doc.title,
    }
    return derive(row, structure_json(doc), PROFILE, UnitMatcher(UNITS), today=today)


@pytest.mark.parametrize(
    "name, ending",
    [
        (
            "st-soctrang-135-kh-ubnd-2022.txt",
            "của Ủy ban nhân dân tỉnh Sóc Trăng về rà soát hộ nghèo, hộ cận nghèo trên địa bàn tỉnh Sóc Trăng năm 2022",
        ),
        (
            "st-hanoi-158-kh-ubnd-2021.txt",
            "xử lý hành vi vi phạm pháp luật, tiêu cực, tham nhũng, lãng phí trong doanh nghiệp nhà nước trên địa "
            "bàn thành phố Hà Nội (Giai đoạn: 2021- 2025)",
        ),
        ("st-laocai-225-kh-ubnd-2016.txt", "vùng Tây Bắc mở rộng lần thứ XIII tại tỉnh Lào Cai, năm 2016"),
    ],
)
def test_the_derived_title_of_a_real_upstream_in_capitals(name, ending):
    d = _derive(name, dt.date(2026, 12, 2))
    assert d.title().endswith(ending), d.title()
    assert ending in d.basis_text()


def test_a_long_term_orientation_year_is_not_the_derived_plan_s_year():
    """Kết luận 445-KL/TU (2022) «… đến năm 2025, định hướng đến năm 2030» derived in 2026 is a 2026
    plan, not a 2030 one (every year in the căn cứ was then «not the plan's year»)."""
    d = _derive("pa-tthue-445-kl-tu-2022.txt", dt.date(2026, 12, 2))
    assert d.year == 2026
    assert d.build().document.year == 2026


def test_an_upstream_for_next_year_still_gives_next_year():
    d = _derive("st-soctrang-135-kh-ubnd-2022.txt", dt.date(2026, 12, 2))
    d.upstream.title = "KẾ HOẠCH RÀ SOÁT HỘ NGHÈO NĂM 2027"
    assert d.upstream.year_for(dt.date(2026, 12, 2)) == 2027
    d.upstream.title = "KẾ HOẠCH RÀ SOÁT HỘ NGHÈO GIAI ĐOẠN 2026 - 2030"
    assert d.upstream.year_for(dt.date(2026, 12, 2)) == 2026


@pytest.mark.parametrize(
    "issuer, superior, name",
    [
        ("BAN THƯỜNG TRỰC", "ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH", "Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh"),
        (
            "TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT",
            "ỦY BAN BẦU CỬ XÃ PHỐ BẢNG",
            "Tiểu ban thông tin, tuyên truyền, khánh tiết Ủy ban bầu cử xã Phố Bảng",
        ),
        # a ban of a Party committee is cited by the committee's name without its place
        ("BAN TUYÊN GIÁO", "TỈNH ỦY HÀ TĨNH", "Ban Tuyên giáo Tỉnh ủy"),
        ("BAN XÂY DỰNG ĐẢNG", "ĐẢNG ỦY XÃ LƯƠNG MINH", "Ban Xây dựng Đảng Đảng ủy xã Lương Minh"),
        ("VĂN PHÒNG", "THÀNH ỦY HÀ NỘI", "Văn phòng Thành ủy"),
        # a body that names itself keeps its name; the superior is not its issuer
        ("TỈNH ỦY HÀ TĨNH", "ĐẢNG BỘ TỈNH HÀ TĨNH", "Tỉnh ủy Hà Tĩnh"),
        ("ĐẢNG ỦY XÃ LƯƠNG MINH", "ĐẢNG BỘ TỈNH QUẢNG NINH", "Đảng ủy xã Lương Minh"),
        ("ỦY BAN NHÂN DÂN", "", "Ủy ban nhân dân"),
        ("BAN TUYÊN GIÁO", "", "Ban Tuyên giáo"),
    ],
)
def test_an_organ_is_named_with_the_body_it_belongs_to(issuer, superior, name):
    assert issuer_name(issuer, superior) == name


@pytest.mark.parametrize(
    "name, issuer",
    [
        ("mt-luongminh-kh-hiep-thuong-2025.txt", "Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh"),
        (
            "mt-baccamranh-kh-kiem-tra-giam-sat-2025.txt",
            "Ban Thường trực Uỷ ban MTTQ Việt Nam phường Bắc Cam Ranh",
        ),  # its own «UỶ»
    ],
)
def test_the_registry_and_the_derived_citation_name_the_whole_issuer(db, name, issuer):
    did = save_as_directive(db, parse_file(CORPUS / name))
    entry = directives.get(db, did)
    assert entry is not None and entry.issuer == issuer
    d = derive_store.start(db, did, today=dt.date(2026, 1, 5))
    assert f" của {issuer} về " in d.title(), d.title()


def test_a_citation_inside_a_title_in_capitals_ends_its_issuer_where_the_subject_starts():
    """st-quangnam-216-qd-ubnd-2023: «… NGHỊ QUYẾT SỐ 41/2022/NQ-HĐND NGÀY 09/12/2022 CỦA HỘI ĐỒNG NHÂN
    DÂN TỈNH VỀ QUY ĐỊNH CƠ CHẾ …» registered the issuer «HỘI ĐỒNG NHÂN DÂN TỈNH VỀ QUY ĐỊNH CƠ CHẾ LỒNG
    GHÉP»: in capitals every word looked like part of a name."""
    from kehoach_desktop.core.citations import find_citations

    (cite,) = find_citations(
        "VỀ VIỆC TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 41/2022/NQ-HĐND NGÀY 09/12/2022 CỦA HỘI ĐỒNG NHÂN DÂN TỈNH "
        "VỀ QUY ĐỊNH CƠ CHẾ LỒNG GHÉP NGUỒN VỐN"
    )
    assert cite.issuer == "HỘI ĐỒNG NHÂN DÂN TỈNH"
    assert cite.subject.startswith("QUY ĐỊNH CƠ CHẾ")
