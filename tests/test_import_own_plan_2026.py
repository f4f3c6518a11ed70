"""The office's own plan of 2026 imported from its .docx (a Đảng ủy xã after the merger, under the
Tỉnh ủy): manual numbers «1.→Hội nghị học tập, quán triệt» spaced with a tab, tasks written as
bullets under topic headings, Nơi nhận and signature in a two-column table. What the tracker
shows for each task (lead unit, cooperating units) and what lands in the unit list must be
what the plan says. The fixture (``fixtures/office/ke-hoach-dang-uy-xa-15-2026.txt``) is our
own wording."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from kehoach_desktop.importer import parse_file
from tests.office_docs import build_docx

FIXTURE = FIXTURES / "office" / "ke-hoach-dang-uy-xa-15-2026.txt"


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    return parse_file(build_docx(FIXTURE, tmp_path_factory.mktemp("own") / "15-KH-DU.docx"))


def _task(doc, start: str):
    return next(t for t in doc.tasks if t.text.startswith(start))


def test_a_topic_heading_is_not_a_unit(parsed):
    """«1.→Hội nghị học tập, quán triệt» was taken for the unit leading the tasks under it
    («Hội» as in Hội Nông dân): the tracker showed «Hội nghị học tập, quán triệt» as the lead of
    «Ban Thường vụ Đảng ủy tổ chức hội nghị …»."""
    task = _task(parsed, "Ban Thường vụ Đảng ủy tổ chức hội nghị")
    assert task.units == ["Ban Thường vụ Đảng ủy"]


@pytest.mark.parametrize(
    "heading",
    ["Hội nghị cấp tỉnh", "Số hóa hồ sơ đảng viên", "Phòng, chống tham nhũng, tiêu cực", "Đại hội chi bộ"],
)
def test_topic_words_that_start_like_a_body_are_not_units(heading):
    from kehoach_desktop.core.derive.units import is_unit_like
    from kehoach_desktop.core.text import fold
    from kehoach_desktop.importer.tasks import _UNIT_START_RE

    assert not _UNIT_START_RE.match(fold(heading))
    assert not is_unit_like(heading)
    for body in ("Hội Nông dân xã", "Sở Nội vụ", "Phòng Văn hóa - Xã hội", "Đài Truyền thanh xã"):
        assert _UNIT_START_RE.match(fold(body))


def test_a_cooperating_unit_ends_where_its_work_starts(parsed):
    """«… phối hợp với Trung tâm Chính trị xã bố trí báo cáo viên» put «Trung tâm Chính trị xã bố
    trí» in the unit list (the import adds the own plan's units) and on the task."""
    task = _task(parsed, "Văn phòng Đảng ủy chuẩn bị hội trường")
    assert task.cooperating == ["Trung tâm Chính trị xã"]


def test_the_import_adds_no_unit_named_with_a_verb(db, tmp_path):
    from kehoach_desktop.core.models import OfficeProfile
    from kehoach_desktop.importer.persist import save_as_plan
    from kehoach_desktop.store import profile

    profile.save(db, OfficeProfile(superior_body="ĐẢNG BỘ TỈNH TUYÊN QUANG", issuer_body="ĐẢNG ỦY XÃ HÙNG LỢI"))
    save_as_plan(db, parse_file(build_docx(FIXTURE, tmp_path / "15-KH-DU.docx")))
    names = [u["name"] for u in profile.units(db)]
    assert "Trung tâm Chính trị xã" in names and not any(n.endswith("bố trí") for n in names), names


def test_the_chi_bo_are_the_office_s_chi_bo_truc_thuoc(parsed):
    """«Các chi bộ tổ chức học bù …» with «Các chi bộ trực thuộc» named in III: the task had no lead
    unit («chưa giao» in the tracker)."""
    assert _task(parsed, "Các chi bộ tổ chức học bù").units == ["Các chi bộ trực thuộc"]
