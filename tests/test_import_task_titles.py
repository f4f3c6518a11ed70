"""The Tỉnh ủy imports its own plan: the duties of «TỔ CHỨC THỰC HIỆN» written after the unit and a
colon in lower case («Các đảng ủy xã, phường: xây dựng kế hoạch …») became task titles «xây dựng kế
hoạch …», shown so in the task list, the matrix of the plan sent down and the Báo cáo tổng hợp."""

from __future__ import annotations

from conftest import FIXTURES

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.persist import save_as_plan
from kehoach_desktop.store import profile


def test_duties_after_a_colon_become_titles_read_as_sentences(db):
    profile.save(
        db,
        OfficeProfile(
            superior_body="ĐẢNG BỘ TỈNH NGHỆ AN",
            issuer_body="TỈNH ỦY NGHỆ AN",
            issuer_code="TU",
            place="Vinh",
            signer_title="PHÓ BÍ THƯ",
            signer_name="Nguyễn Văn B",
        ),
    )
    text = (FIXTURES / "derive" / "ke-hoach-tinh-uy-45.txt").read_text(encoding="utf-8")
    text = text.replace(": Bảo đảm", ": bảo đảm").replace(": Căn cứ Kế hoạch này xây dựng", ": xây dựng")
    pid = save_as_plan(db, parse_text(text))
    titles = [r[0] for r in db.all("SELECT title FROM tasks WHERE plan_id = ? ORDER BY id", (pid,))]
    assert "Bảo đảm hạ tầng kỹ thuật, hướng dẫn nghiệp vụ văn thư điện tử" in titles
    assert "Xây dựng kế hoạch thực hiện" in titles
    assert not [t for t in titles if t[:1].islower()], titles
    lead = db.scalar(
        "SELECT u.name FROM tasks t JOIN units u ON u.id = t.lead_unit_id WHERE t.plan_id = ? AND t.title = ?",
        (pid, "Xây dựng kế hoạch thực hiện"),
    )
    assert lead == "Các đảng ủy xã, phường"
