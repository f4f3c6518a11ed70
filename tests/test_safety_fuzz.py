"""Fuzzing (hypothesis) of the parsers and importers: whatever the input, they either
return or raise their own documented error (a ValueError subclass with a message),
never anything else, and never hang. A modest run here; a long one on demand:

    KEHOACH_FUZZ_EXAMPLES=5000 python3 -m pytest -q tests/test_safety_fuzz.py
    python3 benchmarks/fuzz_long.py
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("KEHOACH_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Pieces that steer the fuzzer into the interesting parts of the grammars.
FRAGMENTS = [
    "Số",
    "số",
    "-KH/",
    "-NQ/TW",
    "-HD/BTGTU",
    "/",
    "-",
    "ngày",
    "tháng",
    "năm",
    "Quý",
    "quý I",
    "6 tháng đầu năm",
    "trước ngày",
    "31/12/2026",
    "29/02/2025",
    "00/00/0000",
    "15-3-2024",
    "của",
    "Ban Thường vụ Tỉnh ủy",
    "Nghị quyết",
    "Kế hoạch",
    "Chỉ thị",
    "Kết luận",
    "Hướng dẫn",
    "Đảng ủy",
    "ĐU",
    "Đ",
    "I.",
    "1.",
    "a)",
    "-",
    "+",
    "\u0301",
    "\u0303",
    "\u00a0",
    "\t",
    "\n",
    "\r\n",
    "\x00",
    "\x1b",
    "\u200b",
    "\ufeff",
    "9" * 30,
    "KH",
    "NQ/TW",
    "[bookmark: _Toc1]",
    "**",
    "*",
    "| (để)",
    "hằng năm",
    "thường xuyên",
    "định kỳ",
    "năm 2026",
    "Q1",
    "2026-Q5",
    "tháng 13/2026",
    "ngày 31 tháng 4 năm 2026",
]
text_st = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8), st.integers(-5, 10**6).map(str)), max_size=40
    ).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8), st.integers(0, 40).map(str)), max_size=40).map(
        " ".join
    ),
)


@FUZZ
@given(text_st)
def test_parse_number(text):
    from kehoach_desktop.core.numbers import NumberError, parse_number, try_parse

    try:
        n = parse_number(text)
    except NumberError as exc:
        assert str(exc)
    else:
        assert try_parse(n.format()) is not None  # what it accepted, it can read back


@FUZZ
@given(text_st)
def test_parse_date(text):
    from kehoach_desktop.core.dates import DateError, parse_date

    try:
        d = parse_date(text)
    except DateError as exc:
        assert str(exc)
    else:
        assert isinstance(d, dt.date)


@FUZZ
@given(text_st)
def test_find_and_parse_citations(text):
    from kehoach_desktop.core.citations import find_citations, parse_citation, unique_references

    for cite in find_citations(text):
        assert cite.number
    parse_citation(text)
    unique_references(text)


@FUZZ
@given(text_st, st.one_of(st.none(), st.integers(1900, 2100)))
def test_find_deadline(text, year):
    from kehoach_desktop.core.deadlines import find_deadline

    d = find_deadline(text, year)
    if d is not None and d.start and d.end:
        assert d.start <= d.end


@FUZZ
@given(text_st)
def test_parse_period(text):
    from kehoach_desktop.tracking import periods

    try:
        periods.parse_period(text)
    except periods.PeriodError:
        pass


@FUZZ
@given(text_st)
def test_import_pasted_text(text):
    from kehoach_desktop.importer import ImportFailure, parse_text

    try:
        parse_text(text)
    except ImportFailure as exc:
        assert str(exc)


@FUZZ
@given(st.binary(max_size=2000))
def test_decode_any_bytes(data):
    from kehoach_desktop.importer import ImportFailure
    from kehoach_desktop.importer.textfile import decode_bytes

    try:
        text, _encoding = decode_bytes(data)
    except ImportFailure:
        return
    assert isinstance(text, str)


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("ĐẢNG BỘ TỈNH LÂM ĐỒNG")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    d.add_paragraph("1. Quán triệt Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


_DOCX = None


def docx_template() -> bytes:
    global _DOCX
    if _DOCX is None:
        _DOCX = _docx_bytes()
    return _DOCX


@FUZZ
@given(
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=12),
    st.sampled_from([None, 0.3, 0.6, 0.9, 0.999]),
)
def test_mutated_docx_is_imported_or_refused_cleanly(tmp_path_factory, flips, cut):
    """Random byte flips and truncations of a real .docx: the importer (with the hostile-file
    check in front) returns a document or raises ImportFailure, nothing else."""
    from kehoach_desktop.importer import ImportFailure, parse_file

    data = bytearray(docx_template())
    for where, value in flips:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[: int(len(data) * cut)]
    path = tmp_path_factory.mktemp("fuzz") / "ke-hoach.docx"
    path.write_bytes(bytes(data))
    try:
        parse_file(path)
    except ImportFailure as exc:
        assert str(exc)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "word/document.xml",
                "word/styles.xml",
                "[Content_Types].xml",
                "_rels/.rels",
                "word/_rels/document.xml.rels",
                "word/numbering.xml",
            ]
        ),
        st.one_of(st.binary(max_size=300), text_st.map(lambda t: t.encode("utf-8"))),
        min_size=1,
        max_size=4,
    )
)
def test_docx_with_garbage_parts(tmp_path_factory, parts):
    """Well-formed zip, garbage XML parts: refused cleanly or read."""
    from kehoach_desktop.importer import ImportFailure, parse_file

    src = zipfile.ZipFile(io.BytesIO(docx_template()))
    path = tmp_path_factory.mktemp("fuzz") / "parts.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, parts.get(info.filename, src.read(info.filename)))
    try:
        parse_file(path)
    except ImportFailure as exc:
        assert str(exc)


@FUZZ
@given(st.binary(min_size=0, max_size=3000), st.sampled_from(["docx", "xlsx"]))
def test_hostile_check_on_random_bytes(tmp_path_factory, data, kind):
    from kehoach_desktop.safety.hostile import HostileFileError, check_office_file

    path = tmp_path_factory.mktemp("fuzz") / f"x.{kind}"
    path.write_bytes(data)
    try:
        check_office_file(path, kind)
    except HostileFileError as exc:
        assert str(exc) and exc.reason


@FUZZ
@given(text_st)
def test_search_never_raises(text):
    from kehoach_desktop.store.search import fts_query

    q = fts_query(text)
    assert q.count('"') % 2 == 0


_XLSX: dict = {}


def _returned_workbook():
    """A real exported progress workbook and its database, built once."""
    if not _XLSX:
        import tempfile

        from tracking_data import make_plan

        from kehoach_desktop.store import open_database
        from kehoach_desktop.tracking.excel_export import export_per_unit
        from kehoach_desktop.tracking.periods import Period

        tmp = Path(tempfile.mkdtemp(prefix="kehoach-fuzz-"))
        db = open_database(tmp / "fuzz.sqlite3")
        ids = make_plan(db)
        res = export_per_unit(db, ids["plan"], Period("quarter", 2026, 2), tmp / "out", today=dt.date(2026, 5, 10))
        _XLSX.update(db=db, data=next(r.path for r in res if r.unit_id == ids["units"]["BXDĐ"]).read_bytes())
    return _XLSX["db"], _XLSX["data"]


@FUZZ
@given(
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=12),
    st.sampled_from([None, 0.5, 0.95]),
)
def test_mutated_progress_workbook_is_read_or_refused_cleanly(tmp_path_factory, flips, cut):
    """The Excel progress import on damaged returned workbooks: a preview with errors, never a crash,
    never a write."""
    from kehoach_desktop.tracking import excel_import

    db, good = _returned_workbook()
    data = bytearray(good)
    for where, value in flips:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[: int(len(data) * cut)]
    path = tmp_path_factory.mktemp("fuzz") / "tien-do.xlsx"
    path.write_bytes(bytes(data))
    before = db.scalar("SELECT COUNT(*) FROM progress")
    try:
        pv = excel_import.preview(db, [path], today=dt.date(2026, 5, 10))
    except excel_import.ImportRefused as exc:
        assert str(exc)
    else:
        assert pv.ok or pv.errors
    assert db.scalar("SELECT COUNT(*) FROM progress") == before
