"""``kehoach office show|set``: «Thông tin cơ quan» (who we are: printed in every header and
used in every number), over the same store functions as the window's dialog."""

from __future__ import annotations

import argparse

from . import command_group, verb
from .common import CliError, open_db, print_json

# option → (field of OfficeProfile, the label of the window's «Thông tin cơ quan»)
FIELDS = {
    "superior": ("superior_body", "Cơ quan cấp trên"),
    "issuer": ("issuer_body", "Cơ quan ban hành"),
    "code": ("issuer_code", "Ký hiệu cơ quan"),
    "place": ("place", "Địa danh"),
    "authority": ("signer_authority", "Thẩm quyền ký"),
    "title": ("signer_title", "Chức vụ người ký"),
    "signer": ("signer_name", "Người ký"),
}
EXAMPLES = {
    "superior": "ĐẢNG BỘ TỈNH HÀ TĨNH",
    "issuer": "ĐẢNG ỦY XÃ THẠCH HÀ",
    "code": "ĐU",
    "place": "Thạch Hà",
    "authority": "T/M BAN THƯỜNG VỤ",
    "title": "BÍ THƯ",
    "signer": "Nguyễn Văn A",
}


def register(sub) -> None:
    verbs = command_group(
        sub,
        "office",
        help="Thông tin cơ quan: xem, sửa (tên cơ quan, ký hiệu, địa danh, người ký).",
        description="Thông tin cơ quan — như hộp «Thông tin cơ quan» trong cửa sổ: in ở phần đầu và phần ký "
        "của mọi văn bản; ký hiệu dùng trong số (12-KH/ĐU).",
    )
    sh = verb(verbs, "show", help="In thông tin cơ quan.", description="In thông tin cơ quan.")
    sh.add_argument("--json", action="store_true", help="In dạng JSON.")
    sh.set_defaults(func=cmd_show)
    st = verb(
        verbs,
        "set",
        help="Sửa thông tin cơ quan (chỉ các mục ghi trong lệnh).",
        description="Sửa thông tin cơ quan: mục nào không ghi trong lệnh thì giữ nguyên. "
        "Tên cơ quan ban hành và ký hiệu không được để trống.",
    )
    for option, (_field, label) in FIELDS.items():
        st.add_argument(f"--{option}", metavar="CHỮ", help=f"{label}, ví dụ «{EXAMPLES[option]}».")
    st.set_defaults(func=cmd_set)


def cmd_show(args: argparse.Namespace) -> int:
    from ..store import profile

    db = open_db(args, read_only=True)
    try:
        prof = profile.load(db)
    finally:
        db.close()
    if args.json:
        print_json({field: getattr(prof, field) for field, _label in FIELDS.values()})
        return 0
    for field, label in FIELDS.values():
        print(f"{label}: {getattr(prof, field) or '(chưa có)'}")
    if not prof.is_complete:
        print("Thông tin chưa đủ (cần tên cơ quan ban hành, ký hiệu, địa danh): dùng «office set».")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from ..core.models import OfficeProfile
    from ..core.text import clean, nfc
    from ..store import profile

    given = {field: getattr(args, option) for option, (field, _label) in FIELDS.items()}
    given = {field: clean(nfc(value)).strip() for field, value in given.items() if value is not None}
    if not given:
        raise CliError('Chưa ghi mục nào để sửa. Ví dụ: office set --issuer "ĐẢNG ỦY XÃ THẠCH HÀ" --code ĐU.')
    db = open_db(args, must_exist=False)  # a new office's file: its information comes first
    try:
        data = profile.load(db).to_dict()
        data.update(given)
        prof = OfficeProfile.from_dict(data)
        if not prof.issuer_body or not prof.issuer_code:
            raise CliError("Hãy nhập tên cơ quan ban hành và ký hiệu (ví dụ ĐẢNG ỦY XÃ …, ĐU): --issuer, --code.")
        profile.save(db, prof)
    finally:
        db.close()
    labels = [label for field, label in FIELDS.values() if field in given]
    print(f"Đã lưu thông tin cơ quan ({', '.join(labels)}).")
    return 0
