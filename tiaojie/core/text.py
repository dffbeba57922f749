"""Small text helpers shared by the case bank and the role-play engine."""

from __future__ import annotations

import re

_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# YAML folded scalars (>-) join lines with a space; next to Chinese text that space is noise.
# Only spaces/tabs go: newlines of literal blocks (|) keep a document's layout.
_FOLD = re.compile(f"(?<=[{_CJK}])[ \\t]+(?=\\S)|(?<=[^ \\t])[ \\t]+(?=[{_CJK}])")


def unfold_cjk(text: str) -> str:
    """Remove spaces that YAML folding left next to CJK characters or punctuation."""
    return _FOLD.sub("", text)
