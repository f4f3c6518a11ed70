"""Find in a plan (core, no Qt): folded matching, document order, offsets into the node text."""

from __future__ import annotations

import unicodedata

from kehoach_desktop.core.document import Node
from kehoach_desktop.core.find import FindIndex, Match, document_nodes, find_in_nodes, fold_with_offsets
from kehoach_desktop.core.text import fold


def test_unaccented_query_finds_upper_case_accented_text():
    nodes = [(1, "I. MỤC ĐÍCH, YÊU CẦU"), (2, "1. Mục đích"), (3, "Nâng cao nhận thức")]
    matches = find_in_nodes(nodes, "muc dich")
    assert matches == [Match(1, 3, 11), Match(2, 3, 11)]
    assert nodes[0][1][3:11] == "MỤC ĐÍCH" and nodes[1][1][3:11] == "Mục đích"


def test_d_and_dd_are_the_same_letter_both_ways():
    nodes = [(7, "Đảng ủy xã"), (8, "Dang uy"), (9, "đảng viên")]
    assert [m.node_id for m in find_in_nodes(nodes, "dang")] == [7, 8, 9]
    assert [m.node_id for m in find_in_nodes(nodes, "ĐẢNG")] == [7, 8, 9]
    assert [m.node_id for m in find_in_nodes(nodes, "đảng viên")] == [9]
    # Tones are ignored too: «dáng» folds to «dang».
    assert [m.node_id for m in find_in_nodes(nodes, "dáng")] == [7, 8, 9]


def test_decomposed_query_and_decomposed_text():
    text_nfd = unicodedata.normalize("NFD", "Tổ chức thực hiện")
    query_nfd = unicodedata.normalize("NFD", "thực hiện")
    assert query_nfd != "thực hiện"  # really decomposed
    nodes = [(1, "III. TỔ CHỨC THỰC HIỆN"), (2, text_nfd)]
    matches = find_in_nodes(nodes, query_nfd)
    assert [m.node_id for m in matches] == [1, 2]
    first, second = matches
    assert nodes[0][1][first.start : first.end] == "THỰC HIỆN"
    # In decomposed text the span keeps the marks of its last letter.
    assert unicodedata.normalize("NFC", text_nfd[second.start : second.end]) == "thực hiện"


def test_empty_or_blank_query_matches_nothing():
    nodes = [(1, "Mục đích"), (2, "")]
    assert find_in_nodes(nodes, "") == []
    assert find_in_nodes(nodes, "   ") == []
    assert find_in_nodes(nodes, "không có trong kế hoạch") == []


def test_every_occurrence_in_document_order_and_not_overlapping():
    nodes = [(5, "kiểm tra, kiem tra và KIỂM TRA"), (3, "Không"), (4, "kiểm tra lại")]
    matches = find_in_nodes(nodes, "kiem tra")
    assert [(m.node_id, m.start) for m in matches] == [(5, 0), (5, 10), (5, 22), (4, 0)]
    assert [m.node_id for m in find_in_nodes([(1, "aaaa")], "aa")] == [1, 1]


def test_folding_with_offsets_agrees_with_fold():
    for text in ("Đường liên thôn", "TIẾNG VIỆT", unicodedata.normalize("NFD", "Nghị quyết"), "a\u0323b", ""):
        folded, where = fold_with_offsets(text)
        assert folded == fold(text)
        assert len(where) == len(folded) and where == sorted(where)


def test_document_order_walks_children_and_table_cells():
    table = Node("table", "Bảng phân công", id=13, rows=[["STT", "Nhiệm vụ"], ["1", "Tuyên truyền đường lối"]])
    roots = [
        Node("section", "MỤC ĐÍCH", id=10, children=[Node("bullet", "Nâng cao nhận thức", id=11)]),
        Node("section", "PHỤ LỤC", id=12, role="appendix", children=[table]),
        Node("paragraph", "no id, not findable"),
    ]
    nodes = document_nodes(roots)
    assert [n for n, _ in nodes] == [10, 11, 12, 13]
    index = FindIndex(nodes)
    assert len(index) == 4
    assert [m.node_id for m in index.find("duong loi")] == [13]
    assert [m.node_id for m in index.find("nhan thuc")] == [11]
    # The index can be asked again with other queries (texts are folded once).
    assert [m.node_id for m in index.find("muc")] == [10]
