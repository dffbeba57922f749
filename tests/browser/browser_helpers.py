"""Helpers for browser tests (imported by test modules; fixtures live in conftest.py)."""

from __future__ import annotations


def assert_cjk_rendered(page, selector: str, chars: str = "调解期限") -> None:
    """Missing glyphs render as identical "tofu" boxes; a real CJK font draws each character
    differently. Draw ``chars`` in the font of ``selector`` and require distinct pixels."""
    glyphs = page.evaluate(
        """([sel, chars]) => { const font = getComputedStyle(document.querySelector(sel) || document.body).fontFamily;
                   return Array.from(chars).map(ch => {
                     const c = document.createElement('canvas'); c.width = 40; c.height = 40;
                     const x = c.getContext('2d'); x.font = '32px ' + font; x.fillText(ch, 2, 32);
                     return c.toDataURL(); }); }""", [selector, chars])
    assert len(set(glyphs)) == len(chars), "CJK characters render as identical boxes: no CJK font"
