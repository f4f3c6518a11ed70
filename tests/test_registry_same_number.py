"""Two documents with one number are two entries of the registry when their years differ
(outside walk of cụ thể hóa, issue 15/16): Party numbers restart with each term and every
province's Tỉnh ủy writes «/TU», so «45-KH/TU» of 2022 and «45-KH/TU» of 2027 are different
plans. Importing the 2027 one merged it into the 2022 entry and kept the 2022 structure, so
«Cụ thể hóa» wrote a plan on the 2022 tasks; and a sample citing Nghị quyết 37-NQ/TW of
09/10/2014 (công tác lý luận) next to one citing 37-NQ/TW of 24/12/2018 (sắp xếp đơn vị
hành chính) got «sổ văn bản ghi ngày 24/12/2018» as an error. The same number in the same
year with another day is still one document whose date disagrees (a typo to show)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from conftest import FIXTURES, ROOT
from offices import commune_office

from kehoach_desktop.core.citations import find_citations
from kehoach_desktop.importer import parse_text
from kehoach_desktop.importer.persist import CONFLICT, reference_states, register_references, save_as_directive
from kehoach_desktop.store import derive as derive_store
from kehoach_desktop.store import directives

UPSTREAM = (FIXTURES / "derive" / "ke-hoach-tinh-uy-45.txt").read_text(encoding="utf-8")
OLD = UPSTREAM.replace("2027", "2022").replace("chuyển đổi số", "cải cách hành chính")


def _office(db) -> None:
    commune_office(db)


def test_the_same_number_of_another_year_is_another_document_with_its_own_structure(db):
    _office(db)
    old = save_as_directive(db, parse_text(OLD))
    new = save_as_directive(db, parse_text(UPSTREAM))
    assert new != old
    assert [r["issued_on"] for r in directives.find_by_number(db, "45-KH/TU")] == ["2022-03-10", "2027-03-10"]
    title = derive_store.start(db, new, today=dt.date(2027, 3, 15)).title()
    assert "ngày 10/3/2027" in title and "chuyển đổi số" in title
    # the same file again is still the same entry
    assert save_as_directive(db, parse_text(UPSTREAM)) == new


def test_a_citation_of_either_finds_its_own_entry(db):
    cites = find_citations(
        "Căn cứ Nghị quyết số 37-NQ/TW, ngày 09/10/2014 của Bộ Chính trị về công tác lý luận; "
        "Nghị quyết số 37-NQ/TW, ngày 24/12/2018 của Bộ Chính trị về việc sắp xếp các đơn vị hành chính"
    )
    ids = register_references(db, cites[:1])
    ids.update(register_references(db, cites[1:]))
    rows = directives.find_by_number(db, "37-NQ/TW")
    assert sorted(r["issued_on"] for r in rows) == ["2014-10-09", "2018-12-24"]
    states = reference_states(db, cites)
    assert [s.state for s in states] != [CONFLICT, CONFLICT]
    assert {s.directive_id for s in states} == {int(r["id"]) for r in rows}


def test_the_same_number_in_the_same_year_with_another_day_is_a_disagreement(db):
    first = find_citations("Căn cứ Kế hoạch số 45-KH/TU, ngày 10/3/2027 của Tỉnh ủy về chuyển đổi số")
    register_references(db, first)
    typo = find_citations("Căn cứ Kế hoạch số 45-KH/TU, ngày 11/3/2027 của Tỉnh ủy về chuyển đổi số")
    (state,) = reference_states(db, typo)
    assert state.state == CONFLICT and "10/03/2027" in " ".join(state.messages)
    assert len(directives.find_by_number(db, "45-KH/TU")) == 1


def test_derive_by_a_number_two_documents_share_asks_which(db):
    _office(db)
    old = save_as_directive(db, parse_text(OLD))
    new = save_as_directive(db, parse_text(UPSTREAM))
    path = db.path
    db.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "kehoach_desktop", "--db", str(path), "plans", "derive", "--from", "45-KH/TU"],
        capture_output=True,
        text=True,
        env=env,
        encoding="utf-8",
    )
    assert out.returncode == 1
    assert f"mã {old}" in out.stderr and f"mã {new}" in out.stderr and "10/03/2022" in out.stderr


def test_a_number_that_names_its_year_is_one_document_whatever_the_date(db):
    register_references(db, find_citations("Căn cứ Nghị quyết số 116/2018/NQ-HĐND ngày 01/01/2019 của HĐND tỉnh"))
    (state,) = reference_states(
        db, find_citations("Căn cứ Nghị quyết số 116/2018/NQ-HĐND ngày 07/12/2018 của HĐND tỉnh")
    )
    assert state.state == CONFLICT
