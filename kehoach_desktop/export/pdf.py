"""Layout → PDF with reportlab (imported here only, never at application start-up).

Stable entry point for other features (the progress report uses it too)::

    render_pdf(doc, out_path, profile="party", options=None, progress=None, abort=None) -> ExportResult
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from ..core.document import PlanDocument
from .compose import compose
from .fonts import FontSet, find_fonts, missing_glyphs, register_pdf_fonts
from .layout_profile import LayoutProfile, load_profile, profile_for
from .model import Layout
from .options import ExportOptions, check_secret
from .result import ExportCancelled, ExportResult

Progress = Callable[[float, str], None]
Abort = Callable[[], bool]


def _flowables(layout: Layout, fonts: FontSet) -> list:
    from .pdf_story import build_story  # reportlab is loaded here, when a PDF is made

    return build_story(layout, fonts)


def _timestamp(created: dt.datetime | None):
    from reportlab.lib.utils import TimeStamp

    ts = TimeStamp(invariant=True)
    when = created or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    epoch = when.timestamp()
    ts.t, ts.lt = epoch, time.gmtime(epoch)
    ts.YMDhms = tuple(ts.lt)[:6]
    return ts


def render_layout_pdf(
    layout: Layout,
    out_path: str | Path,
    fonts: FontSet | None = None,
    created: dt.datetime | None = None,
    progress: Progress | None = None,
    abort: Abort | None = None,
) -> int:
    """Draw *layout* into *out_path*; returns the number of pages."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    fonts = fonts or find_fonts()
    names = register_pdf_fonts(fonts)
    story = _flowables(layout, fonts)
    total = max(1, len(story))
    m = layout.margins
    pn = layout.page_numbers
    page_w = layout.page_size[0]

    def canvasmaker(*args, **kwargs):
        kwargs["invariant"] = 1  # ID from content only: same input, same bytes
        kwargs["initialFontName"] = names["regular"]  # else an unembedded Helvetica is listed
        kwargs["initialFontSize"] = pn.size
        canv = Canvas(*args, **kwargs)
        canv._doc._timeStamp = _timestamp(created)
        canv.setViewerPreference("PrintScaling", "None")  # printed at actual size (pitfalls §8)
        canv.setCreator("KeHoach Desktop")
        return canv

    def number_page(canv, doc):
        page = canv.getPageNumber()
        if pn.show and (page > 1 or pn.first_page):
            canv.setFont(names["regular"], pn.size)
            left, right = (m["right"], m["left"]) if layout.mirror and page % 2 == 0 else (m["left"], m["right"])
            x = left + (page_w - left - right) / 2
            canv.drawCentredString(x, layout.page_size[1] - pn.from_top - pn.size * 0.35, str(page))

    class Doc(BaseDocTemplate):
        done = 0

        def handle_pageBegin(self):
            super().handle_pageBegin()
            if layout.mirror:
                # Duplex: even pages put the wide margin on the right (the binding side of a back page).
                self.frame._x1 = m["right"] if self.page % 2 == 0 else m["left"]
                self.frame._geom()
                self.frame._reset()

        def afterFlowable(self, flowable):
            self.done += 1
            if abort and abort():
                raise ExportCancelled()
            if progress and self.done % 20 == 0:
                progress(min(0.99, self.done / total), f"Đang dàn trang {self.page}…")

    doc = Doc(
        str(out_path),
        pagesize=layout.page_size,
        leftMargin=m["left"],
        rightMargin=m["right"],
        topMargin=m["top"],
        bottomMargin=m["bottom"],
        title=layout.title,
        author=layout.author,
        subject=layout.subject,
        creator="KeHoach Desktop",
        lang="vi-VN",
        invariant=1,
    )

    # A frame without padding: the text block is exactly the page minus the profile's margins
    # (platypus' default 6 pt padding would silently widen every margin).
    def frame(left: float, name: str):
        return Frame(
            left,
            m["bottom"],
            doc.width,
            doc.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=name,
        )

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame(m["left"], "body")], onPage=number_page)])
    doc.build(story, canvasmaker=canvasmaker)
    return doc.page


def render_pdf(
    doc: PlanDocument,
    out_path: str | Path,
    profile: str | LayoutProfile | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    abort: Abort | None = None,
    fonts: FontSet | None = None,
) -> ExportResult:
    """Export *doc* to an official-format PDF.

    Raises :class:`~kehoach_desktop.export.options.SecretExportError` for a secret plan
    unless ``options.secret_confirmed``; :class:`ExportCancelled` when *abort* says so.
    """
    options = options or ExportOptions()
    check_secret(doc, options)
    prof = profile if isinstance(profile, LayoutProfile) else load_profile(profile_for(doc, profile))
    fonts = fonts or find_fonts()
    layout = compose(doc, prof, options)
    missing = missing_glyphs("".join(layout.texts()), fonts)
    warnings = list(layout.warnings)
    if missing:
        warnings.append(
            "Phông chữ không có các ký tự: "
            + " ".join(f"«{c}» (U+{ord(c):04X})" for c in missing)
            + ". Chúng sẽ in thành ô trống; hãy sửa lại văn bản."
        )
    out_path = Path(out_path)
    tmp = out_path.with_name(out_path.name + ".tmp")
    try:
        pages = render_layout_pdf(layout, tmp, fonts, options.created, progress, abort)
        tmp.replace(out_path)  # never leave a half-written file under the real name
    finally:
        tmp.unlink(missing_ok=True)
    if progress:
        progress(1.0, "Xong.")
    return ExportResult(out_path, "pdf", pages, prof.id, fonts.display_name, warnings)
