"""``kehoach export pdf|docx``: official-format files from the database.

Verbs are small functions listed in ``VERBS``; another feature adds its own verb
(e.g. ``export progress``) by writing ``def _verb_x(verbs) -> None`` that adds a
parser with ``set_defaults(func=…)`` and appending it to ``VERBS``.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from ..core import oserrors
from . import command_group, db_option
from .common import CliError, open_db, print_json
from .progress import export_verb as progress_export_verb

SECRET_EXIT = 3


def _common_plan_args(p: argparse.ArgumentParser) -> None:
    db_option(p)
    p.add_argument("--plan", type=int, required=True, metavar="MÃ", help="Mã (id) của kế hoạch.")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="TỆP", help="Tệp kết quả.")
    p.add_argument(
        "--profile",
        default=None,
        metavar="MẪU",
        help="Mẫu trình bày: party (Hướng dẫn 36-HD/VPTW) hoặc state (Nghị định 30/2020), "
        "hoặc mã một mẫu khác trong thư mục profiles. Mặc định: kiểu của chính văn bản "
        "(văn bản Nhà nước nhập vào: state), còn lại party.",
    )
    draft = p.add_mutually_exclusive_group()
    draft.add_argument(
        "--draft",
        dest="draft",
        action="store_true",
        default=None,
        help="In dấu DỰ THẢO (mặc định: khi kế hoạch chưa ban hành).",
    )
    draft.add_argument("--no-draft", dest="draft", action="store_false", help="Không in dấu DỰ THẢO.")
    p.add_argument(
        "--confirm-secret",
        action="store_true",
        help="Xác nhận xuất văn bản có độ mật (MẬT trở lên). Bắt buộc với văn bản mật.",
    )
    p.add_argument(
        "--copy",
        choices=["sao_y", "trich_sao", "sao_luc"],
        help="Xuất bản sao: sao y bản chính, trích sao hoặc sao lục (khối bản sao ở cuối văn bản).",
    )
    p.add_argument("--copy-number", default="", metavar="SỐ", help="Số của bản sao, ví dụ 24 → Số 24-BS/ĐU.")
    p.add_argument("--copy-date", default=None, metavar="NGÀY", help="Ngày sao (mặc định: hôm nay).")
    p.add_argument(
        "--copy-sections",
        default=None,
        metavar="DS",
        help="Trích sao: các mục La Mã cần trích, ví dụ 1,3 (mục I và III).",
    )
    p.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")


def _copy_info(args, db):
    from ..core.dates import DateError, parse_date
    from ..core.document import Signature
    from ..export import CopyInfo
    from ..store import profile as office

    if not args.copy:
        return None
    prof = office.load(db)
    try:
        date = parse_date(args.copy_date) if args.copy_date else dt.date.today()
    except DateError as exc:
        raise CliError(str(exc)) from None
    sections = None
    if args.copy_sections:
        try:
            sections = [int(x) - 1 for x in args.copy_sections.replace(" ", "").split(",") if x]
        except ValueError:
            raise CliError("--copy-sections cần các số, ví dụ 1,3.") from None
    return CopyInfo(
        kind=args.copy,
        superior_body=prof.superior_body,
        issuer_body=prof.issuer_body,
        issuer_code=prof.issuer_code,
        number=args.copy_number,
        place=prof.place,
        date=date,
        recipients=[],
        signature=Signature(prof.signer_authority, prof.signer_title, prof.signer_name),
        sections=sections,
    )


def run_plan_export(args: argparse.Namespace, fmt: str) -> int:
    from ..export import ExportOptions, ProfileError, SecretExportError, render_docx, render_pdf, secret_reason
    from ..store.plans import load_document

    # Exporting only reads the plan: it goes on read-only while a window has the file open
    # or the file sits on a read-only medium (the window's «Xuất PDF…» works there too).
    db = open_db(args, reading=True)
    try:
        try:
            doc = load_document(db, args.plan)
        except LookupError as exc:
            raise CliError(f"{exc} Xem danh sách bằng «kehoach plans list».") from None
        if secret_reason(doc) and args.confirm_secret and db.read_only:
            raise CliError(
                f"{secret_reason(doc)}\nViệc xuất văn bản mật phải được ghi vào nhật ký, nhưng tệp dữ liệu đang "
                "chỉ đọc (một cửa sổ KeHoach đang mở tệp, hoặc tệp nằm trên ổ chỉ cho đọc). Hãy đóng cửa sổ đó "
                "(hoặc chép tệp vào thư mục có quyền ghi) rồi xuất lại; chưa có tệp nào được ghi.",
                SECRET_EXIT,
            )
        options = ExportOptions(draft=args.draft, copy=_copy_info(args, db), secret_confirmed=args.confirm_secret)
        render = render_pdf if fmt == "pdf" else render_docx
        try:
            result = render(doc, args.output, args.profile, options)
        except SecretExportError:
            raise CliError(
                f"{secret_reason(doc)}\nNếu vẫn cần xuất, chạy lại với --confirm-secret.", SECRET_EXIT
            ) from None
        except ProfileError as exc:
            raise CliError(str(exc)) from None
        except OSError as exc:
            raise CliError(oserrors.describe(exc, args.output)) from None
        if secret_reason(doc):
            db.audit("plan", args.plan, "export_secret", {"format": fmt, "path": str(result.path)})
    finally:
        db.close()
    if args.json:
        print_json(
            {
                "path": str(result.path),
                "format": fmt,
                "pages": result.pages,
                "profile": result.profile,
                "font": result.font,
                "warnings": result.warnings,
            }
        )
    else:
        pages = f", {result.pages} trang" if result.pages else ""
        print(f"Đã xuất {result.path} ({result.profile}{pages}, phông {result.font}).")
        for w in result.warnings:
            print(f"Cảnh báo: {w}")
    return 0


def _verb_pdf(verbs) -> None:
    p = verbs.add_parser(
        "pdf",
        help="Xuất kế hoạch ra PDF đúng thể thức.",
        description="Xuất kế hoạch ra PDF đúng thể thức (A4, phông nhúng, in đúng cỡ).",
    )
    _common_plan_args(p)
    p.set_defaults(func=lambda a: run_plan_export(a, "pdf"))


def _verb_docx(verbs) -> None:
    p = verbs.add_parser(
        "docx",
        help="Xuất kế hoạch ra DOCX (sửa được bằng Word).",
        description="Xuất kế hoạch ra DOCX với cùng thể thức như bản PDF.",
    )
    _common_plan_args(p)
    p.set_defaults(func=lambda a: run_plan_export(a, "docx"))


# ``export progress``: the Excel progress sheets of the tracking feature (issue 5)
VERBS: list[Callable] = [_verb_pdf, _verb_docx, progress_export_verb]


def register(sub) -> None:
    verbs = command_group(
        sub,
        "export",
        help="Xuất văn bản ra PDF hoặc DOCX đúng thể thức.",
        description="Xuất văn bản ra PDF hoặc DOCX đúng thể thức.",
    )
    for add in VERBS:
        add(verbs)
