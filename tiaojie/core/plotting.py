"""Matplotlib with Chinese characters: register Debian's Noto Sans CJK and use it.

Without a CJK font, Chinese labels render as empty boxes. ``use_cjk_font()`` is idempotent and
raises a clear error if the font is missing (install Debian's fonts-noto-cjk).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


@lru_cache(maxsize=1)
def use_cjk_font() -> str:
    """Register a CJK font with matplotlib and make it the default; return its family name."""
    import matplotlib
    from matplotlib import font_manager

    for cand in CANDIDATES:
        if Path(cand).exists():
            font_manager.fontManager.addfont(cand)
            name = font_manager.FontProperties(fname=cand).get_name()
            matplotlib.rcParams["font.family"] = [name, "sans-serif"]
            matplotlib.rcParams["axes.unicode_minus"] = False
            return name
    raise FileNotFoundError(
        "no CJK font found (looked for " + ", ".join(CANDIDATES) + "); "
        "install Debian's fonts-noto-cjk: apt-get install fonts-noto-cjk")
