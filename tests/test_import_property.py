"""Whatever text is pasted, the importer returns a document or refuses it with a message."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach_desktop.importer import ImportFailure, parse_text

_LINES = [
    "KẾ HOẠCH",
    "I. MỤC ĐÍCH",
    "II- NỘI DUNG",
    "1. Tổ chức",
    "1.1- Học tập",
    "a) Tuyên truyền",
    "(1) Rà soát",
    "- Các chi bộ",
    "+ Chi bộ thôn",
    "Nơi nhận:",
    "- Lưu VT.",
    "T/M BAN THƯỜNG VỤ",
    "BÍ THƯ",
    "Nguyễn Văn A",
    "PHỤ LỤC",
    "Số 12-KH/ĐU",
    "Hà Tĩnh, ngày 05 tháng 3 năm 2025",
    "Căn cứ Kết luận số 01-KL/TW",
    "",
    "trước ngày 31/5/2024",
    "[bookmark: x]",
    "**",
    "| (để)",
    "*",
    "- - - - -",
    "2",
    "KÕ ho¹ch",
    "Keá hoaïch",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Văn phòng: Tham mưu",
    "Trên đây là Kế hoạch",
]


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.text(max_size=400),
        st.lists(st.one_of(st.sampled_from(_LINES), st.text(max_size=30)), max_size=40).map("\n".join),
    )
)
def test_any_text_gives_a_document_or_a_clear_refusal(text):
    try:
        doc = parse_text(text)
    except ImportFailure as exc:
        assert str(exc)  # always a message for the user
        return
    data = doc.to_json()
    assert isinstance(data["sections"], list) and isinstance(data["references"], list)
    numbers = [r["number"] for r in data["references"]]
    assert len(numbers) == len(set(numbers))
