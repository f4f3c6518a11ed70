"""Each sample plan re-created through the editor's commands round-trips through the store
unchanged: NFC text, order, numbering, tasks, recipients, signature.

Our own transcriptions in tests/fixtures/ always run; the real samples run where
../shared is present (the ``sample`` fixture skips otherwise).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from plan_builder import build_plan, doc_tree, expected_tree, parse_transcription

from kehoach_desktop.store import plans

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OWN = {"huyen": "plan_huyen_2025.txt", "khoi": "plan_khoi_2025.txt", "quan_nfd": "plan_quan_2023_nfd.txt"}


def _roundtrip(db, raw: str):
    exp = parse_transcription(raw)
    plan_id, stack, task_expect = build_plan(db, exp)
    doc = plans.load_document(db, plan_id)
    assert doc_tree(doc) == expected_tree(exp)
    for text in [doc.title, doc.basis, doc.closing, *doc.recipients, *(n.text for n in doc.walk())]:
        assert unicodedata.is_normalized("NFC", text)
    assert (doc.title, doc.basis, doc.closing) == (exp.title, exp.basis, exp.closing)
    assert doc.recipients == exp.recipients
    assert (doc.signature.authority, doc.signature.title, doc.signature.name) == exp.signature
    assert doc.date == exp.date and doc.numbering_style == exp.style
    stored = {t["node_id"]: t for t in plans.plan_tasks(db, plan_id)}
    assert set(stored) == set(task_expect)
    for node_id, data in task_expect.items():
        t = stored[node_id]
        assert t["lead_unit_id"] == data["lead_unit_id"]
        assert t["deadline_kind"] == data["deadline_kind"] and t["deadline_text"] == data["deadline_text"]
        assert t["deadline_end"] == (data["deadline_end"].isoformat() if data["deadline_end"] else None)
    # Node ids in the document carry their task ids (the tracker and exporters rely on it).
    assert {n.id for n in doc.walk() if n.task_id} == set(task_expect)
    # Undo all the way removes the plan; redo all the way brings back the same document.
    pushed = 0
    while stack.can_undo:
        stack.undo()
        pushed += 1
    assert db.scalar("SELECT COUNT(*) FROM plans") == 0
    for _ in range(pushed):
        stack.redo()
    assert doc_tree(plans.load_document(db, plan_id)) == expected_tree(exp)
    return exp, doc, task_expect


@pytest.mark.parametrize("key", sorted(OWN))
def test_own_transcriptions_round_trip(db, key):
    raw = (FIXTURES / OWN[key]).read_text(encoding="utf-8")
    _exp, doc, tasks = _roundtrip(db, raw)
    assert len(list(doc.walk())) > 10 and tasks


def test_own_fixture_details(db):
    _exp, doc, _ = _roundtrip(db, (FIXTURES / OWN["khoi"]).read_text(encoding="utf-8"))
    assert [n.label for n in doc.sections] == ["I-", "II-", "III-"]
    assert doc.sections[1].children[0].label == "1."
    assert doc.signature.title == "TRƯỞNG BAN" and doc.recipients[-1] == "Lưu VP, BTGĐUK."


def test_own_nfd_fixture_is_stored_nfc(db):
    raw = (FIXTURES / OWN["quan_nfd"]).read_text(encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", raw)
    _, doc, _ = _roundtrip(db, raw)
    assert doc.signature.authority == "T/M BAN THƯỜNG VỤ"
    assert doc.recipients[:2] == ["Ban Tuyên giáo Thành ủy (để báo cáo),", "Ban Thường vụ Quận ủy (để báo cáo),"]
    assert any(n.label == "2.2." for n in doc.walk())


@pytest.mark.samples
@pytest.mark.parametrize("key", ["llct_2024", "llct_2022", "khoa_giao_2024"])
def test_real_samples_round_trip(db, sample, key):
    _exp, doc, tasks = _roundtrip(db, sample(key))
    assert len(tasks) >= (2 if key == "khoa_giao_2024" else 5)
    labels = [n.label for n in doc.walk() if n.kind == "section"]
    if key == "khoa_giao_2024":
        assert labels[0] == "I-" and "1." in labels
    else:
        assert "4.1." in labels and "4.4." in labels
