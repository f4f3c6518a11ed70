"""A text without its header (a web copy, the real samples), saved as our own plan, takes our
office's header and signer. The second walk of session 9 saved one with an empty issuer and code:
its number read «Số   -KH/»."""

from __future__ import annotations

from offices import commune_office

from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.persist import SaveOptions, save_as_plan
from kehoach_desktop.store import plans

BODY = (
    "KẾ HOẠCH\nThực hiện công tác tuyên giáo năm 2027\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao nhận thức.\nII. NỘI DUNG\n1. Tuyên truyền\n"
    "Văn phòng Đảng ủy chủ trì tuyên truyền (trong quý I/2027).\n"
)


def test_a_text_without_its_header_saved_as_our_plan_takes_our_header(db):
    commune_office(db, signer="Trần Minh An")
    doc = parse_text(BODY)
    assert not doc.issuer_body
    plan_id = save_as_plan(db, doc, SaveOptions(status="draft"))
    row = plans.get_row(db, plan_id)
    assert (row["superior_body"], row["issuer_body"], row["issuer_code"], row["place"]) == (
        "ĐẢNG BỘ TỈNH HÀ TĨNH",
        "ĐẢNG ỦY XÃ HÒA BÌNH",
        "ĐU",
        "Hòa Bình",
    )
    doc = plans.load_document(db, plan_id)
    assert (doc.signature.authority, doc.signature.title, doc.signature.name) == (
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Trần Minh An",
    )


def test_another_office_s_header_is_kept_as_it_was_written(db):
    commune_office(db, signer="Trần Minh An")
    doc = parse_text("ĐẢNG BỘ TỈNH HÀ TĨNH\nHUYỆN ỦY CẨM XUYÊN\n*\nSố 120-KH/HU\n" + BODY)
    plan_id = save_as_plan(db, doc, SaveOptions(status="draft"))
    assert plans.get_row(db, plan_id)["issuer_body"] == "HUYỆN ỦY CẨM XUYÊN"
