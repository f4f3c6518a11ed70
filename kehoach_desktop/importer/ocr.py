"""Read scans (image PDF pages, JPG/PNG/TIFF) with Tesseract on this computer (issue 16).

Never a network service: documents may be secret. Tesseract runs as a program with
its Vietnamese data (``vie.traineddata``); its TSV output gives every word with its
box, so the same layout rules as for text PDFs (:mod:`.layout`) rebuild the header's
two columns, Nơi nhận beside the signature, and paragraphs. OCR confusions the
domain makes certain are repaired afterwards (:mod:`.repair`).

Where Tesseract is looked for: ``KEHOACH_TESSERACT`` (a path to the program), the
``tesseract/`` folder shipped beside the frozen program, the PATH, and on Windows the
registry key the UB Mannheim installer writes and ``Program Files\\Tesseract-OCR``.
The installer does not ship Tesseract (about 70 MB with its Vietnamese and
orientation data against a 120 MB budget for the whole program): the message says
what to install.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from .errors import ImportFailure
from .layout import Page, Run, lines_from_pages
from .textfile import Line

MAX_IMAGE_BYTES = 60 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 Mpx
MAX_OCR_PAGES = 40  # pages read by OCR in one file
OCR_PAGE_SECONDS = 90.0  # one page (a loaded 2-core machine takes 3–10 s)
OCR_DPI = 300
# A "word" that is only rule lines, dots or specks (the rules under the header, noise).
_JUNK_RE = re.compile(r"^(?:[-_—–=~]{2,}|[_—=~.,:;'\"`ˆ^|/\\*•·°]+)$")

INSTALL_HINT = (
    "Chưa có chương trình nhận dạng chữ Tesseract (cần cho PDF quét và ảnh). "
    "Trên Windows: cài «Tesseract OCR» (bản của UB Mannheim), khi cài chọn thêm ngôn ngữ «Vietnamese»; "
    "trên Ubuntu/Debian: sudo apt-get install tesseract-ocr tesseract-ocr-vie. "
    "Cài xong, mở lại chương trình rồi nhập lại tệp. Trong lúc chờ, có thể dùng tệp Word hoặc PDF có chữ."
)
NO_VIETNAMESE_HINT = (
    "Tesseract đã có nhưng thiếu dữ liệu tiếng Việt (vie). Trên Windows: chạy lại bộ cài Tesseract, "
    "chọn thêm ngôn ngữ «Vietnamese»; trên Ubuntu/Debian: sudo apt-get install tesseract-ocr-vie."
)


def _windows_candidates() -> list[Path]:
    out: list[Path] = []
    if sys.platform == "win32":
        import winreg

        for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
            try:
                with winreg.OpenKey(hive, r"SOFTWARE\Tesseract-OCR") as key:
                    folder, _ = winreg.QueryValueEx(key, "InstallDir")
                    out.append(Path(folder) / "tesseract.exe")
            except OSError:
                continue
    for env in ("ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"):
        base = os.environ.get(env)
        if base:
            out.append(Path(base) / "Tesseract-OCR" / "tesseract.exe")
            out.append(Path(base) / "Programs" / "Tesseract-OCR" / "tesseract.exe")
    return out


@lru_cache(maxsize=1)
def find_tesseract() -> str | None:
    """Path of the tesseract program, or None."""
    explicit = os.environ.get("KEHOACH_TESSERACT")
    candidates: list[Path] = [Path(explicit)] if explicit else []
    base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    candidates.append(base / "tesseract" / ("tesseract.exe" if os.name == "nt" else "tesseract"))
    found = shutil.which("tesseract")
    if found:
        candidates.append(Path(found))
    if os.name == "nt":
        candidates.extend(_windows_candidates())
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    return None


@lru_cache(maxsize=1)
def _languages(program: str) -> frozenset[str]:
    try:
        done = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    words = (done.stdout + "\n" + done.stderr).split()
    return frozenset(w.strip() for w in words)


def tesseract_or_fail() -> str:
    program = find_tesseract()
    if program is None:
        raise ImportFailure(INSTALL_HINT, "ocr_missing")
    if "vie" not in _languages(program):
        raise ImportFailure(NO_VIETNAMESE_HINT, "ocr_missing")
    return program


# «Hủy» while a scan is read (issue 16): the reading thread says how to ask, and Tesseract is
# stopped within CANCEL_POLL_SECONDS instead of finishing the page (and the pages after it) on a
# 2-core PC the user has moved on with. A context variable: each reading thread has its own.
_cancelled: ContextVar[Callable[[], bool] | None] = ContextVar("ocr_cancelled", default=None)
CANCEL_POLL_SECONDS = 0.2
CANCELLED = "cancelled"  # ImportFailure.reason of a reading stopped by the user


@contextmanager
def cancellable(cancelled: Callable[[], bool]) -> Iterator[None]:
    """OCR inside the block stops (ImportFailure of kind CANCELLED) once ``cancelled()`` is true."""
    token = _cancelled.set(cancelled)
    try:
        yield
    finally:
        _cancelled.reset(token)


def _stop_if_cancelled() -> None:
    check = _cancelled.get()
    if check is not None and check():
        raise ImportFailure("Đã hủy nhận dạng chữ.", CANCELLED)


def ocr_image_file(image: Path, name: str) -> tuple[list[Run], float, float]:
    """Words of an image file grouped into pieces, with the image's size in pixels."""
    program = tesseract_or_fail()
    _stop_if_cancelled()
    try:
        proc = subprocess.Popen(
            [program, str(image), "stdout", "-l", "vie", "--psm", "3", "--dpi", str(OCR_DPI), "tsv"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            # One thread: Tesseract's OpenMP threads slow it down 3× on a busy 2-core PC.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except OSError as exc:
        raise ImportFailure(f"Không chạy được Tesseract: {exc}. {INSTALL_HINT}", "ocr_missing") from None
    deadline = time.monotonic() + OCR_PAGE_SECONDS
    with proc:
        while True:
            try:
                out, err = proc.communicate(timeout=CANCEL_POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                try:
                    _stop_if_cancelled()
                except ImportFailure:
                    proc.kill()
                    proc.communicate()
                    raise
                if time.monotonic() > deadline:
                    proc.kill()
                    proc.communicate()
                    raise ImportFailure(
                        f"Nhận dạng chữ «{name}» quá lâu (quá {OCR_PAGE_SECONDS:.0f} giây một trang). "
                        "Hãy quét lại ở 300 dpi, đen trắng, rồi nhập lại.",
                        "hostile",
                    ) from None
    if proc.returncode != 0:
        message = err.decode("utf-8", errors="replace").strip().splitlines()[-1:] or [""]
        raise ImportFailure(
            f"Không nhận dạng được chữ trong «{name}» ({message[0][:160]}). Hãy quét lại rõ hơn hoặc dùng tệp gốc.",
            "unreadable",
        )
    return _runs_from_tsv(out.decode("utf-8", errors="replace"))


def _runs_from_tsv(tsv: str) -> tuple[list[Run], float, float]:
    words: dict[tuple[str, str, str, str], list[tuple[str, float, float, float, float]]] = {}
    width = height = 0.0
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        try:
            level = int(row["level"])
        except (KeyError, TypeError, ValueError):
            continue
        left, top = float(row["left"]), float(row["top"])
        w, h = float(row["width"]), float(row["height"])
        if level == 1:
            width, height = max(width, left + w), max(height, top + h)
            continue
        text = (row.get("text") or "").strip()
        if level != 5 or not text or _JUNK_RE.match(text):
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        if len(text) <= 3 and w > 1.6 * (0.75 * len(text) + 0.5) * h:
            # A short word whose box swallowed a speck on its left ("2," 150 px wide): its own
            # width, kept at its right end, so a paragraph's indent is not read as flush left.
            left, w = left + w - (0.75 * len(text) + 0.5) * h, (0.75 * len(text) + 0.5) * h
        words.setdefault(key, []).append((text, left, left + w, top, top + h))
    # A scan is rarely straight: measure the slant along the lines and undo it, so
    # the two header columns and the rows of the body line up again.
    slopes = []
    for items in words.values():
        if len(items) >= 4:
            items.sort(key=lambda item: item[1])
            (x_a, y_a), (x_b, y_b) = (items[0][1], items[0][4]), (items[-1][1], items[-1][4])
            if x_b - x_a > 200:
                slopes.append((y_b - y_a) / (x_b - x_a))
    slope = sorted(slopes)[len(slopes) // 2] if slopes else 0.0
    if abs(slope) > 0.0005:
        for key, items in words.items():
            words[key] = [(t, x0, x1, top - slope * x0, bottom - slope * x0) for t, x0, x1, top, bottom in items]
    runs: list[Run] = []
    for items in words.values():
        items.sort(key=lambda item: item[1])
        heights = sorted(item[4] - item[3] for item in items)
        em = max(heights[len(heights) // 2], 1.0)
        piece = [items[0]]
        for item in items[1:]:
            if item[1] - piece[-1][2] > 2.2 * em:
                runs.append(_run(piece))
                piece = [item]
            else:
                piece.append(item)
        runs.append(_run(piece))
    return runs, width, height


def _run(items: list[tuple[str, float, float, float, float]]) -> Run:
    return Run(
        " ".join(i[0] for i in items),
        min(i[1] for i in items),
        max(i[2] for i in items),
        min(i[3] for i in items),
        max(i[4] for i in items),
    )


# Fewer letters than this on a page: the page is likely drowned in specks (a fax, a photo
# of a photocopy); it is read again after a median filter.
_FEW_LETTERS = 200


def _letters(runs: list[Run]) -> int:
    return sum(ch.isalpha() for run in runs for ch in run.text)


def _read_or_despeckle(image: Path, name: str) -> tuple[list[Run], float, float]:
    """OCR of *image*; when it reads (almost) nothing, once more after a 3×3 median filter,
    which removes salt-and-pepper noise and keeps the strokes of the letters. The reading
    with more letters wins. A clean page is read once."""
    first = ocr_image_file(image, name)
    if _letters(first[0]) >= _FEW_LETTERS:
        return first
    from PIL import Image, ImageFilter

    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        cleaned = Path(tmp) / "sach.png"
        with Image.open(image) as source:
            source.convert("L").filter(ImageFilter.MedianFilter(3)).save(str(cleaned))
        second = ocr_image_file(cleaned, name)
    return second if _letters(second[0]) > _letters(first[0]) else first


def ocr_pdf_page(page, name: str, index: int) -> list[Run]:
    """Render one PDF page at 300 dpi (bounded) and read it."""
    tesseract_or_fail()
    width, height = page.get_size()
    scale = OCR_DPI / 72
    if width * height * scale * scale > MAX_IMAGE_PIXELS:
        scale = (MAX_IMAGE_PIXELS / (width * height)) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil()
    finally:
        bitmap.close()
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        file = Path(tmp) / f"trang-{index + 1}.png"
        image.save(str(file))
        runs, _, _ = _read_or_despeckle(file, f"{name}, trang {index + 1}")
    # Page coordinates in pixels at OCR_DPI whatever the scale used.
    factor = (OCR_DPI / 72) / scale
    if factor != 1:
        runs = [Run(r.text, r.x0 * factor, r.x1 * factor, r.top * factor, r.bottom * factor) for r in runs]
    return runs


def check_image(path: Path) -> tuple[int, int]:
    """(width, height) of an image file, refusing what is too big or not an image."""
    from PIL import Image, UnidentifiedImageError

    name = path.name
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise ImportFailure(
            f"Ảnh «{name}» quá lớn (giới hạn {MAX_IMAGE_BYTES // (1024 * 1024)} MB). Hãy quét lại ở 300 dpi.",
            "hostile",
        )
    try:
        with Image.open(path) as image:  # reads the header only
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError):
        raise ImportFailure(f"Tệp «{name}» không phải ảnh đọc được. Hãy quét hoặc chụp lại.", "unreadable") from None
    except Image.DecompressionBombError:
        raise ImportFailure(f"Ảnh «{name}» có kích thước bất thường, không nhập.", "hostile") from None
    if width * height > MAX_IMAGE_PIXELS or width > 30000 or height > 30000:
        raise ImportFailure(
            f"Ảnh «{name}» quá lớn ({width}×{height} điểm ảnh; giới hạn {MAX_IMAGE_PIXELS // 1_000_000} triệu). "
            "Hãy quét lại ở 300 dpi.",
            "hostile",
        )
    if frames > MAX_OCR_PAGES:
        raise ImportFailure(f"Ảnh «{name}» có {frames} trang, giới hạn {MAX_OCR_PAGES}.", "hostile")
    return width, height


def read_image(path: Path) -> tuple[list[Line], list[str]]:
    """Lines of a scanned page (JPG/PNG/TIFF/BMP) read by OCR."""
    check_image(path)
    started = time.monotonic()
    runs, width, height = _read_or_despeckle(path, path.name)
    lines = lines_from_pages([Page(width, height, runs, fonts=False)])
    if not any(line.text.strip() for line in lines):
        raise ImportFailure(f"Không đọc được chữ nào trong ảnh «{path.name}». Hãy chụp hoặc quét rõ hơn.", "empty")
    seconds = time.monotonic() - started
    return lines, [f"Ảnh đã được nhận dạng chữ (OCR, {seconds:.0f} giây): hãy soát số, ngày và tên riêng."]
