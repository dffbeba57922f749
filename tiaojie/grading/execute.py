"""nbgrader's Execute with limits: per-cell and per-notebook time, output size, a dead kernel.

* per-cell timeout: nbgrader's own (interrupts the cell, records ``CellTimeoutError``);
* per-notebook deadline: the timeout of each cell is cut to the time left; cells after the
  deadline are not run and get a ``NotebookDeadline`` error (their tests score 0);
* output cap: outputs beyond ``max_cell_output`` bytes of a cell (or ``max_output`` for the
  notebook) are dropped while they arrive, replaced by one notice;
* a kernel that dies (killed, out of memory, CPU limit) does not abort grading: the cell gets a
  ``KernelDied`` error and later cells are not run.

The kernel itself runs under :mod:`tiaojie.grading.sandbox` (another uid, rlimits, a scratch
directory). Every limit hit is recorded in ``resources["tiaojie_limits"]`` for the grade report.
"""

from __future__ import annotations

import json
import math
from time import monotonic

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from nbclient.exceptions import DeadKernelError
from traitlets import Integer

from .sandbox import SandboxKernelManager

LIMIT_NAMES = {"KernelDied": "内核已终止（被杀死、超出内存或 CPU 限制）",
               "NotebookDeadline": "超过整本笔记本的执行时限，其后的单元未执行",
               "CellTimeoutError": "单元执行超时，已中断",
               "OutputTruncated": "输出过大，已截断"}


def _error(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"{ename}: {evalue}"])


class SandboxedExecute(Execute):
    notebook_timeout = Integer(120, help="seconds for the whole notebook").tag(config=True)
    max_cell_output = Integer(64_000, help="bytes of output kept per cell").tag(config=True)
    max_output = Integer(1_000_000, help="bytes of output kept per notebook").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        km.preload_variants = self._uses_variants
        return km

    def preprocess(self, nb, resources=None, km=None):
        self._uses_variants = any("变体答案" in c.source or "显示变体" in c.source
                                  for c in nb.cells if c.cell_type == "code")
        self._deadline = monotonic() + self.notebook_timeout
        self._dead = False
        self._bytes: dict[int, int] = {}
        self._total = 0
        self._limits: list[str] = []
        try:
            nb, resources = super().preprocess(nb, resources, km)
        finally:
            resources.setdefault("tiaojie_limits", []).extend(dict.fromkeys(self._limits))
        return nb, resources

    def _note(self, name: str) -> None:
        self._limits.append(name)

    def _get_timeout(self, cell):
        base = super()._get_timeout(cell)
        left = max(1, math.ceil(self._deadline - monotonic()))   # a cut cell runs past the deadline
        return min(base, left) if base else left

    async def _async_handle_timeout(self, timeout, cell=None):
        self._note("CellTimeoutError")
        return await super()._async_handle_timeout(timeout, cell)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return super().preprocess_cell(cell, resources, index)
        if self._dead:
            cell.outputs = [_error("KernelDied", "内核已终止，本单元未执行")]
            return cell, self.resources
        if monotonic() >= self._deadline:
            self._note("NotebookDeadline")
            cell.outputs = [_error("NotebookDeadline", "超过整本笔记本的执行时限，本单元未执行")]
            return cell, self.resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._dead = True
            self._note("KernelDied")
            cell.outputs = list(cell.get("outputs", [])) + [_error("KernelDied", "内核在执行本单元时终止")]
            return cell, self.resources

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), ensure_ascii=False))
        used = self._bytes.get(cell_index, 0)
        if used >= self.max_cell_output or self._total >= self.max_output:
            return None
        self._bytes[cell_index] = used + size
        self._total += size
        if self._bytes[cell_index] >= self.max_cell_output or self._total >= self.max_output:
            self._note("OutputTruncated")
            notice = NotebookNode(output_type="stream", name="stderr",
                                  text=f"\n[输出过大，已截断：每个单元最多保留 {self.max_cell_output} 字节]\n")
            outs.append(notice)
            return notice
        return super().output(outs, msg, display_id, cell_index)
