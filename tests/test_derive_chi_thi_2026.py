"""Cụ thể hóa of a Tỉnh ủy Chỉ thị received as a text PDF (2026): bare points «1.→…» to «5.→…»,
no parts, the Party closing «Chỉ thị này được phổ biến đến chi bộ.», signed T/M BAN THƯỜNG VỤ.
The fixture (``fixtures/derive/chi-thi-tinh-uy-08-2026.txt``) is our own wording, laid out after
the province Chỉ thị on the 2026 elections."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES
from offices import commune_office

from kehoach_desktop.core.models import OfficeProfile
from kehoach_desktop.importer import parse_file
from kehoach_desktop.importer.persist import save_as_directive
from kehoach_desktop.store import derive as derive_store
from kehoach_desktop.store import directives, plans, profile
from kehoach_desktop.store.commands import UndoStack
from tests.office_docs import build_pdf

FIXTURE = FIXTURES / "derive" / "chi-thi-tinh-uy-08-2026.txt"
TODAY = dt.date(2026, 2, 9)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    return build_pdf(FIXTURE, tmp_path_factory.mktemp("ct") / "08-CT-TU.pdf")


@pytest.fixture
def derived(db, pdf):
    commune_office(
        db,
        province="GIA LAI",
        commune="XÃ IA GRAI",
        place="Ia Grai",
        signer="Rơ Mah Tuấn",
        units=("Văn phòng Đảng ủy", "Ban Xây dựng Đảng", "Các chi bộ trực thuộc"),
    )
    did = save_as_directive(db, parse_file(pdf))
    cmd = derive_store.DerivePlan(derive_store.start(db, did, today=TODAY))
    UndoStack(db).push(cmd)
    return db, cmd.plan_id


def _content(db, pid) -> list[str]:
    doc = plans.load_document(db, pid)
    return [n.text for n in doc.sections[1].walk()][1:]


def test_a_document_named_after_va_is_not_part_of_the_issuer(db, pdf):
    """«… quán triệt Chỉ thị số 46-CT/TW của Bộ Chính trị và Chỉ thị này đến cán bộ, …» put
    «Chỉ thị 46-CT/TW — Bộ Chính trị và Chỉ thị này đến cán bộ» in the registry (a compound
    body name «Bộ X và Y» took the next document for a part of the name)."""
    did = save_as_directive(db, parse_file(pdf))
    cited = [r for r in directives.list_rows(db) if r["number"] == "46-CT/TW"]
    assert [r["issuer"] for r in cited] == ["Bộ Chính trị"]
    assert did not in [r["id"] for r in cited]


@pytest.mark.parametrize(
    "text, issuer",
    [
        ("Kết luận số 121-KL/TW của Ban Chấp hành Trung ương đến toàn thể đảng viên", "Ban Chấp hành Trung ương"),
        ("Quyết định số 5/QĐ-BVHTTDL của Bộ Văn hóa, Thể thao và Du lịch về việc", "Bộ Văn hóa, Thể thao và Du lịch"),
    ],
)
def test_issuer_stops_before_den(text, issuer):
    from kehoach_desktop.core.citations import find_citations

    assert find_citations(text)[0].issuer == issuer


def test_the_party_closing_of_a_chi_thi_is_its_closing_not_part_of_the_last_point(pdf):
    """«Chỉ thị này được phổ biến đến chi bộ.» was read as a paragraph of point 5, and the derived
    plan printed it under «3. Các đảng ủy xã, phường báo cáo kết quả …»."""
    doc = parse_file(pdf)
    assert doc.closing == "Chỉ thị này được phổ biến đến chi bộ."
    assert [s.label for s in doc.sections] == ["1", "2", "3", "4", "5"]
    assert doc.sections[-1].paragraphs == [] and doc.sections[-1].children == []


@pytest.mark.parametrize(
    "upstream, ours",
    [
        (
            "Các cấp ủy đảng tổ chức quán triệt Chỉ thị đến cán bộ, đảng viên.",
            "Tổ chức quán triệt Chỉ thị đến cán bộ, đảng viên.",
        ),
        ("Các cấp ủy đảng các cấp lãnh đạo tổ chức bầu cử.", "Lãnh đạo tổ chức bầu cử."),
        ("Các cấp ủy, tổ chức đảng tổ chức học tập.", "Tổ chức học tập."),
        ("Các cấp ủy và chính quyền tổ chức thực hiện.", "Các cấp ủy và chính quyền tổ chức thực hiện."),
    ],
)
def test_our_level_as_subject_goes_whole(upstream, ours):
    """«1. Các cấp ủy đảng tổ chức quán triệt …» became «1. Đảng tổ chức quán triệt …» in our plan:
    only «Các cấp ủy» was taken off."""
    from kehoach_desktop.core.derive.model import without_our_level

    assert without_our_level(upstream) == ours


def test_the_first_point_reads_as_our_own_work(derived):
    db, pid = derived
    first = _content(db, pid)[0]
    assert first.startswith("Tổ chức quán triệt Chỉ thị số 46-CT/TW của Bộ Chính trị và Chỉ thị"), first


def test_a_point_that_is_only_the_report_is_said_once(derived):
    """«5. Các đảng ủy xã, phường báo cáo kết quả cuộc bầu cử về Ban Thường vụ Tỉnh ủy (qua Ban Tổ
    chức Tỉnh ủy) chậm nhất ngày 20/3/2026.» was copied as a point of our plan and again as the
    report in «Chế độ thông tin, báo cáo»: two tasks for one report."""
    db, pid = derived
    content = _content(db, pid)
    assert not any(t.startswith("Các đảng ủy xã, phường báo cáo") for t in content), content
    reports = [t for t in content if "báo cáo kết quả" in t.lower()]
    assert reports == [
        "Báo cáo kết quả thực hiện về Ban Thường vụ Tỉnh ủy (qua Ban Tổ chức Tỉnh ủy) trước ngày 13/3/2026."
    ]
    assert sum("báo cáo kết quả" in t["title"].lower() for t in plans.plan_tasks(db, pid)) == 1


def test_this_chi_thi_is_named_by_its_number_in_our_plan(derived):
    """Copied into our Kế hoạch, «quán triệt … Chỉ thị này đến cán bộ» would mean our own plan."""
    db, pid = derived
    first = _content(db, pid)[0]
    assert "Chỉ thị này" not in first
    assert first.startswith("Tổ chức quán triệt Chỉ thị số 46-CT/TW của Bộ Chính trị và Chỉ thị số 08-CT/TU đến cán bộ")


def test_a_summing_up_that_is_the_report_is_said_once(db, tmp_path):
    """A Ban Tổ chức Tỉnh ủy Hướng dẫn (``fixtures/derive/huong-dan-ban-to-chuc-12-2026.txt``, our
    own wording): «2. Đối với đảng ủy xã, phường — Các đảng ủy xã, phường tổng hợp kết quả, báo
    cáo về Ban Tổ chức Tỉnh ủy trước ngày 15/7/2026» was kept as a point and said again as the report."""
    from tests.office_docs import build_docx

    profile.save(db, OfficeProfile(superior_body="ĐẢNG BỘ TỈNH TUYÊN QUANG", issuer_body="ĐẢNG ỦY XÃ HÙNG LỢI"))
    profile.add_unit(db, "Văn phòng Đảng ủy")
    fixture = FIXTURES / "derive" / "huong-dan-ban-to-chuc-12-2026.txt"
    did = save_as_directive(db, parse_file(build_docx(fixture, tmp_path / "12-HD.docx")))
    cmd = derive_store.DerivePlan(derive_store.start(db, did, today=dt.date(2026, 4, 10)))
    UndoStack(db).push(cmd)
    content = _content(db, cmd.plan_id)
    assert sum("báo cáo" in t.lower() and "Ban Tổ chức Tỉnh ủy" in t for t in content) == 1, content
    assert "Báo cáo kết quả thực hiện về Ban Tổ chức Tỉnh ủy trước ngày 08/7/2026." in content
