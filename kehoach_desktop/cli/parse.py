"""``kehoach parse FILE --json``: what the importer recognises in a document."""

from __future__ import annotations

import argparse
import sys

from ..importer import ImportFailure, parse_file, parse_text
from . import db_option
from .common import CliError, print_json


def register(sub) -> None:
    p = sub.add_parser(
        "parse",
        help="Đọc một văn bản (.docx/.pdf/ảnh quét/.txt) và in cấu trúc nhận ra.",
        description="Đọc một văn bản (.docx, .pdf, ảnh quét hoặc .txt) và in phần đầu, căn cứ, cây mục, "
        "văn bản được trích dẫn, nhiệm vụ, nơi nhận và chữ ký nhận ra được.\n"
        "Không ghi gì vào cơ sở dữ liệu.",
    )
    db_option(p)
    p.add_argument(
        "file",
        help="Tệp cần đọc (.docx, .pdf, ảnh quét .png/.jpg, hoặc .txt); «-» để đọc văn bản dán vào từ đầu vào chuẩn.",
    )
    p.add_argument("--json", action="store_true", help="In một đối tượng JSON.")
    p.set_defaults(func=cmd_parse)


def _outline(sections, depth: int = 0) -> list[str]:
    lines = []
    for s in sections:
        label = f"{s.label}. " if s.label else ""
        lines.append("  " * depth + f"{label}{s.heading}"[:110])
        lines.extend(_outline(s.children, depth + 1))
    return lines


def _read_stdin() -> str:
    """Standard input, bounded like a file (issue 13): never more than the limit is read."""
    from ..importer.readers import MAX_TEXT_BYTES, too_long_message
    from ..importer.textfile import decode_bytes

    data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise ImportFailure(too_long_message(len(data)), "too_large")
    return decode_bytes(data, "văn bản dán vào")[0]


def cmd_parse(args: argparse.Namespace) -> int:
    try:
        doc = parse_text(_read_stdin()) if args.file == "-" else parse_file(args.file)
    except ImportFailure as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json(doc.to_json())
        return 0
    date = doc.date.strftime("%d/%m/%Y") if doc.date else "—"
    print(f"{doc.doc_type_line or doc.doc_type} {doc.number or '(chưa có số)'} ngày {date}")
    if doc.title:
        print(f"Trích yếu: {doc.title}")
    for line in _outline(doc.sections):
        print(line)
    print(
        f"Văn bản được trích dẫn: {len(doc.references)}; nhiệm vụ đề xuất: {len(doc.tasks)}; "
        f"phân công: {len(doc.assignments)}; nơi nhận: {len(doc.recipients)}"
    )
    for warning in doc.warnings:
        print(f"Lưu ý: {warning}")
    return 0
