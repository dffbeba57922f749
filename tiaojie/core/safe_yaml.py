"""Reading the YAML files the suite trusts least: bounded, plain, UTF-8, regular files only.

Configuration, cases, role-play scripts, scenarios, the course file and assessments are edited
by hand. A file that is not a regular file (a folder, a device, a FIFO), too large, not UTF-8,
nested too deep, or using anchors and aliases (the "billion laughs" bomb) is refused with a
:class:`ContentError` naming the file and what was expected — before the YAML library spends
memory on it. Nothing is written.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml

from .errors import ContentError

MAX_BYTES = 2 * 1024 * 1024      # the largest role-play script is ~60 KB
MAX_DEPTH = 40                   # cases and scripts nest < 10 levels

try:  # the C parser is ~10x faster; fall back when libyaml is absent
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

# Cheap pre-scan: only text that might hold an anchor/alias or deep nesting is walked event by event.
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[\{,:])[&*][^\s*]", re.MULTILINE)
_INDENT = re.compile(r"^( +)\S", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]{}]")
_NESTING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def read_text(path: "str | Path", *, error=ContentError, max_bytes: int = MAX_BYTES) -> str:
    """The UTF-8 text of a regular file of at most ``max_bytes``; ``error(path, field, msg)`` otherwise."""
    p = str(path)
    try:
        st = os.stat(p)  # follows symlinks: a link to a device is judged as the device
    except OSError as exc:
        raise error(p, "(file)", f"无法读取文件 (cannot read: {exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise error(p, "(file)", "这是一个文件夹，需要 YAML 文件 (a folder, expected a YAML file)")
    if not stat.S_ISREG(st.st_mode):
        raise error(p, "(file)", "不是普通文件（设备、管道等）(not a regular file)")
    if st.st_size > max_bytes:
        raise error(p, "(file)", f"文件过大：{st.st_size} 字节，上限 {max_bytes} (file too large)")
    try:
        with open(p, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise error(p, "(file)", f"无法读取文件 (cannot read: {exc.strerror})") from None
    if len(raw) > max_bytes:
        raise error(p, "(file)", f"文件过大，上限 {max_bytes} 字节 (file too large)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(p, "(file)", f"不是 UTF-8 编码（第 {exc.start} 字节）(not UTF-8 text)") from None


def _deep(text: str) -> bool:
    """Might the text nest deeper than :data:`MAX_DEPTH`? Block depth from the indentation (two
    spaces a level, as the suite's files are written) plus the deepest run of flow brackets. A
    count of all brackets would also trip on prose placeholders such as ``{consumer}`` (every
    role-play script), sending each through the slow event walk."""
    indents = _INDENT.findall(text)
    block = max(map(len, indents), default=0) // 2
    depth = flow = 0
    for ch in _BRACKETS.findall(text):
        depth = depth + 1 if ch in "[{" else max(depth - 1, 0)
        flow = max(flow, depth)
    return block + flow > MAX_DEPTH


def check_structure(text: str, where: str, *, error=ContentError, allow_aliases: bool = False) -> None:
    """Refuse anchors/aliases and nesting deeper than :data:`MAX_DEPTH` without building anything."""
    if not (_ANCHOR_OR_ALIAS.search(text) or _deep(text)):
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, _NESTING):
                depth += 1
                if depth > MAX_DEPTH:
                    raise error(where, _line(event), f"嵌套超过 {MAX_DEPTH} 层 (nested too deep)")
                if event.anchor and not allow_aliases:
                    raise error(where, _line(event), "不允许使用 YAML 锚点与别名（& 和 *）(anchors/aliases are not allowed)")
            elif isinstance(event, _CLOSING):
                depth -= 1
            elif isinstance(event, (yaml.AliasEvent, yaml.ScalarEvent)) and not allow_aliases:
                if isinstance(event, yaml.AliasEvent) or event.anchor:
                    raise error(where, _line(event), "不允许使用 YAML 锚点与别名（& 和 *）(anchors/aliases are not allowed)")
    except yaml.YAMLError as exc:
        raise error(where, _mark(exc), f"YAML 语法错误 (YAML syntax error: {_problem(exc)})") from None


def parse_text(text: str, where: str, *, error=ContentError, allow_aliases: bool = False):
    """Parse already-read YAML text safely (see :func:`check_structure`)."""
    check_structure(text, where, error=error, allow_aliases=allow_aliases)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise error(where, _mark(exc), f"YAML 语法错误 (YAML syntax error: {_problem(exc)})") from None
    except RecursionError:
        raise error(where, "(yaml)", "结构过于复杂 (structure too complex)") from None


def load_file(path: "str | Path", *, error=ContentError, max_bytes: int = MAX_BYTES,
              allow_aliases: bool = False):
    """Read and parse one YAML file with every guard above."""
    text = read_text(path, error=error, max_bytes=max_bytes)
    return parse_text(text, str(path), error=error, allow_aliases=allow_aliases)


def _line(event) -> str:
    mark = getattr(event, "start_mark", None)
    return f"line {mark.line + 1}" if mark else "(yaml)"


def _mark(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    return f"line {mark.line + 1}" if mark else "(yaml)"


def _problem(exc: yaml.YAMLError) -> str:
    return str(getattr(exc, "problem", None) or exc).splitlines()[0]
