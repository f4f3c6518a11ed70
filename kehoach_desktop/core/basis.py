"""The căn cứ paragraph built from registry documents, in the official citation form."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .citations import Citation
from .text import clean, fold


@dataclass
class BasisSource:
    doc_type: str
    number: str
    date: dt.date | None
    issuer: str
    summary: str

    def citation(self) -> str:
        return Citation(self.doc_type, self.number, self.date, self.issuer, self.summary).format()


# Official capitalisation of the phrases that name bodies (longest first).
_PHRASES = [
    "Mặt trận Tổ quốc Việt Nam",
    "Ban Chấp hành Trung ương Đảng",
    "Ủy ban Thường vụ Quốc hội",
    "Thủ tướng Chính phủ",
    "Ban Chấp hành Trung ương",
    "Ban Xây dựng Đảng",
    "Đảng ủy Khối",
    "Quốc hội",
    "Chính phủ",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Mặt trận Tổ quốc",
    "Ủy ban Kiểm tra",
    "Ban Thường vụ",
    "Ban Thường trực",
    "Ban Chấp hành",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Ban Tuyên giáo",
    "Ban Tổ chức",
    "Ban Dân vận",
    "Ban Nội chính",
    "Văn phòng",
    "Trung ương",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Đảng ủy",
    "Đảng bộ",
    "Dân vận",
    "Tổng Bí thư",
    "Việt Nam",
    "Tây Bắc",
    "Tây Nguyên",
    "Đông Nam Bộ",
    "Hồ Chí Minh",
]
_PLACE_WORDS = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "tổ dân phố",
    "khu phố",
    "xã",
    "phường",
    "tỉnh",
    "huyện",
    "quận",
    "thôn",
    "xóm",
    "ấp",
    "bản",
)
# A committee named by its place alone: "Tỉnh ủy Hà Tĩnh", "Huyện ủy Can Lộc", "Ủy ban nhân dân Lào Cai".
_PLACE_COMMITTEES = {
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Tổng Bí thư",  # a person's name follows
}
# Words that end a place name: the title goes on («tỉnh Sóc Trăng năm 2022», «xã trong sạch»).
_PLACE_ENDS = frozenset(
    [
        "và",
        "của",
        "về",
        "năm",
        "giai",
        "nhiệm",
        "trong",
        "trên",
        "tại",
        "đến",
        "nhằm",
        "theo",
        "các",
        "khóa",
        "khoá",
        "lần",
        "đợt",
        "tháng",
        "quý",
        "ngày",
        "sau",
        "trước",
        "để",
        "với",
        "cho",
        "thực",
        "triển",
        "xây",
        "là",
        "có",
        "được",
        "tiếp",
        "giữa",
        "thời",
        "kết",
        "tổng",
        "báo",
        "đối",
        "giám",
        "kiểm",
        "gắn",
        "phù",
    ]
)  # as written, not folded: «nam» (Quảng Nam) is not «năm», «la» (Sơn La) not «là»
# Document types: «CHỈ THỊ SỐ 37-CT/TW» is cited as «Chỉ thị số 37-CT/TW».
_DOC_TYPES = (
    "nghị quyết",
    "chỉ thị",
    "kết luận",
    "quyết định",
    "quy định",
    "hướng dẫn",
    "kế hoạch",
    "thông báo",
    "chương trình",
    "công văn",
    "thông tư",
    "nghị định",
    "quy chế",
    "đề án",
)
# «VI», «XI» are Vietnamese words as well as roman numerals: the word next to them tells.
_ROMAN_WORDS = {
    "vi": ({"hanh", "pham", "vi", "tinh", "u"}, {"pham", "mo", "khuan", "sinh", "xu", "tinh", "vi", "dieu", "deo"}),
    "xi": (set(), {"mang", "nghiep"}),
}


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def _title_place(words: list[str], folded: list[str], out: list[str], j: int) -> int:
    """Title-case the place name starting at *j*, up to the words that go on with the title
    (a conjunction, «năm», «giai đoạn», a number, a comma); returns where it ends."""
    count = 0
    while j < len(words) and count < 4:
        word = folded[j]
        if word in ("-", "–"):
            j += 1
            continue
        bare = word.strip(",;.:()")
        if (
            not bare
            or words[j].strip(",;.:()") in _PLACE_ENDS
            or any(c.isdigit() for c in word)
            or word.startswith("(")
        ):
            break
        out[j] = _title(words[j])
        j += 1
        count += 1
        if word[-1] in ",;.:)":
            break
    return j


# Acronyms kept as written: «MTTQ», «HĐND», «UBND», «TNCS» (a Vietnamese syllable always has a vowel).
_ACRONYMS = frozenset({"UBND", "ĐU", "UBKT", "VN", "CCB", "LHPN", "UBMTTQ", "BCĐ", "TTHĐND", "HĐNDVN"})


def _acronym(word: str) -> bool:
    bare = word.strip(",;.:()")
    return bare in _ACRONYMS or (len(bare) > 1 and bare.isupper() and not re.search(r"[aeiouy]", fold(bare)))


def _place_word_at(words: list[str], i: int) -> bool:
    """A place word («tỉnh», «thành phố», «xã» …) starts at *i*: it names the place itself."""
    return any(words[i : i + len(p.split(" "))] == p.split(" ") for p in _PLACE_WORDS)


def _is_word_not_numeral(folded: list[str], k: int) -> bool:
    """«HÀNH VI VI PHẠM», «PHẠM VI», «XI MĂNG»: the word, not the numeral."""
    pair = _ROMAN_WORDS.get(folded[k].strip(",;.:()"))
    if pair is None:
        return False
    before, after = pair
    prev = folded[k - 1].strip(",;.:()") if k > 0 else ""
    nxt = folded[k + 1].strip(",;.:()") if k + 1 < len(folded) else ""
    return prev in before or nxt in after


def natural_case(name: str) -> str:
    """«ĐẢNG ỦY XÃ HƯƠNG SƠN» → «Đảng ủy xã Hương Sơn»; mixed-case text is kept."""
    name = " ".join(clean(name).split())
    if not name or name != name.upper():
        return name
    words = name.lower().split(" ")
    folded = [fold(w) for w in words]
    out = list(words)
    i = 0
    while i < len(words):
        for phrase in _PHRASES:
            parts = phrase.split(" ")
            if [fold(p) for p in parts] == folded[i : i + len(parts)]:
                out[i : i + len(parts)] = parts
                i += len(parts)
                if phrase in _PLACE_COMMITTEES and not _place_word_at(words, i):
                    i = _title_place(words, folded, out, i)
                break
        else:
            if i == 0 and words[0] == "bộ" and len(words) > 1:  # a ministry: "Bộ Giáo dục và Đào tạo"
                for j in range(1, len(words)):
                    if j == 1 or words[j - 1] in ("và", "-", "–") or words[j - 1].endswith(","):
                        out[j] = _title(words[j])
                i = len(words)
                continue
            for place in _PLACE_WORDS:
                parts = place.split(" ")
                n = len(parts)
                # the place word as written (not folded: "quan" is not "quận")
                if words[i : i + n] == parts and i + n < len(words) and folded[i + n] != "uy":
                    i = _title_place(words, folded, out, i + n)
                    break
            else:
                i += 1
    kept = name.split(" ")
    for k, word in enumerate(kept):  # «KHÓA XIII», «19-NQ/TW» stay as written
        if (_KEEP_UPPER_RE.match(word) and not _is_word_not_numeral(folded, k)) or _acronym(word):
            out[k] = word
    for k in range(len(out) - 1):
        # «chỉ thị số 37-CT/TW» → «Chỉ thị số …»; «đại hội VI» → «Đại hội VI»; «của đảng» → «của Đảng»
        pair = f"{out[k]} {out[k + 1]}"
        after, after_kept = (folded[k + 2], kept[k + 2]) if k + 2 < len(out) else ("", "")
        if (pair in _DOC_TYPES and after == "so") or (pair == "đại hội" and _KEEP_UPPER_RE.match(after_kept)):
            out[k] = _title(out[k])
        if out[k] == "luật" and folded[k + 1] == "so":
            out[k] = "Luật"
        if folded[k] == "cua" and folded[k + 1].strip(",;.:()") == "dang" and out[k + 1].islower():
            out[k + 1] = _title(out[k + 1])
    text = " ".join(out)
    return re.sub(r"^\w", lambda m: m[0].upper(), text)


# A roman numeral («XIII», «(KHÓA XIII)») or a document code («19-NQ/TW»): never lower-cased.
_KEEP_UPPER_RE = re.compile(r"^\(?(?:[IVXLC]+|\S*\d\S*|\S+/\S+)[),.;:]*$")
# Words to start a capitalised fragment in mid-sentence with a capital: named events and phrases.
_NAMED_STARTS = ("hoi nghi", "dai hoi", "dang cong san")


def _shouting(word: str) -> bool:
    return word == word.upper() and word != word.lower() and not _KEEP_UPPER_RE.match(word)


def natural_case_fragments(text: str) -> str:
    """Capitalised fragments of mixed text in natural case, by :func:`natural_case`: «Kết luận về
    HỘI NGHỊ LẦN THỨ BẢY BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII» → «Kết luận về Hội nghị lần thứ
    bảy Ban Chấp hành Trung ương Đảng khóa XIII». A run of two or more capitalised words is a
    fragment (a lone «UBND», «XIII» is kept); one in mid-sentence starts lower case unless it
    names a body or an event."""
    text = " ".join(clean(text).split())
    if not text or text == text.upper():
        return natural_case(text)
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and (_shouting(words[j]) or (j > i and _KEEP_UPPER_RE.match(words[j]))):
            j += 1
        while j > i and not _shouting(words[j - 1]):  # a trailing «XIII» belongs to the fragment too
            if sum(_shouting(w) for w in words[i:j]) >= 2:
                break
            j -= 1
        if sum(_shouting(w) for w in words[i:j]) >= 2:
            fragment = natural_case(" ".join(words[i:j]))
            folded = fold(fragment)
            named = any(folded.startswith(fold(p)) for p in _PHRASES) or folded.startswith(_NAMED_STARTS)
            if i > 0 and not named:
                fragment = fragment[:1].lower() + fragment[1:]
            out.append(fragment)
            i = j
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


# Organs of a body: their header names them alone («BAN THƯỜNG TRỰC» under «ỦY BAN MTTQ VIỆT NAM XÃ …»).
_ORGAN_RE = re.compile(
    r"^(?:ban|tieu ban|van phong|thuong truc|uy ban kiem tra|dang doan|ban can su|to|hoi dong)\b(?!.*\b(?:uy|tinh|xa|"
    r"phuong|huyen|quan|thanh pho|thi xa|thi tran|trung uong|quoc hoi|chinh phu)\b)"
)
_PARTY_COMMITTEE_RE = re.compile(r"^(tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy)\b", re.IGNORECASE)


def issuer_name(issuer_body: str, superior_body: str = "") -> str:
    """The issuer as running text names it: an organ with the body it belongs to — «Ban Thường
    trực Ủy ban MTTQ Việt Nam xã Lương Minh», «Ban Tuyên giáo Tỉnh ủy» (a Party committee's ban
    without the committee's place, as căn cứ cite it); a body that names itself, as it is."""
    own = natural_case(issuer_body)
    upper = natural_case(superior_body)
    if not own or not upper or not _ORGAN_RE.match(fold(own)):
        return own
    if fold(upper).startswith(("dang bo", "dang cong san")):
        return own  # «ĐẢNG BỘ TỈNH …» heads a committee's document, not one of its organs'
    m = _PARTY_COMMITTEE_RE.match(upper)
    if m:
        upper = upper[: m.end()]
        upper = upper[:1].upper() + upper[1:]
    return f"{own} {upper}"


def collective(issuer_body: str, signer_authority: str = "") -> str:
    """Who issues the office's plans, in running text: «Ban Thường vụ Đảng ủy xã …» for an office
    that signs «T/M BAN THƯỜNG VỤ» (or says nothing), the body itself for one that signs «T/M ĐẢNG
    ỦY» or «T/M CHI BỘ» (a chi bộ, a small đảng ủy cơ sở: it has no Ban Thường vụ)."""
    who = natural_case(clean(issuer_body).strip())
    authority = fold(signer_authority)
    if authority.strip() and "thuong vu" not in authority and who:
        return who
    return f"Ban Thường vụ {who}" if who else "Ban Thường vụ"


def default_tail(issuer_body: str, title: str, signer_authority: str = "") -> str:
    """``Ban Thường vụ Đảng ủy xã … xây dựng Kế hoạch … như sau:`` from the header."""
    who = collective(issuer_body, signer_authority)
    what = f"Kế hoạch {title.strip()[:1].lower()}{title.strip()[1:]}" if title.strip() else "Kế hoạch"
    return f"{who} xây dựng {what} như sau:"


def compose(sources: list[BasisSource], tail: str = "", lead: str = "Căn cứ") -> str:
    """``Căn cứ Hướng dẫn số 73-HD/BTGTU, ngày 16/11/2023 của Ban Tuyên giáo Tỉnh ủy về …; …, <tail>``."""
    if not sources:
        return tail.strip()
    body = "; ".join(s.citation() for s in sources)
    text = f"{lead} {body}"
    return f"{text}, {tail.strip()}" if tail.strip() else text
