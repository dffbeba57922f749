"""Kernels with an owner and a cap: a burst of page loads cannot exhaust the machine.

Every Voilà page load starts a kernel. ``CappedKernelManager`` counts live kernels plus those
still starting (checked and reserved before the first ``await``, so concurrent requests cannot
all slip through), globally and per user, and refuses with :class:`KernelCapReached`, which the
page handler shows as a Chinese message. The owner of each kernel is recorded from the
server-set identity in the kernel environment, so the kernel API and websocket only serve the
kernel's own user. When the last kernel has gone (closed, culled or shut down), the server
gives the memory its sessions used back to the operating system.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import unquote

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Int

from .memory import release_freed_memory

USER_ENV = "HTTP_X_TIAOJIE_USER"     # Voilà passes the X-Tiaojie-User request header as this
ROLE_ENV = "HTTP_X_TIAOJIE_ROLE"


class KernelCapReached(web.HTTPError):
    """Too many live kernels; ``user_message`` is shown to the user."""

    def __init__(self, user_message: str):
        super().__init__(503, "kernel cap reached")
        self.user_message = user_message


class CappedKernelManager(AsyncMappingKernelManager):
    max_kernels = Int(40, config=True, help="live kernels on the whole server")
    max_kernels_per_user = Int(4, config=True, help="live kernels of one user")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.owners: dict[str, str] = {}
        self._starting: Counter[str] = Counter()

    def live_by_user(self) -> Counter[str]:
        alive = set(self.list_kernel_ids())
        for gone in set(self.owners) - alive:   # shut down, culled or died
            del self.owners[gone]
        return Counter(self.owners.values())

    def reserve(self, user: str) -> None:
        total = len(self.list_kernel_ids()) + sum(self._starting.values())
        if total >= self.max_kernels:
            raise KernelCapReached(
                f"服务器上同时运行的应用已达上限（{self.max_kernels} 个）。请稍候一两分钟再刷新本页；"
                "其他学员关闭页面后名额会自动释放。")
        mine = self.live_by_user()[user] + self._starting[user]
        if mine >= self.max_kernels_per_user:
            raise KernelCapReached(
                f"您已同时打开 {mine} 个应用页面，达到每人上限（{self.max_kernels_per_user} 个）。"
                "请关闭不用的页面后再刷新本页；您的演练进度已自动保存。")
        self._starting[user] += 1

    async def start_kernel(self, *, kernel_name=None, **kwargs):
        env = kwargs.get("env") or {}
        user = unquote(env.get(USER_ENV, "")) or "?"
        self.reserve(user)   # synchronous: no await between the check and the reservation
        try:
            kernel_id = await super().start_kernel(kernel_name=kernel_name, **kwargs)
        finally:
            self._starting[user] -= 1
        self.owners[kernel_id] = user
        return kernel_id

    def owner(self, kernel_id: str) -> "str | None":
        return self.owners.get(kernel_id)

    async def shutdown_kernel(self, kernel_id, now=False, restart=False):
        await super().shutdown_kernel(kernel_id, now=now, restart=restart)
        if not restart and not self.list_kernel_ids() and not sum(self._starting.values()):
            before = _rss_mib()
            release_freed_memory()
            self.log.info("no kernel left: freed memory given back (%.0f → %.0f MiB)", before, _rss_mib())


def _rss_mib() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2 ** 20
