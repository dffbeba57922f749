"""One way to make a PDF with Chinese text (classroom packs, debriefs, certificates).

fpdf2 embeds the font. WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``, TrueType outlines)
is preferred: its text extracts cleanly from the PDF. Noto Sans CJK SC (``fonts-noto-cjk``,
CFF outlines) is the fallback. ``run.sh`` installs both.
"""

from __future__ import annotations

from pathlib import Path

from .errors import TiaojieError

FONTS = [("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
         ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2)]   # 2 = Noto Sans CJK SC
FAMILY = "cjk"


class PdfFontError(TiaojieError):
    def __init__(self, message: str):
        self.field = "font"
        self.message = message
        super().__init__(message)


def cjk_font() -> tuple[str, int]:
    """(font file, face index) of the first installed CJK font fpdf2 can embed."""
    for path, index in FONTS:
        if Path(path).is_file():
            return path, index
    raise PdfFontError("没有可嵌入的中文字体：请安装 Debian 软件包 fonts-wqy-microhei（或 fonts-noto-cjk）")


def new_pdf(size: float = 11, margin: float = 15):
    """An A4 ``FPDF`` with the CJK font registered as ``FAMILY`` and selected."""
    from fpdf import FPDF

    path, index = cjk_font()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=margin)
    pdf.add_font(FAMILY, fname=path, collection_font_number=index)
    pdf.set_font(FAMILY, size=size)
    return pdf
