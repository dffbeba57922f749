"""``tiaojie course collect PATH [--assignment A]``: import submissions into ``submitted/``.

``PATH`` is a folder laid out as ``PATH/<trainee>/<assignment>/*.ipynb`` or a zip of the same
(one top folder inside the zip is allowed). Only ``.ipynb`` files and an optional
``timestamp.txt`` are copied; names are checked so nothing lands outside the course; a
re-collected submission replaces the previous one.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..core.errors import FileFieldError
from .paths import Course

SAFE_NAME = re.compile(r"^[A-Za-z0-9_\-\u4e00-\u9fff][A-Za-z0-9_.\-\u4e00-\u9fff]{0,63}$")


class CollectError(FileFieldError):
    """A submission folder or zip cannot be imported."""

    def __init__(self, path, field: str, message: str):
        super().__init__(str(path), field, message)


@dataclass
class Collected:
    imported: dict[str, list[str]] = field(default_factory=dict)   # assignment → trainees
    skipped: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"imported": self.imported, "skipped": self.skipped}


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: zips without the UTF-8 flag (Info-ZIP, Windows Explorer on a
    Chinese system) store UTF-8 or GBK bytes that Python reads as CP437."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _extract(zip_path: Path, dest: Path) -> Path:
    try:
        with zipfile.ZipFile(zip_path) as zf:
            for info in zf.infolist():
                name = PurePosixPath(member_name(info))
                if name.is_absolute() or ".." in name.parts:
                    raise CollectError(zip_path, info.filename, "压缩包内路径不安全（绝对路径或 ..）")
                if info.is_dir() or name.suffix not in (".ipynb", ".txt"):
                    continue
                target = dest.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
    except zipfile.BadZipFile:
        raise CollectError(zip_path, "(file)", "不是有效的 zip 文件") from None
    tops = [p for p in dest.iterdir() if p.is_dir()]
    if len(tops) == 1 and not any((tops[0] / c).suffix == ".ipynb" for c in (tops[0].iterdir())):
        inner = [p for p in tops[0].iterdir() if p.is_dir()]
        if inner and all(any(q.is_dir() for q in p.iterdir()) for p in inner):
            return tops[0]   # zip of a folder: one extra top level
    return dest


def collect(path: Path, course: Course | None = None, assignment: str | None = None) -> Collected:
    course = (course or Course.default()).ensure()
    path = Path(path)
    if not path.exists():
        raise CollectError(path, "PATH", "路径不存在；应为文件夹 PATH/<学员>/<作业>/*.ipynb 或其 zip 压缩包")
    released = {p.name for p in course.release.iterdir() if p.is_dir()} if course.release.is_dir() else set()
    if assignment and assignment not in released:
        raise CollectError(course.release, "assignment", f"作业“{assignment}”尚未发布；已发布：{', '.join(sorted(released)) or '无'}")
    with tempfile.TemporaryDirectory() as tmp:
        root = _extract(path, Path(tmp)) if path.is_file() else path
        return _import(root, course, assignment, released)


def _import(root: Path, course: Course, only: str | None, released: set[str]) -> Collected:
    out = Collected()
    for trainee_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        trainee = trainee_dir.name
        for adir in sorted(p for p in trainee_dir.iterdir() if p.is_dir()):
            if only and adir.name != only:
                continue
            if not SAFE_NAME.match(trainee) or adir.name not in released:
                out.skipped.append(f"{trainee}/{adir.name}：" + ("学员名不合规" if not SAFE_NAME.match(trainee)
                                                                  else "不是已发布的作业"))
                continue
            notebooks = sorted(adir.glob("*.ipynb"))
            if not notebooks:
                out.skipped.append(f"{trainee}/{adir.name}：没有 .ipynb 文件")
                continue
            dest = course.submitted / trainee / adir.name
            shutil.rmtree(dest, ignore_errors=True)
            dest.mkdir(parents=True)
            for nb in notebooks:
                shutil.copyfile(nb, dest / nb.name)
            stamp = adir / "timestamp.txt"
            (dest / "timestamp.txt").write_text(
                stamp.read_text(encoding="utf-8").strip() if stamp.is_file()
                else dt.datetime.now().isoformat(sep=" ", timespec="seconds"), encoding="utf-8")
            out.imported.setdefault(adir.name, []).append(trainee)
    return out
