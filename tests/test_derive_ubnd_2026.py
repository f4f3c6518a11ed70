"""A UBND tỉnh plan of 2026 (two-level local government, State style) as it reaches a commune
Party office: a .docx whose left header cell has «ỦY BAN NHÂN DÂN» in plain type over «TỈNH
KHÁNH HÒA» in bold, «Số: 45/KH-UBND», the quốc hiệu and tiêu ngữ, signed «TM. ỦY BAN NHÂN DÂN /
KT. CHỦ TỊCH / PHÓ CHỦ TỊCH». The fixture (``fixtures/derive/ke-hoach-ubnd-tinh-45-2026.txt``)
is our own wording."""

from __future__ import annotations

import datetime as dt

from conftest import FIXTURES
from offices import commune_office

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.importer import parse_file
from kehoach_desktop.importer.persist import save_as_directive
from kehoach_desktop.store import derive as derive_store
from kehoach_desktop.store import directives, plans, profile
from kehoach_desktop.store.commands import UndoStack
from tests.office_docs import build_docx, build_pdf

FIXTURE = FIXTURES / "derive" / "ke-hoach-ubnd-tinh-45-2026.txt"


def test_ubnd_over_the_province_in_bold_is_one_issuing_body(tmp_path):
    """Read as superior body «ỦY BAN NHÂN DÂN» and issuer «TỈNH KHÁNH HÒA»: the registry said
    «Kế hoạch 45/KH-UBND — Tỉnh Khánh Hòa», and a plan derived from it cited «… của Tỉnh Khánh Hòa»."""
    for doc in (
        parse_file(build_docx(FIXTURE, tmp_path / "kh.docx")),
        parse_file(build_pdf(FIXTURE, tmp_path / "kh.pdf")),
    ):
        assert (doc.superior_body, doc.issuer_body) == (None, "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA")
        assert doc.number == "45/KH-UBND" and doc.style == "state"


def test_the_plan_derived_from_it_cites_the_provincial_committee(db, tmp_path):
    commune_office(
        db,
        province="KHÁNH HÒA",
        commune="XÃ CAM LÂM",
        place="Cam Lâm",
        signer="Lê Văn Tâm",
        units=("Văn phòng Đảng ủy", "Ủy ban nhân dân xã"),
    )
    did = save_as_directive(db, parse_file(build_docx(FIXTURE, tmp_path / "kh.docx")))
    assert directives.get(db, did).issuer == "Ủy ban nhân dân tỉnh Khánh Hòa"
    cmd = derive_store.DerivePlan(derive_store.start(db, did, today=dt.date(2026, 1, 20)))
    UndoStack(db).push(cmd)
    doc = plans.load_document(db, cmd.plan_id)
    assert doc.basis.startswith(
        "Thực hiện Kế hoạch số 45/KH-UBND, ngày 15/01/2026 của Ủy ban nhân dân tỉnh Khánh Hòa về"
    )
    assert doc.recipients[:2] == ["Ban Thường vụ Tỉnh ủy (để báo cáo),", "Ủy ban nhân dân tỉnh Khánh Hòa (để biết),"]


def test_the_province_s_every_commune_is_our_commune_in_our_plan(db, tmp_path):
    """«a)→UBND các xã, phường rà soát, công bố công khai thủ tục hành chính …» was copied as is into
    the plan of one commune's Đảng ủy."""
    profile.save(db, OfficeProfile(superior_body="ĐẢNG BỘ TỈNH KHÁNH HÒA", issuer_body="ĐẢNG ỦY XÃ CAM LÂM"))
    for name in ("Văn phòng Đảng ủy", "Ủy ban nhân dân xã"):
        profile.add_unit(db, name)
    did = save_as_directive(db, parse_file(build_docx(FIXTURE, tmp_path / "kh.docx")))
    cmd = derive_store.DerivePlan(derive_store.start(db, did, today=dt.date(2026, 1, 20)))
    UndoStack(db).push(cmd)
    texts = [n.text for n in plans.load_document(db, cmd.plan_id).sections[1].walk()]
    assert any(t.startswith("UBND xã rà soát, công bố công khai thủ tục hành chính") for t in texts), texts
    assert any(t.startswith("UBND xã bảo đảm 100% hồ sơ được số hóa") for t in texts), texts
    assert not any("các xã, phường" in t for t in texts)
